package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
)

// manifest is what an index generation was built from: each report's ID
// and a hash of its meta.json and text.txt (all that goes into the index).
// It is written into the generation's folder before CURRENT names it, so
// a start can tell whether the live index matches the stored reports.
type manifest struct {
	Reports map[string]string `json:"reports"`
}

// reportHash hashes what of a report goes into the index.
func reportHash(meta, text []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d\n", len(meta))
	h.Write(meta)
	h.Write(text)
	return hex.EncodeToString(h.Sum(nil))
}

// manifest reads the stored reports' manifest.
func (s *Store) manifest() (manifest, error) {
	metas, err := s.Reports()
	if err != nil {
		return manifest{}, err
	}
	m := manifest{Reports: map[string]string{}}
	for _, meta := range metas {
		mb, text, err := s.readStored(meta.ID)
		if err != nil {
			return manifest{}, err
		}
		m.Reports[meta.ID] = reportHash(mb, text)
	}
	return m, nil
}

// readStored reads what of a stored report goes into the index: its
// metadata file and its text.
func (s *Store) readStored(id string) (meta, text []byte, err error) {
	if meta, err = os.ReadFile(s.path(reportsDir, id, metaFile)); err != nil {
		return nil, nil, fmt.Errorf("read report %s: %w", id, err)
	}
	if text, err = os.ReadFile(s.path(reportsDir, id, textFile)); err != nil {
		return nil, nil, fmt.Errorf("read report %s: %w", id, err)
	}
	return meta, text, nil
}

func readManifest(name string) (manifest, error) {
	var m manifest
	b, err := os.ReadFile(name)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("%s: %w", name, err)
	}
	return m, nil
}

// diff says how the index's reports (m) differ from the stored ones,
// or "" when they are the same.
func (m manifest) diff(stored manifest) string {
	var missing, gone, changed []string
	for id, h := range stored.Reports {
		switch built, ok := m.Reports[id]; {
		case !ok:
			missing = append(missing, id)
		case built != h:
			changed = append(changed, id)
		}
	}
	for id := range m.Reports {
		if _, ok := stored.Reports[id]; !ok {
			gone = append(gone, id)
		}
	}
	var parts []string
	for _, p := range []struct {
		what string
		ids  []string
	}{{"not in the index", missing}, {"changed since indexed", changed}, {"indexed but no longer stored", gone}} {
		if len(p.ids) > 0 {
			slices.Sort(p.ids)
			parts = append(parts, fmt.Sprintf("%s: %s", p.what, strings.Join(p.ids, ", ")))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "index does not match the reports (" + strings.Join(parts, "; ") + ")"
}
