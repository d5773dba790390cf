// Package store keeps the data directory: the reports (original file,
// extracted text, metadata) and the live search index built from them.
// Reindexing builds a new index beside the live one and swaps it in, so
// questions are answered throughout and a failed build changes nothing.
package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index"
)

// ErrBusy is returned when a reindex is asked for while one runs.
var ErrBusy = errors.New("a reindex is already running; try again when it finishes")

// ErrNotFound is returned for an unknown report ID.
var ErrNotFound = errors.New("no such report")

const (
	reportsDir  = "reports"
	indexDir    = "index"
	currentFile = "CURRENT"
	metaFile    = "meta.json"
	textFile    = "text.txt"
	genPrefix   = "gen-"
)

// Meta describes a stored report.
type Meta struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Source   string    `json:"source,omitempty"`
	Format   string    `json:"format"`
	Original string    `json:"original,omitempty"` // file name of the original in the report's folder
	Added    time.Time `json:"added"`
	Passages int       `json:"passages"`
	Figures  int       `json:"figures"`
	Bytes    int       `json:"bytes"`
	// Images are the report's illustrations saved in its folder.
	Images []ImageMeta `json:"images,omitempty"`
}

// ImageMeta is an illustration kept with a report.
type ImageMeta struct {
	File    string `json:"file"`
	Caption string `json:"caption,omitempty"`
}

// Options configure a store.
type Options struct {
	// Analyzer for new indexes (default index.AnalyzerGse).
	Analyzer string
}

// Store is an open data directory. It is safe for concurrent use.
type Store struct {
	dir      string
	analyzer string
	live     *index.Live

	reindexing sync.Mutex // held for the whole of a reindex or a change of reports

	// failBuild, set by tests, fails a build after that many passages.
	failBuild func(done int) error
}

// DefaultDir is the data directory used when none is given: the user's
// cache directory, or a folder in the working directory without one.
func DefaultDir() string {
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "reportbot")
	}
	return "reportbot-data"
}

// Open opens (creating if needed) the data directory. On first start the
// embedded default report is stored and indexed. Leftovers of an
// interrupted build are removed.
func Open(ctx context.Context, dir string, opt Options) (*Store, error) {
	if opt.Analyzer == "" {
		opt.Analyzer = index.AnalyzerGse
	}
	s := &Store{dir: dir, analyzer: opt.Analyzer}
	for _, d := range []string{s.path(reportsDir), s.path(indexDir)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, fmt.Errorf("open data dir: %w", err)
		}
	}
	s.removeUnfinishedReports()
	metas, err := s.Reports()
	if err != nil {
		return nil, err
	}
	if len(metas) == 0 {
		if _, err := s.writeReport(corpus.DefaultReportID, corpus.DefaultText(), "text", "", nil, time.Time{}); err != nil {
			return nil, err
		}
	}
	current, fingerprint := s.current()
	s.removeStaleIndexes(current)
	// An index built by another analyzer, or by this one with another
	// dictionary, is rebuilt rather than searched with mismatched words.
	if current != "" && fingerprint == index.Fingerprint(s.analyzer) {
		ix, err := index.Open(s.path(indexDir, current))
		if err == nil && ix.AnalyzerName() == s.analyzer {
			s.live = index.NewLive(ix)
			return s, nil
		}
		if err == nil {
			ix.Close()
		}
	}
	// No usable index: build one from the stored reports.
	s.live = index.NewLive(nil)
	if _, err := s.Reindex(ctx, nil); err != nil {
		return nil, err
	}
	return s, nil
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

// Close closes the live index.
func (s *Store) Close() error { return s.live.Close() }

func (s *Store) path(elem ...string) string {
	return filepath.Join(append([]string{s.dir}, elem...)...)
}

