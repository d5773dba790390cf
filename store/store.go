// Package store keeps the data directory: the reports (original file,
// extracted text, metadata) and the live search index built from them.
// Reindexing builds a new index beside the live one and swaps it in, so
// questions are answered throughout and a failed build changes nothing.
//
// One process at a time changes the directory, holding its lock
// (store/dirlock); a change of reports is journaled (store/journal) so a
// crash is rolled back or forward at the next start; each index records
// the reports it was built from, and a start rebuilds an index that does
// not match them. Readers open the live index read-only, without the lock.
package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index"
	"github.com/reportbot/reportbot/store/dirlock"
	"github.com/reportbot/reportbot/store/journal"
)

// ErrBusy is returned when a reindex is asked for while one runs.
var ErrBusy = errors.New("a reindex is already running; try again when it finishes")

// ErrNotFound is returned for an unknown report ID.
var ErrNotFound = errors.New("no such report")

// ErrLastReport is returned for removing the only report: the bot would
// have nothing to answer from.
var ErrLastReport = errors.New("cannot remove the only report; add another first")

// ErrReadOnly is returned for a change asked of a store opened read-only
// (or whose directory cannot be written): questions are answered from the
// existing index, changes are refused.
var ErrReadOnly = errors.New("changes are refused")

const (
	reportsDir   = "reports"
	indexDir     = "index"
	currentFile  = "CURRENT"
	metaFile     = "meta.json"
	textFile     = "text.txt"
	genPrefix    = "gen-"
	manifestFile = "MANIFEST.json"
	// blocksFile keeps the document's blocks (corpus.Block) as extracted,
	// so a reindex builds the report from its structure, not from text.txt.
	blocksFile = "blocks.json"
)

// DefaultLockTimeout is how long Open waits for another process's change
// of the directory by default: an add of a large report takes seconds, a
// hung or long-lived holder (serve) is reported rather than waited out.
const DefaultLockTimeout = 30 * time.Second

// Meta describes a stored report.
type Meta struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Source   string `json:"source,omitempty"`
	Format   string `json:"format"`
	Original string `json:"original,omitempty"` // file name of the original in the report's folder
	// Extracted is the extract.Version that extracted it from Original
	// ("" for the embedded report, or one stored before versions).
	Extracted string    `json:"extracted,omitempty"`
	Added     time.Time `json:"added"`
	Passages  int       `json:"passages"`
	Figures   int       `json:"figures"`
	Bytes     int       `json:"bytes"`
	// Images are the report's illustrations saved in its folder.
	Images []ImageMeta `json:"images,omitempty"`
}

// ImageMeta is an illustration kept with a report.
type ImageMeta struct {
	File    string `json:"file"`
	Caption string `json:"caption,omitempty"`
	// Name is the image's name in the uploaded document, which captions
	// from the document's blocks refer to.
	Name string `json:"name,omitempty"`
}

// Options configure a store.
type Options struct {
	// Analyzer for new indexes (default index.AnalyzerGse).
	Analyzer string
	// KeepAnalyzer keeps the analyzer the live index was built with, when
	// it is one this binary builds: Analyzer then only builds a directory's
	// first index. A change made without naming an analyzer so keeps the
	// deployment's choice (reindex --analyzer cjk) rather than rebuilding
	// with the default. Read-only, the store answers from that index
	// rather than failing with an *AnalyzerError.
	KeepAnalyzer bool
	// ReadOnly opens the store to answer and list only: no lock is held
	// while it is open and changes fail with ErrReadOnly. It still
	// repairs the directory first (rolls back an interrupted change,
	// rebuilds an index that does not match the reports) when no other
	// process is changing it and it can be written; but an index built
	// with another analyzer is the deployment's choice, not damage: Open
	// then fails with an *AnalyzerError and rebuilds nothing.
	ReadOnly bool
	// MayRepair, if set, is asked before a read-only open writes the
	// directory (its lock file, a repair) while no other process holds
	// the lock. Its error stops the open when there is no index to answer
	// from; otherwise the store answers from the index it has and lists
	// the repair left undone in Problems. The CLI refuses there to write
	// another user's directory.
	MayRepair func() error
	// LockTimeout is how long to wait for the directory's lock
	// (0: DefaultLockTimeout; negative: do not wait).
	LockTimeout time.Duration
	// Holder names this process in the lock file ("reportbot serve").
	Holder string
	// Pause, if set, is called at named points of a change ("after-intent",
	// "after-install", "before-current", "after-current", "after-commit").
	// Tests use it to stop a process there and kill it.
	Pause func(point string)
}

