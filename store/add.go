package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/mozillazg/go-pinyin"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/corpus/extract"
	"github.com/reportbot/reportbot/store/journal"
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
// large, too long to index) or a failed reindex changes nothing: the
// store and the live index are as before. A replaced report's old version
// is deleted only once the index with the new one is live.
func (s *Store) Add(ctx context.Context, name string, data []byte, opt AddOptions) (Meta, Stats, error) {
	if err := s.writable(); err != nil {
		return Meta{}, Stats{}, err
	}
	files, err := extractFiles(ctx, name, data, opt.MaxBytes, strings.TrimSpace(opt.Title))
	if err != nil {
		return Meta{}, Stats{}, err
	}
	files.added = time.Now().UTC()
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
		if m.Title == files.title {
			if !opt.Replace {
				return Meta{}, Stats{}, fmt.Errorf("%w: %s (%s)", ErrExists, m.ID, files.title)
			}
			id = m.ID
		}
	}
	if id == "" {
		id = newID(name, files.title, metas)
	}
	return s.install(ctx, id, files, opt.Progress)
}

// ErrNoOriginal is returned by Reextract for a report kept without its
// original file (the embedded report, stored as text) or whose original
// is gone from its folder.
var ErrNoOriginal = errors.New("the report was stored without its original file")

