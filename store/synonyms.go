package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/reportbot/reportbot/lang"
	"github.com/reportbot/reportbot/store/journal"
	"github.com/reportbot/reportbot/store/synfile"
)

// SynonymsFile is the admins' own synonyms in the data directory
// (store/synfile's format). The answer engine reads them at question
// time through Store.Synonyms: a change is in effect for the next
// question, without a restart or a reindex.
const SynonymsFile = "synonyms.txt"

// MaxSynonymRules bounds the admins' rules: each of their words is
// looked for in every question as a substring (lang.Synonyms.Find),
// about 50 ns a word, so a thousand rules of two or three words add
// ~0.1 ms to a question's 0.4 ms.
const MaxSynonymRules = 1000

// ErrSynonymExists is returned for a rule the file already has.
var ErrSynonymExists = errors.New("the synonym is there already")

// ErrSynonymsFull refuses a synonym added when there are MaxSynonymRules.
var ErrSynonymsFull = errors.New("the synonyms are full")

// synState is the synonyms file as last read: its rules, their table,
// and what the file looked like then, to notice a change.
type synState struct {
	rules []synfile.Rule
	table lang.Synonyms
	stamp fileStamp
	err   error // the file as it is now does not parse; rules are the last good ones
}

// fileStamp tells one version of a file from another: every change
// through the store renames a new file into place (a new inode), and an
// edit by hand changes the time or size.
type fileStamp struct {
	exists  bool
	ino     uint64
	size    int64
	modTime time.Time
}

func stampOf(fi os.FileInfo) fileStamp {
	return fileStamp{exists: true, ino: inode(fi), size: fi.Size(), modTime: fi.ModTime()}
}

// Synonyms are the admins' synonyms in effect now, for the answer engine
// (answer.SynonymSource). The file is checked with one stat per call
// and read again when it changed, by this process or another (a
// `reportbot synonyms add` beside `reportbot chat`, an edit by hand).
// A file that no longer parses leaves the last good rules in effect;
// SynonymRules reports the error. Safe for concurrent use.
func (s *Store) Synonyms() lang.Synonyms { return s.synState().table }

func (s *Store) synState() *synState {
	cur := s.syn.Load()
	fi, err := os.Stat(s.path(SynonymsFile))
	stamp := fileStamp{}
	if err == nil {
		stamp = stampOf(fi)
	}
	if cur != nil && cur.stamp == stamp {
		return cur
	}
	next := &synState{stamp: stamp}
	if stamp.exists {
		b, err := os.ReadFile(s.path(SynonymsFile))
		if err == nil {
			next.rules, err = synfile.Parse(b)
		}
		if err != nil {
			next.err = fmt.Errorf("%s: %w", SynonymsFile, err)
			next.rules = nil
			if cur != nil {
				next.rules = cur.rules
			}
		}
	}
	next.table = synfile.Synonyms(next.rules)
	s.syn.Store(next)
	return next
}

// SynonymRules lists the admins' synonyms in the order they were added,
// with who added them and when. The error is the file's when it does
// not parse (the rules are then the last good ones, still in effect).
func (s *Store) SynonymRules() ([]synfile.Rule, error) {
	st := s.synState()
	return synfile.Named(st.rules), st.err
}