// Store is an open data directory. It is safe for concurrent use.
//
// A store opened for writing holds the directory's lock (store/dirlock)
// until Close: whatever else opens the directory then reads only, and
// nothing is cleaned up or repaired but under the lock. Each change of
// reports is recorded in the journal (store/journal) before a report
// folder moves, so a crash at any point is rolled back or forward at the
// next start and the reports and the live index agree.
type Store struct {
	dir        string
	analyzer   string
	opt        Options
	live       *index.Live
	lock       *dirlock.Lock // nil when read-only
	problemsMu sync.Mutex
	problems   []string // what Open, or a change after, found wrong and could not repair

	reindexing sync.Mutex // held for the whole of a reindex or a change of reports

	synMu sync.Mutex               // held for a change of the synonyms file
	syn   atomic.Pointer[synState] // the synonyms file as last read (Synonyms)

	// failBuild, set by tests, fails a build after that many passages.
	failBuild func(done int) error
	// writeCurrent, set by tests, writes CURRENT in place of
	// journal.WriteFileAtomic.
	writeCurrent func(path string, data []byte) error
	// syncDir, set by tests, syncs the reports folder in place of
	// journal.SyncDir.
	syncDir func(dir string) error
}

// DefaultDir is the data directory used when none is given: the user's
// cache directory, or a folder in the working directory without one.
func DefaultDir() string {
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "reportbot")
	}
	return "reportbot-data"
}

// Open opens the data directory. For writing (the default) it takes the
// directory's lock, waiting up to Options.LockTimeout, finishes or undoes
// a change a crash interrupted, removes leftovers, stores and indexes the
// embedded report on first start and rebuilds the index when it does not
// match the stored reports. Read-only, it answers from the live index
// without a lock (see Options.ReadOnly).
func Open(ctx context.Context, dir string, opt Options) (*Store, error) {
	if opt.Analyzer == "" {
		opt.Analyzer = index.AnalyzerGse
	}
	if opt.LockTimeout == 0 {
		opt.LockTimeout = DefaultLockTimeout
	}
	if opt.Holder == "" {
		opt.Holder = "reportbot"
	}
	s := &Store{dir: dir, analyzer: opt.Analyzer, opt: opt}
	if opt.ReadOnly {
		if err := s.openReader(ctx); err != nil {
			return nil, err
		}
		return s, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("open data dir: %w", err)
	}
	lock, err := dirlock.Acquire(ctx, dir, opt.Holder, opt.lockTimeout())
	if err != nil {
		if errors.Is(err, dirlock.ErrReadOnly) {
			cause := err.Error()
			if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
				cause = pe.Err.Error() // "read-only file system", "permission denied"
			}
			return nil, fmt.Errorf("data directory %s cannot be written (%s): %w", dir, cause, ErrReadOnly)
		}
		return nil, err
	}
	s.lock = lock
	if err := s.prepare(ctx); err != nil {
		lock.Release()
		return nil, err
	}
	return s, nil
}

func (o Options) lockTimeout() time.Duration { return max(o.LockTimeout, 0) }

