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
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/corpus/extract"
	"github.com/reportbot/reportbot/lang"
	"github.com/reportbot/reportbot/store/journal"
)

// ErrExists is returned by Add when a report of the same title is stored
// and the caller did not ask to replace it.
var ErrExists = errors.New("a report with this title exists")

// ExistsError is Add's error when a report of the same title is stored
// and AddOptions.Replace is not set: it names that report, so a caller
// can say which one a replace would take the place of. It is ErrExists
// (errors.Is).
type ExistsError struct {
	Existing Meta
}

func (e *ExistsError) Error() string {
	return fmt.Sprintf("%v: %s (%s)", ErrExists, e.Existing.ID, e.Existing.Title)
}

// Unwrap makes an ExistsError ErrExists.
func (e *ExistsError) Unwrap() error { return ErrExists }

// ErrBadTitle is returned by Add for a title it refuses (CleanTitle).
var ErrBadTitle = errors.New("title refused")

// AddOptions configure Add.
type AddOptions struct {
	// Title overrides the title found in the document; Add keeps it as
	// CleanTitle gives it, and refuses what CleanTitle refuses.
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
	title, err := CleanTitle(opt.Title)
	if err != nil {
		return Meta{}, Stats{}, err
	}
	files, err := extractFiles(ctx, name, data, opt.MaxBytes, title)
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
				return Meta{}, Stats{}, &ExistsError{Existing: m}
			}
			id = m.ID
		}
	}
	replaced := id != ""
	if !replaced {
		id = newID(name, files.title, metas)
	}
	m, st, err := s.install(ctx, id, files, opt.Progress)
	st.Replaced = replaced && err == nil
	return m, st, err
}

// Reextracted is what ReextractAll did, also when it stopped early.
type Reextracted struct {
	// Done are the reports extracted anew, in the order they were.
	Done []Meta `json:"done,omitempty"`
	// Failed are the reports whose original no longer extracts (or is
	// gone): each is as it was.
	Failed []ReextractFailure `json:"failed,omitempty"`
	// Kept are the IDs of the reports kept as stored, with no original.
	Kept []string `json:"kept,omitempty"`
	// Current are the IDs of the reports already extracted by this
	// version (extract.Version), left as they are.
	Current []string `json:"current,omitempty"`
	// Rebuilds are the index rebuilds it made: one a report extracted
	// anew, or one plain reindex when none was.
	Rebuilds []Stats `json:"rebuilds,omitempty"`
}

// ReextractFailure is a report whose original did not extract, and why.
type ReextractFailure struct {
	ID    string `json:"id"`
	Error string `json:"error"`
}

// Last is the last rebuild's stats, zero when there was none.
func (r Reextracted) Last() Stats {
	if len(r.Rebuilds) == 0 {
		return Stats{}
	}
	return r.Rebuilds[len(r.Rebuilds)-1]
}

// ReextractAll extracts every report kept with its original file anew,
// as Add extracts an upload today, so that after an upgrade that reads a
// format better no report need be uploaded again. Each keeps its ID, title
// and the time it was added, and is installed by a journaled change of its
// own, so a kill at any point leaves each report in its old or its new
// version. A report already extracted by this version (extract.Version) is
// left as it is, so a run cut short resumes where it stopped and a second
// run costs one reindex. A report whose original no longer extracts is
// skipped and listed in Failed, as it was; with no report extracted anew it
// reindexes. It holds the store for the whole run and stops at a failed
// rebuild or a cancelled ctx, returning what it did so far with the error.
// Each report extracted anew costs a rebuild.
func (s *Store) ReextractAll(ctx context.Context, progress func(done, total int)) (Reextracted, error) {
	var out Reextracted
	if err := s.writable(); err != nil {
		return out, err
	}
	if !s.reindexing.TryLock() {
		return out, ErrBusy
	}
	defer s.reindexing.Unlock()
	// Before the reports are read: during a change whose rollback failed
	// a report's folder holds the version that never went live, which
	// would be extracted anew and installed over the live one.
	if err := s.recover(); err != nil {
		return out, fmt.Errorf("re-extract: finish the earlier change first: %w", err)
	}
	metas, err := s.Reports()
	if err != nil {
		return out, err
	}
	var due []Meta // the reports to extract anew
	for _, m := range metas {
		switch {
		case m.Original == "":
			out.Kept = append(out.Kept, m.ID)
		case m.Extracted == extract.Version:
			out.Current = append(out.Current, m.ID)
		default:
			due = append(due, m)
		}
	}
	for _, m := range due {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		files, err := s.extractStored(ctx, m)
		if err != nil {
			out.Failed = append(out.Failed, ReextractFailure{ID: m.ID, Error: err.Error()})
			continue
		}
		got, st, err := s.install(ctx, m.ID, files, progress)
		if err != nil {
			return out, fmt.Errorf("%d of %d reports extracted anew, then %s: %w", len(out.Done), len(due), m.ID, err)
		}
		out.Done, out.Rebuilds = append(out.Done, got), append(out.Rebuilds, st)
	}
	if len(out.Done) == 0 {
		st, err := s.reindexLocked(ctx, progress)
		if err != nil {
			return out, err
		}
		out.Rebuilds = append(out.Rebuilds, st)
	}
	return out, nil
}

