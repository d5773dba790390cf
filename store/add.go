package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/corpus/extract"
)

// ErrExists is returned by Add when a report of the same title is stored
// and the caller did not ask to replace it.
var ErrExists = errors.New("a report with this title exists")

// AddOptions configure Add.
type AddOptions struct {
	// Title overrides the title found in the document.
	Title string
	// Replace allows replacing a stored report of the same title.
	Replace bool
	// MaxBytes limits the file size (0: 20 MiB, Telegram's bot download limit).
	MaxBytes int64
	// Progress, if set, is told how many passages are indexed so far.
	Progress func(done, total int)
}

// Add extracts a report from an uploaded file, stores it and reindexes.
// A refused file (empty, binary, unsupported, undecodable, no text, too
// large) or a failed reindex changes nothing: the store and the live index
// are as before.
func (s *Store) Add(ctx context.Context, name string, data []byte, opt AddOptions) (Meta, Stats, error) {
	doc, err := extract.Extract(ctx, name, data, extract.Options{MaxBytes: opt.MaxBytes})
	if err != nil {
		return Meta{}, Stats{}, err
	}
	title := strings.TrimSpace(opt.Title)
	if title == "" {
		title = doc.Title
	}
	if title == "" {
		if r, err := corpus.Parse("probe", doc.Text); err == nil {
			title = r.Title
		}
	}
	if !s.reindexing.TryLock() {
		return Meta{}, Stats{}, ErrBusy
	}
	defer s.reindexing.Unlock()

	metas, err := s.Reports()
	if err != nil {
		return Meta{}, Stats{}, err
	}
	id := ""
	for _, m := range metas {
		if m.Title == title {
			if !opt.Replace {
				return Meta{}, Stats{}, fmt.Errorf("%w: %s (%s)", ErrExists, m.ID, title)
			}
			id = m.ID
		}
	}
	if id == "" {
		id = newID(name, title, metas)
	}
	files := reportFiles{text: doc.Text, format: doc.Format, title: title, originalName: name, original: data, added: time.Now().UTC()}
	for _, img := range doc.Images {
		files.images = append(files.images, imageFile{name: img.Name, caption: img.Caption, data: img.Data})
	}
	st, err := s.stageReport(id, files)
	if err != nil {
		return Meta{}, Stats{}, err
	}
	u, err := s.install(st)
	if err != nil {
		return Meta{}, Stats{}, err
	}
	stats, err := s.reindexLocked(ctx, opt.Progress)
	if err != nil {
		u.rollback()
		return Meta{}, Stats{}, err
	}
	u.commit()
	return st.meta, stats, nil
}

// Remove deletes a stored report and reindexes. The last report cannot be
// removed: the bot would have nothing to answer from.
func (s *Store) Remove(ctx context.Context, id string) (Stats, error) {
	if !s.reindexing.TryLock() {
		return Stats{}, ErrBusy
	}
	defer s.reindexing.Unlock()
	metas, err := s.Reports()
	if err != nil {
		return Stats{}, err
	}
	found := false
	for _, m := range metas {
		found = found || m.ID == id
	}
	if !found {
		return Stats{}, fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	if len(metas) == 1 {
		return Stats{}, errors.New("cannot remove the only report; add another first")
	}
	dir := s.path(reportsDir, id)
	aside := dir + ".old"
	if err := os.Rename(dir, aside); err != nil {
		return Stats{}, fmt.Errorf("remove report: %w", err)
	}
	stats, err := s.reindexLocked(ctx, nil)
	if err != nil {
		os.Rename(aside, dir)
		return Stats{}, err
	}
	os.RemoveAll(aside)
	return stats, nil
}

// newID makes a report ID: an ASCII slug of the file name when it has
// one, else a short hash of the title; unique among metas.
func newID(name, title string, metas []Meta) string {
	base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	var b strings.Builder
	for _, r := range strings.ToLower(base) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	id := strings.Trim(b.String(), "-")
	if len(id) < 3 {
		sum := sha256.Sum256([]byte(title + name))
		id = "r-" + hex.EncodeToString(sum[:4])
	}
	if len(id) > 48 {
		id = id[:48]
	}
	taken := map[string]bool{}
	for _, m := range metas {
		taken[m.ID] = true
	}
	unique := id
	for n := 2; taken[unique]; n++ {
		unique = fmt.Sprintf("%s-%d", id, n)
	}
	return unique
}

// linkImages gives captions the image file saved with the same caption.
func linkImages(r *corpus.Report, m Meta) {
	byCaption := map[string]string{}
	for _, img := range m.Images {
		if img.Caption != "" {
			byCaption[strings.TrimSuffix(img.Caption, "。")] = img.File
		}
	}
	if len(byCaption) == 0 {
		return
	}
	for i := range r.Passages {
		for j, c := range r.Passages[i].Captions {
			if f, ok := byCaption[strings.TrimSuffix(c.Text, "。")]; ok {
				r.Passages[i].Captions[j].Image = m.ID + "/" + f
			}
		}
	}
}