// openReader serves the live index without the lock. When it does not
// match the reports (or there is none) and no other process holds the
// lock, it repairs the directory under the lock first; when another
// process does, that process is changing the reports and the live index
// answers for the version before the change. With no index at all it
// waits for the lock, looking again meanwhile for an index: a starting
// server builds the first one under the lock and then keeps the lock.
func (s *Store) openReader(ctx context.Context) error {
	// A reader with no index to answer from looks again, while it
	// waits, for an index the holder may have built.
	return dirlock.WhileBusy(ctx, s.opt.lockTimeout(), dirlock.Recheck, func(wait time.Duration) error {
		return s.openReaderWaiting(ctx, wait)
	})
}

// openReaderWaiting is one try of openReader, waiting at most wait for
// the lock when there is no index to answer from.
func (s *Store) openReaderWaiting(ctx context.Context, wait time.Duration) error {
	ix, mismatch, err := s.openCurrent()
	if ae := (*AnalyzerError)(nil); errors.As(err, &ae) {
		return fmt.Errorf("data directory %s: %w", s.dir, err)
	}
	if err == nil && mismatch == "" {
		leftover := s.leftover()
		if leftover == "" {
			s.live = index.NewLive(ix)
			return nil
		}
		mismatch = leftover
	}
	// Taking the lock already writes (the lock file), so ask first; but
	// not while another process holds it: it repairs, not this reader.
	if s.opt.MayRepair != nil && (ix == nil || !dirlock.Held(s.dir)) {
		if refused := s.opt.MayRepair(); refused != nil {
			if ix == nil {
				return refused
			}
			s.problem(mismatch + " (not repaired: " + refused.Error() + ")")
			s.live = index.NewLive(ix)
			return nil
		}
	}
	if ix != nil {
		wait = 0 // an index to answer from: do not wait for the writer
	}
	if mkErr := os.MkdirAll(s.dir, 0o755); mkErr != nil && ix == nil {
		return fmt.Errorf("open data dir: %w", mkErr)
	}
	lock, lockErr := dirlock.Acquire(ctx, s.dir, s.opt.Holder, wait)
	if lockErr == nil {
		if ix != nil {
			ix.Close()
		}
		err := s.prepare(ctx)
		lock.Release()
		return err
	}
	if ix == nil {
		if err == nil {
			err = errors.New(mismatch)
		}
		return fmt.Errorf("no usable index (%w) and cannot repair: %w", err, lockErr)
	}
	if errors.Is(lockErr, dirlock.ErrReadOnly) {
		s.problem(mismatch + " (read-only: not repaired)")
	}
	s.live = index.NewLive(ix)
	return nil
}

// Problems lists what Open found wrong and did not repair, for the
// caller to report (empty when the reports and the index agree).
func (s *Store) Problems() []string {
	s.problemsMu.Lock()
	defer s.problemsMu.Unlock()
	return slices.Clone(s.problems)
}

// problem records what could not be repaired, for Problems.
func (s *Store) problem(p string) {
	s.problemsMu.Lock()
	defer s.problemsMu.Unlock()
	s.problems = append(s.problems, p)
}

// Dir is the data directory.
func (s *Store) Dir() string { return s.dir }

