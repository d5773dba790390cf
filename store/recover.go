package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index"
	"github.com/reportbot/reportbot/store/journal"
)

// prepare makes the directory consistent and opens the live index; it
// runs under the directory's lock only. In order: the journal's change
// is rolled back or forward, leftovers are removed, the embedded report
// is stored on first start, and the live index is opened when it matches
// the reports or rebuilt when it does not.
func (s *Store) prepare(ctx context.Context) error {
	for _, d := range []string{s.path(reportsDir), s.path(indexDir)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("open data dir: %w", err)
		}
	}
	if err := s.recover(); err != nil {
		return err
	}
	if err := s.migrateSynonyms(); err != nil {
		return err
	}
	s.removeUnfinishedReports()
	metas, err := s.Reports()
	if err != nil {
		return err
	}
	if len(metas) == 0 {
		if _, err := s.writeReport(corpus.DefaultReportID, corpus.DefaultText(), "text", "", nil, time.Time{}); err != nil {
			return err
		}
	}
	current, _, err := s.readCurrent()
	if err != nil {
		// Which generation is live is unknown: removing all but "" would
		// delete the live index too, and a rebuild that then failed would
		// leave none. The start fails instead, touching nothing.
		return fmt.Errorf("open data dir: %w", err)
	}
	s.removeStaleIndexes(current)
	s.removeTemporaryFiles()
	ix, mismatch, err := s.openCurrent()
	if err == nil && mismatch == "" {
		s.live = index.NewLive(ix)
		return nil
	}
	if ix != nil {
		ix.Close()
	}
	// No usable index: build one from the stored reports.
	s.live = index.NewLive(nil)
	if _, err := s.reindexLocked(ctx, nil); err != nil {
		return err
	}
	return nil
}

// openCurrent opens the live index generation read-only and checks it
// against the stored reports. It returns the index and why it does not
// match ("" when it does), or an error when there is none to open.
func (s *Store) openCurrent() (*index.Index, string, error) {
	var lastErr error
	// A writer may replace the generation between reading CURRENT and
	// opening it (and delete the old one): read CURRENT again.
	for range 3 {
		gen, fingerprint := s.current()
		if gen == "" {
			return nil, "", errors.New("no index yet")
		}
		// Open alone calls this, before the store is shared: the analyzer
		// may still change.
		if built := index.FingerprintAnalyzer(fingerprint); s.opt.KeepAnalyzer && buildable(built) {
			s.analyzer = built
		}
		// An index built by another analyzer, or by this one with another
		// dictionary, is rebuilt rather than searched with mismatched words.
		if fingerprint != index.Fingerprint(s.analyzer) {
			if built := index.FingerprintAnalyzer(fingerprint); built != "" && built != s.analyzer {
				return nil, "", &AnalyzerError{Gen: gen, Built: built, Want: s.analyzer}
			}
			return nil, "", fmt.Errorf("index %s was built by another analyzer or dictionary", gen)
		}
		ix, err := index.Open(s.path(indexDir, gen))
		if err != nil {
			lastErr = err
			continue
		}
		if built := ix.AnalyzerName(); built != s.analyzer {
			ix.Close()
			return nil, "", &AnalyzerError{Gen: gen, Built: built, Want: s.analyzer}
		}
		return ix, s.checkManifest(gen), nil
	}
	return nil, "", lastErr
}

// buildable reports an analyzer this binary builds indexes with.
func buildable(analyzer string) bool {
	return analyzer == index.AnalyzerGse || analyzer == index.AnalyzerCJK
}

// AnalyzerError is a live index built with another analyzer than the
// one the store was opened with. A writer rebuilds it; a reader does not
// (see Options.ReadOnly).
type AnalyzerError struct {
	Gen   string // the index generation
	Built string // the analyzer it was built with
	Want  string // the analyzer asked for
}

func (e *AnalyzerError) Error() string {
	return fmt.Sprintf("index %s was built with analyzer %s, not %s", e.Gen, e.Built, e.Want)
}

// checkManifest compares the reports an index generation was built from
// with the stored ones: "" when they are the same, else what differs.
func (s *Store) checkManifest(gen string) string {
	built, err := readManifest(s.path(indexDir, gen, manifestFile))
	if err != nil {
		return fmt.Sprintf("index %s does not record its reports (%v)", gen, err)
	}
	stored, err := s.manifest()
	if err != nil {
		return fmt.Sprintf("stored reports unreadable: %v", err)
	}
	return built.diff(stored)
}