// current names the live index generation and the fingerprint of the
// analyzer that built it, or "" and "".
func (s *Store) current() (gen, fingerprint string) {
	b, err := os.ReadFile(s.path(indexDir, currentFile))
	if err != nil {
		return "", ""
	}
	fields := strings.Fields(string(b))
	if len(fields) == 0 || !strings.HasPrefix(fields[0], genPrefix) || strings.ContainsAny(fields[0], `/\`) {
		return "", ""
	}
	if len(fields) > 1 {
		fingerprint = fields[1]
	}
	return fields[0], fingerprint
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
		text, err := os.ReadFile(s.path(reportsDir, m.ID, textFile))
		if err != nil {
			return nil, fmt.Errorf("read report %s: %w", m.ID, err)
		}
		r, err := corpus.Parse(m.ID, string(text))
		if err != nil {
			return nil, err
		}
		if m.Title != "" {
			r.Title = m.Title
		}
		r.Added = m.Added
		linkImages(r, m)
		reports = append(reports, r)
	}
	return reports, nil
}

// Stats sums up a reindex.
type Stats struct {
	Reports  int
	Passages int
	Figures  int
	Took     time.Duration
}

// Reindex rebuilds the index from the stored reports beside the live one
// and swaps it in. Only one reindex runs at a time; a second gets ErrBusy.
func (s *Store) Reindex(ctx context.Context, progress func(done, total int)) (Stats, error) {
	if !s.reindexing.TryLock() {
		return Stats{}, ErrBusy
	}
	defer s.reindexing.Unlock()
	return s.reindexLocked(ctx, progress)
}

func (s *Store) reindexLocked(ctx context.Context, progress func(done, total int)) (Stats, error) {
	start := time.Now()
	reports, err := s.Parsed()
	if err != nil {
		return Stats{}, err
	}
	st := Stats{Reports: len(reports)}
	for _, r := range reports {
		st.Passages += len(r.Passages)
		for _, p := range r.Passages {
			st.Figures += len(p.Figures)
		}
	}
	gen := fmt.Sprintf("%s%d", genPrefix, time.Now().UnixNano())
	dir := s.path(indexDir, gen)
	opt := index.Options{Analyzer: s.analyzer, Progress: progress}
	if s.failBuild != nil {
		opt.BatchSize = 10
		opt.Check = s.failBuild
	}
	ix, err := index.Build(ctx, dir, reports, opt)
	if err != nil {
		os.RemoveAll(dir)
		return Stats{}, fmt.Errorf("reindex: %w", err)
	}
	if err := writeFileAtomic(s.path(indexDir, currentFile), []byte(gen+" "+index.Fingerprint(s.analyzer)+"\n")); err != nil {
		ix.Close()
		os.RemoveAll(dir)
		return Stats{}, fmt.Errorf("reindex: %w", err)
	}
	// Swap only fails when the old index fails to close; the new one
	// serves regardless.
	_ = s.live.Swap(ix)
	s.removeStaleIndexes(gen)
	st.Took = time.Since(start)
	return st, nil
}

// writeFileAtomic writes data to a temporary file and renames it over
// name, so a crash leaves either the old or the new content.
func writeFileAtomic(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// writeReport stores a report's text, original file and metadata and
// keeps it: the seed of the embedded report on first start.
func (s *Store) writeReport(id, text, format, originalName string, original []byte, added time.Time) (Meta, error) {
	st, err := s.stageReport(id, reportFiles{text: text, format: format, originalName: originalName, original: original, added: added})
	if err != nil {
		return Meta{}, err
	}
	undo, err := s.install(st)
	if err != nil {
		return Meta{}, err
	}
	undo.commit()
	return st.meta, nil
}

// reportFiles is what a report folder holds.
type reportFiles struct {
	text, format, title string
	originalName        string
	original            []byte
	images              []imageFile
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
	r, err := corpus.Parse(id, f.text)
	if err != nil {
		return staged{}, err
	}
	title := r.Title
	if f.title != "" {
		title = f.title
	}
	m := Meta{ID: id, Title: title, Source: r.Source, Format: f.format, Added: f.added, Passages: len(r.Passages), Bytes: len(f.text)}
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
	if err := os.WriteFile(filepath.Join(tmp, textFile), []byte(f.text), 0o644); err != nil {
		return fail(err)
	}
	if f.originalName != "" {
		m.Original = "original" + strings.ToLower(filepath.Ext(filepath.Base(f.originalName)))
		if err := os.WriteFile(filepath.Join(tmp, m.Original), f.original, 0o644); err != nil {
			return fail(err)
		}
	}
	for i, img := range f.images {
		if len(img.data) == 0 {
			continue
		}
		// Never a name from the upload as a path: a number and a known extension.
		name := fmt.Sprintf("image-%02d%s", i+1, imageExt(img.name))
		if err := os.WriteFile(filepath.Join(tmp, name), img.data, 0o644); err != nil {
			return fail(err)
		}
		m.Images = append(m.Images, ImageMeta{File: name, Caption: img.caption})
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	if err := os.WriteFile(filepath.Join(tmp, metaFile), b, 0o644); err != nil {
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

// undo puts a replaced report folder back, or lets it go.
type undo struct {
	final, old string
}

// rollback removes the installed folder and restores the one it replaced.
func (u undo) rollback() {
	os.RemoveAll(u.final)
	if u.old != "" {
		os.Rename(u.old, u.final)
	}
}

// commit drops the replaced folder.
func (u undo) commit() {
	if u.old != "" {
		os.RemoveAll(u.old)
	}
}

// install moves a staged folder into place, keeping the one it replaces
// aside until commit or rollback.
func (s *Store) install(st staged) (undo, error) {
	u := undo{final: s.path(reportsDir, st.meta.ID)}
	if _, err := os.Stat(u.final); err == nil {
		u.old = u.final + ".old"
		os.RemoveAll(u.old)
		if err := os.Rename(u.final, u.old); err != nil {
			os.RemoveAll(st.dir)
			return undo{}, fmt.Errorf("store report: %w", err)
		}
	}
	if err := os.Rename(st.dir, u.final); err != nil {
		os.RemoveAll(st.dir)
		if u.old != "" {
			os.Rename(u.old, u.final)
		}
		return undo{}, fmt.Errorf("store report: %w", err)
	}
	return u, nil
}