// Image reads a report's illustration by the name answers carry
// ("<report id>/image-01.png"); anything else is refused, never a path.
func (s *Store) Image(name string) ([]byte, error) {
	id, file, ok := strings.Cut(name, "/")
	if !ok || strings.ContainsAny(file, `/\`) || !strings.HasPrefix(file, "image-") || strings.Contains(id, "..") || strings.ContainsAny(id, `/\`) {
		return nil, fmt.Errorf("%w: image %q", ErrNotFound, name)
	}
	m, err := s.meta(id)
	if err != nil {
		return nil, fmt.Errorf("%w: image %q", ErrNotFound, name)
	}
	for _, img := range m.Images {
		if img.File == file {
			return os.ReadFile(s.path(reportsDir, id, file))
		}
	}
	return nil, fmt.Errorf("%w: image %q", ErrNotFound, name)
}

// Searcher is the live index, for the answer engine.
func (s *Store) Searcher() *index.Live { return s.live }

// Close closes the live index and lets the directory's lock go.
func (s *Store) Close() error {
	var err error
	if s.live != nil {
		err = s.live.Close()
	}
	return errors.Join(err, s.lock.Release())
}

// syncReports flushes the reports folder's entries (renames, removals)
// to disk.
func (s *Store) syncReports() error {
	if s.syncDir != nil {
		return s.syncDir(s.path(reportsDir))
	}
	return journal.SyncDir(s.path(reportsDir))
}

// pause calls Options.Pause.
func (s *Store) pause(point string) {
	if s.opt.Pause != nil {
		s.opt.Pause(point)
	}
}

func (s *Store) writable() error {
	if s.lock == nil {
		return fmt.Errorf("data directory opened to read only: %w", ErrReadOnly)
	}
	return nil
}

func (s *Store) path(elem ...string) string {
	return filepath.Join(append([]string{s.dir}, elem...)...)
}

// current names the live index generation and the fingerprint of the
// analyzer that built it, or "" and "".
func (s *Store) current() (gen, fingerprint string) {
	gen, fingerprint, _ = s.readCurrent()
	return gen, fingerprint
}

// readCurrent is current, but with the error of a CURRENT that is there
// and cannot be read (EIO, EMFILE, a folder in its place): "" then says
// nothing of which index is live, and a journaled change decided on it
// would be rolled the wrong way. A CURRENT that is not there, or names
// no generation, is no index: "" and no error.
func (s *Store) readCurrent() (gen, fingerprint string, err error) {
	b, err := os.ReadFile(s.path(indexDir, currentFile))
	if errors.Is(err, fs.ErrNotExist) {
		return "", "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("read the live index's name: %w", err)
	}
	fields := strings.Fields(string(b))
	if len(fields) == 0 || !strings.HasPrefix(fields[0], genPrefix) || strings.ContainsAny(fields[0], `/\`) {
		return "", "", nil
	}
	if len(fields) > 1 {
		fingerprint = fields[1]
	}
	return fields[0], fingerprint, nil
}

// removeStaleIndexes deletes every index generation but the current one:
// half-built ones from a crash and ones already replaced.
func (s *Store) removeStaleIndexes(keep string) {
	entries, _ := os.ReadDir(s.path(indexDir))
	for _, e := range entries {
		if e.IsDir() && e.Name() != keep {
			os.RemoveAll(s.path(indexDir, e.Name()))
		}
	}
}

// removeUnfinishedReports deletes report folders a crash left half
// written (".new-*") or half replaced ("*.old", restored when the new one
// is missing).
func (s *Store) removeUnfinishedReports() {
	entries, _ := os.ReadDir(s.path(reportsDir))
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, ".new-"):
			os.RemoveAll(s.path(reportsDir, name))
		case strings.HasSuffix(name, ".old"):
			live := strings.TrimSuffix(name, ".old")
			if _, err := os.Stat(s.path(reportsDir, live, metaFile)); err != nil {
				os.RemoveAll(s.path(reportsDir, live))
				os.Rename(s.path(reportsDir, name), s.path(reportsDir, live))
			} else {
				os.RemoveAll(s.path(reportsDir, name))
			}
		}
	}
}

// Reports lists the stored reports, oldest first.
func (s *Store) Reports() ([]Meta, error) {
	entries, err := os.ReadDir(s.path(reportsDir))
	if err != nil {
		return nil, fmt.Errorf("list reports: %w", err)
	}
	var metas []Meta
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		m, err := s.meta(e.Name())
		if err != nil && !errors.Is(err, fs.ErrNotExist) && !strings.HasPrefix(e.Name(), ".") && !strings.HasSuffix(e.Name(), asideSuffix) {
			// A report whose metadata is there and cannot be read (another
			// user wrote it, a disk error, a damaged file) is an error:
			// skipped, it would silently leave the list and the next
			// index, and an add could take its ID for free and replace
			// it. The admin is told the way out, as no command can read
			// the report to remove it.
			rel := filepath.Join(reportsDir, e.Name())
			return nil, fmt.Errorf("list reports: %s cannot be read: %w (restore it, or move %s out of the data directory to drop the report)", filepath.Join(rel, metaFile), err, rel)
		}
		if err != nil || m.ID != e.Name() {
			continue // a folder being written, replaced or removed
		}
		metas = append(metas, m)
	}
	sort.Slice(metas, func(i, j int) bool {
		if !metas[i].Added.Equal(metas[j].Added) {
			return metas[i].Added.Before(metas[j].Added)
		}
		return metas[i].ID < metas[j].ID
	})
	return metas, nil
}

func (s *Store) meta(id string) (Meta, error) {
	var m Meta
	b, err := os.ReadFile(s.path(reportsDir, id, metaFile))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("report %s: %w", id, err)
	}
	return m, nil
}

// Parsed reads and parses every stored report.
func (s *Store) Parsed() ([]*corpus.Report, error) {
	metas, err := s.Reports()
	if err != nil {
		return nil, err
	}
	reports := make([]*corpus.Report, 0, len(metas))
	for _, m := range metas {
		r, _, err := s.readReport(m)
		if err != nil {
			return nil, err
		}
		reports = append(reports, r)
	}
	return reports, nil
}

// source is the stored reports as an index.Source: read one at a time,
// newest first, so a reindex holds one report's passages and not the
// collection's. As each report is read, its hash goes into man and its
// counts into st: the source is for one build, read once.
func (s *Store) source(man *manifest, st *Stats) (index.Source, error) {
	metas, err := s.Reports()
	if err != nil {
		return index.Source{}, err
	}
	// Reports lists oldest first, ties by ID: newest first keeps the ties
	// by ID, as index.Reports orders reports in memory.
	slices.SortStableFunc(metas, func(a, b Meta) int { return b.Added.Compare(a.Added) })
	src := index.Source{Reports: func(yield func(*corpus.Report, error) bool) {
		for _, m := range metas {
			r, hash, err := s.readReport(m)
			if err == nil {
				man.Reports[m.ID] = hash
				st.Reports++
				st.Passages += len(r.Passages)
				for _, p := range r.Passages {
					st.Figures += len(p.Figures)
				}
			}
			if !yield(r, err) || err != nil {
				return
			}
		}
	}}
	for _, m := range metas {
		src.Passages += m.Passages // as counted when added: progress only
	}
	return src, nil
}

// readReport reads and parses a stored report, and hashes what it was
// read from for the manifest.
func (s *Store) readReport(m Meta) (*corpus.Report, string, error) {
	mb, text, err := s.readStored(m.ID)
	if err != nil {
		return nil, "", err
	}
	r, err := s.parseStored(m.ID, text)
	if err != nil {
		return nil, "", err
	}
	if m.Title != "" {
		r.Title = m.Title
	}
	r.Added = m.Added
	linkImages(r, m)
	return r, reportHash(mb, text), nil
}

// parseStored parses a stored report from its blocks, or from its text
// when it has none (the embedded report, reports stored before blocks) or
// when text.txt no longer says what the blocks say: text.txt edited by
// hand is what the report says.
func (s *Store) parseStored(id string, text []byte) (*corpus.Report, error) {
	if b, err := os.ReadFile(s.path(reportsDir, id, blocksFile)); err == nil {
		var blocks []corpus.Block
		if err := json.Unmarshal(b, &blocks); err != nil {
			return nil, fmt.Errorf("read report %s: %w", id, err)
		}
		if corpus.TextBlocks(blocks) == string(text) {
			return corpus.ParseBlocks(id, blocks)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read report %s: %w", id, err)
	}
	return corpus.Parse(id, string(text))
}

// Stats sums up a reindex.
type Stats struct {
	Reports  int
	Passages int
	Figures  int
	Took     time.Duration
	// Replaced: the change (Add with Replace) took the place of a stored
	// report of the same title, rather than adding one beside the others.
	Replaced bool
}

// Reindex rebuilds the index from the stored reports beside the live one
// and swaps it in. Only one reindex runs at a time; a second gets ErrBusy.
func (s *Store) Reindex(ctx context.Context, progress func(done, total int)) (Stats, error) {
	if err := s.writable(); err != nil {
		return Stats{}, err
	}
	if !s.reindexing.TryLock() {
		return Stats{}, ErrBusy
	}
	defer s.reindexing.Unlock()
	if err := s.recover(); err != nil {
		// As change does: a change whose rollback failed may have set the
		// live version aside; moving CURRENT on over it would make the
		// next start roll that change forward and delete the only copy.
		return Stats{}, fmt.Errorf("reindex: finish the earlier change first: %w", err)
	}
	return s.reindexLocked(ctx, progress)
}

// reindexLocked builds a new generation, records its manifest, and makes
// it live by renaming CURRENT: the one moment a change takes effect.
func (s *Store) reindexLocked(ctx context.Context, progress func(done, total int)) (Stats, error) {
	start := time.Now()
	var st Stats
	man := manifest{Reports: map[string]string{}}
	src, err := s.source(&man, &st)
	if err != nil {
		return Stats{}, err
	}
	gen := fmt.Sprintf("%s%d", genPrefix, time.Now().UnixNano())
	dir := s.path(indexDir, gen)
	opt := index.Options{Analyzer: s.analyzer, Progress: progress}
	if s.failBuild != nil {
		opt.BatchSize = 10
		opt.Check = s.failBuild
	}
	fail := func(err error) (Stats, error) {
		os.RemoveAll(dir)
		return Stats{}, fmt.Errorf("reindex: %w", err)
	}
	ix, err := index.BuildFrom(ctx, dir, src, opt)
	if err != nil {
		return fail(err)
	}
	// The builder holds the index's files for writing, which locks out
	// every other process: reopen it read-only, as every reader does.
	if err := ix.Close(); err != nil {
		return fail(err)
	}
	mb, _ := json.Marshal(man)
	if err := journal.WriteFileAtomic(filepath.Join(dir, manifestFile), mb); err != nil {
		return fail(err)
	}
	if ix, err = index.Open(dir); err != nil {
		return fail(err)
	}
	s.pause("before-current")
	write := journal.WriteFileAtomic
	if s.writeCurrent != nil {
		write = s.writeCurrent
	}
	if err := write(s.path(indexDir, currentFile), []byte(gen+" "+index.Fingerprint(s.analyzer)+"\n")); err != nil {
		if !errors.Is(err, journal.ErrUnsynced) {
			ix.Close()
			return fail(err)
		}
		// CURRENT was renamed into place and only the sync of its folder
		// failed: the new index is live, other processes may be reading
		// it, and a change's rollback would now be rolled forward at the
		// next start. Deleting it would leave them no index; it stays.
		s.problem(fmt.Sprintf("reindex: %v (the new index went live)", err))
	}
	s.pause("after-current")
	// The new index is live on disk: an error now would roll a change
	// back under it. Swap fails when the old index fails to close (the
	// new one serves regardless), or when the store was closed during
	// the build: it then closed the new index, the next start opens it,
	// and the stale generations are left for that start to remove, as the
	// lock was let go with Close. (A change calling this goes on to
	// finish its journal unlocked; nothing closes a store mid-change but
	// a test: serve closes it after its requests are done.)
	if err := s.live.Swap(ix); errors.Is(err, index.ErrClosed) {
		st.Took = time.Since(start)
		return st, nil
	}
	s.removeStaleIndexes(gen)
	st.Took = time.Since(start)
	return st, nil
}

// writeReport stores a report's text, original file and metadata and
// keeps it: the seed of the embedded report on first start.
func (s *Store) writeReport(id, text, format, originalName string, original []byte, added time.Time) (Meta, error) {
	st, err := s.stageReport(id, reportFiles{text: text, format: format, originalName: originalName, original: original, added: added})
	if err != nil {
		return Meta{}, err
	}
	if err := os.Rename(st.dir, s.path(reportsDir, id)); err != nil {
		os.RemoveAll(st.dir)
		return Meta{}, fmt.Errorf("store report: %w", err)
	}
	if err := s.syncReports(); err != nil {
		return Meta{}, fmt.Errorf("store report: %w", err)
	}
	return st.meta, nil
}

// reportFiles is what a report folder holds.
type reportFiles struct {
	text, format, title string
	extracted           string // extract.Version, for an extracted upload
	originalName        string
	original            []byte
	images              []imageFile
	blocks              []corpus.Block // nil: parse text
	added               time.Time
}

// imageFile is an illustration saved beside a report.
type imageFile struct {
	name, caption string
	data          []byte
}

// staged is a report folder written under a temporary name.
type staged struct {
	dir  string
	meta Meta
}

// stageReport writes a report's folder under a temporary name, so a
// half-written report is never listed.
func (s *Store) stageReport(id string, f reportFiles) (staged, error) {
	var r *corpus.Report
	var err error
	if f.blocks != nil {
		r, err = corpus.ParseBlocks(id, f.blocks)
	} else {
		r, err = corpus.Parse(id, f.text)
	}
	if err != nil {
		return staged{}, err
	}
	if err := checkPassages(len(r.Passages)); err != nil {
		return staged{}, err
	}
	title := r.Title
	if f.title != "" {
		title = f.title
	}
	m := Meta{ID: id, Title: title, Source: r.Source, Format: f.format, Extracted: f.extracted, Added: f.added, Passages: len(r.Passages), Bytes: len(f.text)}
	for _, p := range r.Passages {
		m.Figures += len(p.Figures)
	}
	tmp, err := os.MkdirTemp(s.path(reportsDir), ".new-"+id+"-")
	if err != nil {
		return staged{}, fmt.Errorf("store report: %w", err)
	}
	fail := func(err error) (staged, error) {
		os.RemoveAll(tmp)
		return staged{}, fmt.Errorf("store report: %w", err)
	}
	if err := writeSynced(filepath.Join(tmp, textFile), []byte(f.text)); err != nil {
		return fail(err)
	}
	if f.blocks != nil {
		b, _ := json.Marshal(f.blocks)
		if err := writeSynced(filepath.Join(tmp, blocksFile), b); err != nil {
			return fail(err)
		}
	}
	if f.originalName != "" {
		m.Original = "original" + strings.ToLower(filepath.Ext(filepath.Base(f.originalName)))
		if err := writeSynced(filepath.Join(tmp, m.Original), f.original); err != nil {
			return fail(err)
		}
	}
	for i, img := range f.images {
		if len(img.data) == 0 {
			continue
		}
		// Never a name from the upload as a path: a number and a known extension.
		name := fmt.Sprintf("image-%02d%s", i+1, imageExt(img.name))
		if err := writeSynced(filepath.Join(tmp, name), img.data); err != nil {
			return fail(err)
		}
		m.Images = append(m.Images, ImageMeta{File: name, Caption: img.caption, Name: img.name})
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	if err := writeSynced(filepath.Join(tmp, metaFile), b); err != nil {
		return fail(err)
	}
	if err := journal.SyncDir(tmp); err != nil {
		return fail(err)
	}
	return staged{dir: tmp, meta: m}, nil
}

func imageExt(name string) string {
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp":
		return ext
	}
	return ".img"
}

// writeSynced writes a new file and flushes it to disk, so a report
// folder the journal points at is whole after a machine crash too.
func writeSynced(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
