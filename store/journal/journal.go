// Package journal is the data directory's write-ahead record of a change
// of reports: the intent is on disk before any report folder moves, the
// commit once the new index is live, and the record is cleared when the
// change is done. A process starting after a crash finds at most one
// record and rolls it back (intent) or forward (commit).
package journal

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// FileName is the journal's name in the data directory.
const FileName = "journal"

// Ops of a record.
const (
	OpAdd    = "add"    // a new report, or a replacement of ID
	OpRemove = "remove" // removal of ID
)

// States of a record.
const (
	// StateIntent: report folders may have moved; the live index is
	// still PrevGen. Roll back.
	StateIntent = "intent"
	// StateCommit: the index built with the change is live. Roll forward:
	// delete Aside.
	StateCommit = "commit"
)

// Record is one change in progress. Folder names are relative to the
// reports directory.
type Record struct {
	Op    string `json:"op"`
	State string `json:"state"`
	ID    string `json:"id"`
	// Staged is the folder the new version was written to before it is
	// renamed to ID (adds only).
	Staged string `json:"staged,omitempty"`
	// Aside is where the version being replaced or removed is kept until
	// the change is committed ("" for an add of a new ID).
	Aside string `json:"aside,omitempty"`
	// PrevGen is the index generation live before the change.
	PrevGen string `json:"prev_gen"`
}

// Write makes rec the journal of dir, durably: a crash leaves the
// previous record or this one, never a mix.
func Write(dir string, rec Record) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	if err := WriteFileAtomic(filepath.Join(dir, FileName), append(b, '\n')); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return nil
}

// Read returns dir's record, or ok false when no change is in progress.
func Read(dir string) (rec Record, ok bool, err error) {
	b, err := os.ReadFile(filepath.Join(dir, FileName))
	if errors.Is(err, os.ErrNotExist) {
		return Record{}, false, nil
	}
	if err != nil {
		return Record{}, false, fmt.Errorf("journal: %w", err)
	}
	if err := json.Unmarshal(b, &rec); err != nil {
		return Record{}, false, fmt.Errorf("journal %s: %w: %w", filepath.Join(dir, FileName), ErrNotARecord, err)
	}
	return rec, true, nil
}

// ErrNotARecord is the error Read wraps when the file holds no record:
// written by someone else, as a record is never written half. Any other
// error (EMFILE, EIO) says nothing of the record, which may still be
// there to finish.
var ErrNotARecord = errors.New("not a record")

// Clear ends the change: dir has no record.
func Clear(dir string) error {
	if err := os.Remove(filepath.Join(dir, FileName)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("journal: %w", err)
	}
	return SyncDir(dir)
}

// WriteFileAtomic writes data to a temporary file, syncs it and renames it
// over name, then syncs the directory: after a crash, even of the
// machine, name holds the old or the new content.
func WriteFileAtomic(name string, data []byte) error {
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
	if err := os.Rename(tmp.Name(), name); err != nil {
		return err
	}
	if err := SyncDir(filepath.Dir(name)); err != nil {
		return fmt.Errorf("%w: %w", ErrUnsynced, err)
	}
	return nil
}

// ErrUnsynced is the error WriteFileAtomic wraps when the file was
// renamed into place and only the sync of its directory failed: name
// holds the new content, though a crash of the machine may still undo
// the rename.
var ErrUnsynced = errors.New("renamed, directory not synced")

// SyncDir flushes a directory's entries (renames, creations) to disk.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}