// ErrNoOriginal is what a report whose original file is gone from its
// folder fails to re-extract with.
var ErrNoOriginal = errors.New("the report's original file is gone")

// extractStored extracts m's report anew from its kept original, keeping
// its title and the time it was added.
func (s *Store) extractStored(ctx context.Context, m Meta) (reportFiles, error) {
	data, err := os.ReadFile(s.path(reportsDir, m.ID, m.Original))
	if errors.Is(err, fs.ErrNotExist) {
		return reportFiles{}, fmt.Errorf("%w (%s)", ErrNoOriginal, m.Original)
	}
	if err != nil {
		return reportFiles{}, err
	}
	// The limits of an upload, or the file's own size if a server took a
	// larger one: the file was accepted once. (A file taken under a larger
	// --max-upload-mb that decompresses beyond ten times 20 MiB is
	// refused, and listed as failed.)
	files, err := extractFiles(ctx, m.Original, data, max(int64(len(data)), extract.DefaultMaxBytes), m.Title)
	if err != nil {
		return reportFiles{}, err
	}
	files.added = m.Added
	return files, nil
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
		if title == "" {
			if r, err := corpus.ParseBlocks("probe", doc.Blocks); err == nil {
				title = r.Title
			}
		}
		// The document's: not refused, but kept to one line and cut.
		title = corpus.Shorten(lang.OneLine(title), maxTitleRunes-1)
	}
	files := reportFiles{text: doc.Text, blocks: doc.Blocks, format: doc.Format, title: title, extracted: extract.Version, originalName: name, original: data}
	for _, img := range doc.Images {
		files.images = append(files.images, imageFile{name: img.Name, caption: img.Caption, data: img.Data})
	}
	return files, nil
}

// CleanTitle is a title as a report keeps it: each run of white space
// or control characters (a newline, a tab) one space, and none at its
// ends, since a title is one line of the list of reports and of every
// answer's source. A title over maxTitleRunes, or not UTF-8, is refused
// with ErrBadTitle.
func CleanTitle(title string) (string, error) {
	if !utf8.ValidString(title) {
		return "", fmt.Errorf("%w: not UTF-8", ErrBadTitle)
	}
	title = lang.OneLine(title)
	if n := utf8.RuneCountInString(title); n > maxTitleRunes {
		return "", fmt.Errorf("%w: %d characters, the limit is %d", ErrBadTitle, n, maxTitleRunes)
	}
	return title, nil
}

// install stages a report's folder under id and makes it live with a
// journaled change, setting aside the version it replaces. The caller
// holds s.reindexing.
func (s *Store) install(ctx context.Context, id string, files reportFiles, progress func(done, total int)) (Meta, Stats, error) {
	st, err := s.stageReport(id, files)
	if err != nil {
		return Meta{}, Stats{}, err
	}
	rec := journal.Record{Op: journal.OpAdd, State: journal.StateIntent, ID: id, Staged: filepath.Base(st.dir)}
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
	if _, err := s.Removable(id); err != nil {
		return Stats{}, err
	}
	return s.change(ctx, journal.Record{Op: journal.OpRemove, State: journal.StateIntent, ID: id, Aside: id + asideSuffix}, nil)
}