// AddSynonym adds a rule (synfile.ParseInput) by an admin and puts it in
// effect for the next question. A rule already there is ErrSynonymExists;
// a synonyms file broken by hand is refused until mended, and nothing is
// written.
func (s *Store) AddSynonym(r synfile.Rule, by string) (synfile.Rule, error) {
	if err := s.writable(); err != nil {
		return synfile.Rule{}, err
	}
	s.synMu.Lock()
	defer s.synMu.Unlock()
	rules, err := s.readSynonymRules()
	if err != nil {
		return synfile.Rule{}, err
	}
	if len(r.From) == 0 {
		return synfile.Rule{}, fmt.Errorf("%w: no words", synfile.ErrBadRule)
	}
	for _, old := range rules {
		if old.Same(r) {
			return synfile.Rule{}, fmt.Errorf("%w: %s", ErrSynonymExists, old.Line())
		}
	}
	if len(synfile.Named(rules)) >= MaxSynonymRules {
		return synfile.Rule{}, fmt.Errorf("%w: at most %d synonyms; remove some first", ErrSynonymsFull, MaxSynonymRules)
	}
	r.Added, r.By, r.Notes = time.Now().UTC().Truncate(time.Second), by, nil
	// Before the comments closing the file (a notes-only rule): written
	// after them, they would be read back as the new rule's own and go
	// with it when it is removed.
	at := len(rules)
	if at > 0 && len(rules[at-1].From) == 0 {
		at--
	}
	if err := s.writeSynonymRules(slices.Insert(rules, at, r)); err != nil {
		return synfile.Rule{}, err
	}
	return r, nil
}

// RemoveSynonyms removes every rule that names all of words and returns
// them; none is ErrNotFound.
func (s *Store) RemoveSynonyms(words []string) ([]synfile.Rule, error) {
	if err := s.writable(); err != nil {
		return nil, err
	}
	s.synMu.Lock()
	defer s.synMu.Unlock()
	rules, err := s.readSynonymRules()
	if err != nil {
		return nil, err
	}
	var kept, removed []synfile.Rule
	for _, r := range rules {
		if len(r.From) > 0 && r.Has(words...) {
			removed = append(removed, r)
		} else {
			kept = append(kept, r)
		}
	}
	if len(removed) == 0 {
		return nil, fmt.Errorf("%w: %s", notFound("no synonym names"), strings.Join(words, " "))
	}
	return removed, s.writeSynonymRules(kept)
}

// notFound is ErrNotFound in words of its own ("no synonym names"), for
// what is not a report.
type notFound string

func (e notFound) Error() string        { return string(e) }
func (e notFound) Is(target error) bool { return target == ErrNotFound }

// readSynonymRules reads the file as it is on disk now.
func (s *Store) readSynonymRules() ([]synfile.Rule, error) {
	b, err := os.ReadFile(s.path(SynonymsFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	rules, err := synfile.Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (mend it first; nothing was changed)", s.path(SynonymsFile), err)
	}
	return rules, nil
}

// writeSynonymRules replaces the file whole (a reader sees the old or
// the new one) and puts the rules in effect.
func (s *Store) writeSynonymRules(rules []synfile.Rule) error {
	if err := journal.WriteFileAtomic(s.path(SynonymsFile), synfile.Format(rules)); err != nil {
		return fmt.Errorf("write %s: %w", SynonymsFile, err)
	}
	s.synState()
	return nil
}

// legacySynonyms is where index generations kept the admins' synonyms
// before they were read at question time: a reindex copied the data
// directory's synonyms.txt into the generation it built, and that copy
// was in effect.
func (s *Store) legacySynonyms() string {
	gen, _ := s.current()
	if gen == "" {
		return ""
	}
	p := s.path(indexDir, gen, SynonymsFile)
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// migrateSynonyms moves the synonyms a live index generation holds to
// the data directory, under the lock, once: when the directory has no
// synonyms.txt of its own, the generation's copy was the one in effect
// and becomes the file; when it has one, that file (the admins' latest)
// is kept. Either way the generation's copy goes, so one file says which
// synonyms are in effect.
func (s *Store) migrateSynonyms() error {
	old := s.legacySynonyms()
	if old == "" {
		return nil
	}
	if _, err := os.Stat(s.path(SynonymsFile)); errors.Is(err, fs.ErrNotExist) {
		b, err := os.ReadFile(old)
		if err != nil {
			return fmt.Errorf("move %s: %w", old, err)
		}
		if err := journal.WriteFileAtomic(s.path(SynonymsFile), b); err != nil {
			return fmt.Errorf("move %s: %w", old, err)
		}
	}
	return os.Remove(old)
}