// Reextract extracts a stored report anew from the original file kept
// with it, as Add extracts an upload today, and reindexes: after an
// upgrade that reads a format better, the report need not be uploaded
// again. Its ID, title and the time it was added stay as they were. A
// failed extraction or reindex changes nothing.
func (s *Store) Reextract(ctx context.Context, id string, progress func(done, total int)) (Meta, Stats, error) {
	if err := s.writable(); err != nil {
		return Meta{}, Stats{}, err
	}
	if !s.reindexing.TryLock() {
		return Meta{}, Stats{}, ErrBusy
	}
	defer s.reindexing.Unlock()
	metas, err := s.Reports()
	if err != nil {
		return Meta{}, Stats{}, err
	}
	i := slices.IndexFunc(metas, func(m Meta) bool { return m.ID == id })
	if i < 0 {
		return Meta{}, Stats{}, fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	return s.reextract(ctx, metas[i], progress)
}

// Reextracted is what ReextractAll did.
type Reextracted struct {
	// Done are the reports extracted anew, in the order they were.
	Done []Meta
	// Kept are the IDs of the reports kept as stored, with no original.
	Kept []string
	// Stats are the last rebuild's.
	Stats Stats
}

// ReextractAll extracts every report kept with its original file anew
// (Reextract), one journaled change each so that a kill at any point
// leaves each report in its old or its new version, and holds the store
// for the whole run. With no report to extract it reindexes. It stops at
// the first failure: the reports before it are extracted anew (Done says
// which), that one and the rest are as they were. Each change rebuilds
// the index, so it takes as many rebuilds as reports extracted.
func (s *Store) ReextractAll(ctx context.Context, progress func(done, total int)) (Reextracted, error) {
	var out Reextracted
	if err := s.writable(); err != nil {
		return out, err
	}
	if !s.reindexing.TryLock() {
		return out, ErrBusy
	}
	defer s.reindexing.Unlock()
	metas, err := s.Reports()
	if err != nil {
		return out, err
	}
	for _, m := range metas {
		if m.Original == "" {
			out.Kept = append(out.Kept, m.ID)
			continue
		}
		got, st, err := s.reextract(ctx, m, progress)
		if err != nil {
			return out, fmt.Errorf("%d of %d reports extracted anew, then: %w", len(out.Done), len(metas)-len(out.Kept), err)
		}
		out.Done, out.Stats = append(out.Done, got), st
	}
	if len(out.Done) == 0 {
		out.Stats, err = s.reindexLocked(ctx, progress)
	}
	return out, err
}

// reextract extracts m's report anew from its original. The caller holds
// s.reindexing.
func (s *Store) reextract(ctx context.Context, m Meta, progress func(done, total int)) (Meta, Stats, error) {
	if m.Original == "" {
		return Meta{}, Stats{}, fmt.Errorf("%s: %w", m.ID, ErrNoOriginal)
	}
	data, err := os.ReadFile(s.path(reportsDir, m.ID, m.Original))
	if errors.Is(err, fs.ErrNotExist) {
		return Meta{}, Stats{}, fmt.Errorf("%s: %w (%s is gone)", m.ID, ErrNoOriginal, m.Original)
	}
	if err != nil {
		return Meta{}, Stats{}, fmt.Errorf("%s: %w", m.ID, err)
	}
	// The limits of an upload, or the file's own size if a server
	// accepted a larger one: the file was accepted once.
	files, err := extractFiles(ctx, m.Original, data, max(int64(len(data)), extract.DefaultMaxBytes), m.Title)
	if err != nil {
		return Meta{}, Stats{}, fmt.Errorf("%s: %w", m.ID, err)
	}
	files.added = m.Added
	return s.install(ctx, m.ID, files, progress)
}

// extractFiles extracts an uploaded file into the folder a report keeps:
// its text and blocks, original, images and title — title when given,
// else the document's, else the one parsing finds. A refused file is an
// error naming it.
func extractFiles(ctx context.Context, name string, data []byte, maxBytes int64, title string) (reportFiles, error) {
	doc, err := extract.Extract(ctx, name, data, extract.Options{MaxBytes: maxBytes, MaxChars: maxTextRunes})
	if err != nil {
		return reportFiles{}, err
	}
	if err := checkLength(doc.Text); err != nil {
		return reportFiles{}, fmt.Errorf("%s: %w", name, err)
	}
	if title == "" {
		title = doc.Title
	}
	if title == "" {
		if r, err := corpus.ParseBlocks("probe", doc.Blocks); err == nil {
			title = r.Title
		}
	}
	files := reportFiles{text: doc.Text, blocks: doc.Blocks, format: doc.Format, title: title, originalName: name, original: data}
	for _, img := range doc.Images {
		files.images = append(files.images, imageFile{name: img.Name, caption: img.Caption, data: img.Data})
	}
	return files, nil
}

// install stages a report's folder under id and makes it live with a
// journaled change, setting aside the version it replaces. The caller
// holds s.reindexing.
func (s *Store) install(ctx context.Context, id string, files reportFiles, progress func(done, total int)) (Meta, Stats, error) {
	st, err := s.stageReport(id, files)
	if err != nil {
		return Meta{}, Stats{}, err
	}
	prev, _ := s.current()
	rec := journal.Record{Op: journal.OpAdd, State: journal.StateIntent, ID: id, Staged: filepath.Base(st.dir), PrevGen: prev}
	if _, err := os.Stat(s.path(reportsDir, id)); err == nil {
		rec.Aside = id + asideSuffix
	}
	stats, err := s.change(ctx, rec, progress)
	if err != nil {
		os.RemoveAll(st.dir)
		return Meta{}, Stats{}, err
	}
	return st.meta, stats, nil
}

// Remove deletes a stored report and reindexes. The last report cannot be
// removed: the bot would have nothing to answer from.
func (s *Store) Remove(ctx context.Context, id string) (Stats, error) {
	if err := s.writable(); err != nil {
		return Stats{}, err
	}
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
	prev, _ := s.current()
	return s.change(ctx, journal.Record{Op: journal.OpRemove, State: journal.StateIntent, ID: id, Aside: id + asideSuffix, PrevGen: prev}, nil)
}

// asideSuffix names the folder a replaced or removed report waits in
// until the change is committed.
const asideSuffix = ".old"

// change carries out a journaled change of reports: intent recorded,
// folders moved, index rebuilt and made live, commit recorded, the old
// version deleted. A failure before the new index is live rolls back;
// a crash at any point is finished at the next start (see recover).
func (s *Store) change(ctx context.Context, rec journal.Record, progress func(done, total int)) (Stats, error) {
	if err := journal.Write(s.dir, rec); err != nil {
		return Stats{}, fmt.Errorf("%s %s: %w", rec.Op, rec.ID, err)
	}
	s.pause("after-intent")
	if err := s.move(rec); err != nil {
		return Stats{}, errors.Join(fmt.Errorf("%s %s: %w", rec.Op, rec.ID, err), s.rollBack(rec))
	}
	s.pause("after-install")
	stats, err := s.reindexLocked(ctx, progress)
	if err != nil {
		return Stats{}, errors.Join(err, s.rollBack(rec))
	}
	rec.State = journal.StateCommit
	if err := journal.Write(s.dir, rec); err != nil {
		// The new index is live: the next start rolls forward (CURRENT
		// has moved on from rec.PrevGen) even without the commit record.
		return stats, nil
	}
	s.pause("after-commit")
	if err := s.rollForward(rec); err != nil {
		s.problems = append(s.problems, err.Error())
	}
	return stats, nil
}

// move sets the current version aside and puts the staged one in place.
func (s *Store) move(rec journal.Record) error {
	final := s.path(reportsDir, rec.ID)
	if rec.Aside != "" {
		if err := os.Rename(final, s.path(reportsDir, rec.Aside)); err != nil {
			return err
		}
	}
	if rec.Staged != "" {
		if err := os.Rename(s.path(reportsDir, rec.Staged), final); err != nil {
			return err
		}
	}
	return journal.SyncDir(s.path(reportsDir))
}

// maxIDBytes is the longest report ID: long enough for a file name's
// words, short enough for a Telegram command ("/remove ID").
const maxIDBytes = 48

// newID makes a report ID: a slug of the file name, Chinese spelt in
// pinyin ("贵州省工会 报告(2023).pdf" → "gui-zhou-sheng-gong-hui-bao-gao-2023"),
// else of the title, else a short hash of both; unique among metas.
func newID(name, title string, metas []Meta) string {
	base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	id := slug(base)
	if len(id) < 3 {
		id = slug(title)
	}
	if len(id) < 3 {
		sum := sha256.Sum256([]byte(title + name))
		id = "r-" + hex.EncodeToString(sum[:4])
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

// slug spells s in lower-case ASCII: letters and digits kept, each
// Chinese character as its toneless pinyin syllable, anything else a
// single hyphen between words; cut to maxIDBytes at a hyphen.
func slug(s string) string {
	args := pinyin.NewArgs() // toneless, one reading per character
	var b strings.Builder
	sep := func() {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
			b.WriteByte('-')
		}
	}
	for _, r := range strings.ToLower(s) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		case unicode.Is(unicode.Han, r):
			if py := pinyin.LazyPinyin(string(r), args); len(py) == 1 && py[0] != "" {
				sep()
				b.WriteString(py[0])
				sep()
			}
		default:
			sep()
		}
	}
	id := strings.Trim(b.String(), "-")
	if len(id) > maxIDBytes {
		id = id[:maxIDBytes]
		if i := strings.LastIndexByte(id, '-'); i >= maxIDBytes/2 {
			id = id[:i]
		}
		id = strings.Trim(id, "-")
	}
	return id
}

// linkImages gives captions their saved image file: by the image name
// the document's blocks give a caption, else (reports stored as text
// only) by the caption text saved with the image.
func linkImages(r *corpus.Report, m Meta) {
	byName, byCaption := map[string]string{}, map[string]string{}
	for _, img := range m.Images {
		if img.Name != "" {
			byName[img.Name] = img.File
		}
		if img.Caption != "" {
			byCaption[strings.TrimSuffix(img.Caption, "。")] = img.File
		}
	}
	for i := range r.Passages {
		for j, c := range r.Passages[i].Captions {
			f, ok := byName[c.Image]
			if !ok {
				f, ok = byCaption[strings.TrimSuffix(c.Text, "。")]
			}
			if ok {
				r.Passages[i].Captions[j].Image = m.ID + "/" + f
			} else {
				r.Passages[i].Captions[j].Image = ""
			}
		}
	}
}