// Removable returns the Meta of report id when Remove would remove it,
// and else the error Remove refuses it with: ErrNotFound for an ID no
// report has, ErrLastReport for the only report, or the error listing
// the reports. It is Remove's own check, so that a caller asking first
// (the bot, before an admin confirms) refuses exactly what Remove would.
// It says nothing of the store itself (read-only, busy with a rebuild),
// nor of a change made after it: Remove checks again.
func (s *Store) Removable(id string) (Meta, error) {
	metas, err := s.Reports()
	if err != nil {
		return Meta{}, err
	}
	i := slices.IndexFunc(metas, func(m Meta) bool { return m.ID == id })
	switch {
	case i < 0:
		return Meta{}, fmt.Errorf("%w: %q", ErrNotFound, id)
	case len(metas) == 1:
		return Meta{}, ErrLastReport
	}
	return metas[i], nil
}

// asideSuffix names the folder a replaced or removed report waits in
// until the change is committed.
const asideSuffix = ".old"

// change carries out a journaled change of reports: intent recorded,
// folders moved, index rebuilt and made live, commit recorded, the old
// version deleted. A failure before the new index is live rolls back;
// a crash at any point is finished at the next start (see recover).
// It sets rec.PrevGen to the index live before the change.
func (s *Store) change(ctx context.Context, rec journal.Record, progress func(done, total int)) (Stats, error) {
	// An earlier change whose rollback failed is still in the journal,
	// and a copy it set aside may be the only one of the live version:
	// it is finished first, as a start after a crash would, and no change
	// is made over it while it cannot be.
	if err := s.recover(); err != nil {
		return Stats{}, fmt.Errorf("%s %s: finish the earlier change first: %w", rec.Op, rec.ID, err)
	}
	// The index live before the change decides which way a crash rolls
	// it: one not known refuses the change rather than record "".
	prev, _, err := s.readCurrent()
	if err != nil {
		return Stats{}, fmt.Errorf("%s %s: %w", rec.Op, rec.ID, err)
	}
	rec.PrevGen = prev
	if rec.Aside != "" {
		// With no change unfinished, a copy an earlier change set aside
		// and did not delete (its deletion failed) is an older version:
		// the report in place went live after it. Left there, a rollback
		// of this change would put it back in place of the live one.
		if err := os.RemoveAll(s.path(reportsDir, rec.Aside)); err != nil {
			return Stats{}, fmt.Errorf("%s %s: %w", rec.Op, rec.ID, err)
		}
	}
	if err := journal.Write(s.dir, rec); err != nil {
		return Stats{}, fmt.Errorf("%s %s: %w", rec.Op, rec.ID, err)
	}
	s.pause("after-intent")
	if err := s.move(rec); err != nil {
		return Stats{}, errors.Join(fmt.Errorf("%s %s: %w", rec.Op, rec.ID, err), s.undo(rec))
	}
	s.pause("after-install")
	stats, err := s.reindexLocked(ctx, progress)
	if err != nil {
		return Stats{}, errors.Join(err, s.undo(rec))
	}
	rec.State = journal.StateCommit
	if err := journal.Write(s.dir, rec); err == nil {
		s.pause("after-commit")
	}
	// Without the commit record too: the new index is live, so the old
	// version may go (and a crash before the journal is cleared is rolled
	// forward at the next start, CURRENT having moved on from
	// rec.PrevGen).
	if err := s.rollForward(rec); err != nil {
		s.problem(err.Error())
	}
	return stats, nil
}

// ErrNotUndone is in the error of a change that failed and whose
// rollback failed too: the journal keeps the change, and the next start
// (or change) rolls it back. A failed change without it changed nothing.
var ErrNotUndone = errors.New("left for the next start to roll back")

// undo rolls back a change that failed before its index went live; its
// failure wraps ErrNotUndone.
func (s *Store) undo(rec journal.Record) error {
	if err := s.rollBack(rec); err != nil {
		return fmt.Errorf("%w: %w", err, ErrNotUndone)
	}
	return nil
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
	return s.syncReports()
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

// slug spells s in lower-case ASCII: letters and digits kept, accented
// Latin letters without their accents (Ü → u), each Chinese character as
// its toneless pinyin syllable, anything else a single hyphen between
// words; cut to maxIDBytes at a hyphen.
func slug(s string) string {
	args := pinyin.NewArgs() // toneless, one reading per character
	var b strings.Builder
	sep := func() {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
			b.WriteByte('-')
		}
	}
	// Decomposed, an accented letter is its base letter and combining
	// marks, which go; full-width letters and digits become ASCII too.
	if folded, _, err := transform.String(transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn))), s); err == nil {
		s = folded
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