// recover finishes the change the journal records, if a crash
// interrupted one: forward when the index built with it went live,
// else back to the reports the live index was built from.
func (s *Store) recover() error {
	rec, ok, err := journal.Read(s.dir)
	switch {
	case errors.Is(err, journal.ErrNotARecord):
		// Never written half (it is renamed into place), so someone else
		// wrote it. The manifest check below still makes the reports and
		// the index agree.
		s.problem(fmt.Sprintf("%v: ignored", err))
		return journal.Clear(s.dir)
	case err != nil:
		// Unread, not wrong: the change it records may still have to be
		// finished, and a copy it set aside may be the only one.
		return err
	}
	if !ok {
		return nil
	}
	// An ID of "" names reports/ itself: rolled back, every report went.
	if rec.ID == "" || !validName(rec.ID) || !validName(rec.Staged) || !validName(rec.Aside) {
		s.problem(fmt.Sprintf("journal names a path outside reports/ (%+v): ignored", rec))
		return journal.Clear(s.dir)
	}
	current, _, err := s.readCurrent()
	if err != nil {
		// Unread, not absent: either way may be the wrong one.
		return fmt.Errorf("finish %s of %s: %w", rec.Op, rec.ID, err)
	}
	if rec.State == journal.StateCommit || current != rec.PrevGen {
		return s.rollForward(rec)
	}
	return s.rollBack(rec)
}

// validName is "" or one plain name inside reports/.
func validName(name string) bool {
	return name == "" || (name != "." && name != ".." && !strings.ContainsAny(name, `/\`))
}

// rollForward ends a change whose index is live: the version it replaced
// or removed goes.
func (s *Store) rollForward(rec journal.Record) error {
	if rec.Aside != "" {
		if err := os.RemoveAll(s.path(reportsDir, rec.Aside)); err != nil {
			return fmt.Errorf("finish %s of %s: %w", rec.Op, rec.ID, err)
		}
	}
	if rec.Staged != "" {
		os.RemoveAll(s.path(reportsDir, rec.Staged))
	}
	// The removal on disk before the journal goes: a removed report's
	// copy back after a power loss, with no journal, would be put back
	// in place (removeUnfinishedReports).
	if err := s.syncReports(); err != nil {
		return fmt.Errorf("finish %s of %s: %w", rec.Op, rec.ID, err)
	}
	return journal.Clear(s.dir)
}

// rollBack undoes a change whose index never went live: the new version
// goes and the one it replaced or removed comes back. It may itself be
// interrupted and run again: each step is skipped once done.
func (s *Store) rollBack(rec journal.Record) error {
	fail := func(err error) error { return fmt.Errorf("undo %s of %s: %w", rec.Op, rec.ID, err) }
	exists := func(name string) bool {
		_, err := os.Stat(s.path(reportsDir, name))
		return name != "" && err == nil
	}
	if rec.Op == journal.OpAdd {
		switch {
		case exists(rec.Staged):
			// Not yet moved into place: the report folder is untouched
			// or set aside.
			if err := os.RemoveAll(s.path(reportsDir, rec.Staged)); err != nil {
				return fail(err)
			}
		case rec.Aside == "" || exists(rec.Aside):
			// In place: the folder is the new version. (With the old one
			// no longer aside, an earlier rollback already put it back:
			// the folder is the old version and stays.)
			if err := os.RemoveAll(s.path(reportsDir, rec.ID)); err != nil {
				return fail(err)
			}
		}
	}
	if exists(rec.Aside) {
		final := s.path(reportsDir, rec.ID)
		if err := os.RemoveAll(final); err != nil {
			return fail(err)
		}
		if err := os.Rename(s.path(reportsDir, rec.Aside), final); err != nil {
			return fail(err)
		}
	}
	if err := s.syncReports(); err != nil {
		return fail(err)
	}
	return journal.Clear(s.dir)
}

// removeTemporaryFiles deletes temporary files an interrupted atomic
// write left (".CURRENT.tmp…", ".journal.tmp…").
func (s *Store) removeTemporaryFiles() {
	for _, d := range []string{s.dir, s.path(indexDir)} {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			if !e.IsDir() && strings.HasPrefix(e.Name(), ".") && strings.Contains(e.Name(), ".tmp") {
				os.Remove(filepath.Join(d, e.Name()))
			}
		}
	}
}

// leftover names what an interrupted change or build left in the
// directory (the journal, a staged or set-aside report folder, an index
// generation that is not live), or "" when there is nothing.
func (s *Store) leftover() string {
	if _, err := os.Stat(filepath.Join(s.dir, journal.FileName)); err == nil {
		return "an interrupted change (journal)"
	}
	entries, _ := os.ReadDir(s.path(reportsDir))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") || strings.HasSuffix(e.Name(), asideSuffix) {
			return "an interrupted change (reports/" + e.Name() + ")"
		}
	}
	if old := s.legacySynonyms(); old != "" {
		return "admin synonyms to move out of the index (" + old + ")"
	}
	current, _ := s.current()
	entries, _ = os.ReadDir(s.path(indexDir))
	for _, e := range entries {
		if e.IsDir() && e.Name() != current {
			return "an interrupted build (index/" + e.Name() + ")"
		}
	}
	return ""
}
