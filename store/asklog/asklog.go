// Package asklog keeps the members' questions in the data directory
// (questions.jsonl), for the admins: what was asked, whether it was
// answered and from which section, 👍/👎 on the answers, and the groups
// of questions an admin dismissed as out of scope.
//
// The log is append-only JSON lines and bounded (MaxBytes: past it, the
// oldest half goes). It keeps no message text beyond the question (for a
// follow-up not answered, beyond how it was read: the member's own
// question before it and the words of the reading), and a member is
// named only by a keyed hash of their Telegram user ID (the key,
// questions.key, is the directory's own and never leaves it), enough to
// count distinct members and nothing more.
package asklog

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/reportbot/reportbot/store/journal"
)

// File names in the data directory.
const (
	FileName = "questions.jsonl"
	KeyFile  = "questions.key"
	// legacyFeedback is the bot's 👍/👎 file before this log: moved into
	// it (user IDs hashed) by Open, then removed.
	legacyFeedback = "feedback.jsonl"
)

// MaxBytes bounds the log. At about 150 bytes an entry it holds some
// 50,000 questions: months of a union's chat, and a file every command
// reads whole in well under a second.
const MaxBytes = 8 << 20

// Kinds of entries.
const (
	KindAsked   = "asked"   // a member's question and whether it was answered
	KindVote    = "vote"    // 👍/👎 on an answer
	KindDismiss = "dismiss" // an admin dismissed a group of questions as out of scope
)

// Entry is one line of the log.
type Entry struct {
	Time time.Time `json:"t"`
	Kind string    `json:"k"`
	// User is the keyed hash of the member's Telegram user ID.
	User     string `json:"u,omitempty"`
	Question string `json:"q,omitempty"`
	// Found: the question was answered (asked), or the vote is on an answer.
	Found bool `json:"found,omitempty"`
	// Section is where the answer came from ("report · section"), or for
	// a question not answered the nearest section.
	Section string `json:"sec,omitempty"`
	// Passage is the key of the passage answered or voted on.
	Passage string `json:"p,omitempty"`
	Vote    string `json:"v,omitempty"` // "up" or "down"
	// Reading is how a question not answered was read when the bot read
	// it as a follow-up, with the member's question before it: "那女职工呢"
	// alone asks nothing /unanswered could list or ask again. Nil for a
	// question read alone, and for one answered (only /unanswered reads it).
	Reading *Reading `json:"read,omitempty"`
	// Answer names the message a vote is on: a keyed hash of its chat and
	// message IDs (the chat of a private conversation is the member's own
	// ID), so a member's votes on one answer are told from their votes on
	// another. A member has one vote per answer and passage: a later one
	// replaces it (see Voted).
	Answer string `json:"a,omitempty"`
	// Questions are a dismissed group's questions as the bot read them
	// (Asked.AsRead: the known negatives); By is the admin who dismissed it.
	Questions []string `json:"qs,omitempty"`
	By        string   `json:"by,omitempty"`
}

// Log appends to a data directory's log. It is safe for concurrent use;
// one process writes it (the one holding the directory's lock).
type Log struct {
	dir      string
	key      []byte
	maxBytes int64

	mu   sync.Mutex
	size int64 // the file's size as this process last wrote it
	// votes is each member's standing vote per answer and passage, read
	// from the file at the first vote; nil until then and after the file
	// is compacted.
	votes map[voteKey]string
}

// voteKey is what one vote is about: one member's opinion of one passage
// given as one answer.
type voteKey struct{ user, answer, passage string }

func (e Entry) voteKey() voteKey { return voteKey{e.User, e.Answer, e.Passage} }

// ErrSameVote is returned for a vote the member has already given on
// that answer; nothing is written.
var ErrSameVote = errors.New("the same vote again")

// Open opens dir's log for appending, making its key on first use and
// moving an old feedback.jsonl into it. The caller holds the directory's
// lock.
func Open(dir string) (*Log, error) {
	key, err := loadKey(dir)
	if err != nil {
		return nil, err
	}
	l := &Log{dir: dir, key: key, maxBytes: MaxBytes}
	if err := l.endLine(); err != nil {
		return nil, err
	}
	if err := l.migrateFeedback(); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *Log) path() string { return filepath.Join(l.dir, FileName) }

// endLine sets the log's size, first cutting off a last line a crash
// left without its newline: the next append, glued onto it, would be
// lost with it.
func (l *Log) endLine() error {
	f, err := os.OpenFile(l.path(), os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("question log: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("question log: %w", err)
	}
	size := fi.Size()
	// Back from the end, a block at a time, to the last newline.
	buf := make([]byte, 4096)
	end := size
	for end > 0 {
		n := min(int64(len(buf)), end)
		if _, err := f.ReadAt(buf[:n], end-n); err != nil {
			return fmt.Errorf("question log: %w", err)
		}
		if i := bytes.LastIndexByte(buf[:n], '\n'); i >= 0 {
			end = end - n + int64(i) + 1
			break
		}
		end -= n
	}
	if end < size {
		if err := f.Truncate(end); err != nil {
			return fmt.Errorf("question log: %w", err)
		}
	}
	l.size = end
	return nil
}

// keyBytes is the size of the hashing key: HMAC-SHA256's block-worth of
// randomness is more than enough, 32 bytes is the usual choice.
const keyBytes = 32

func loadKey(dir string) ([]byte, error) {
	path := filepath.Join(dir, KeyFile)
	b, err := os.ReadFile(path)
	if err == nil {
		key, err := hex.DecodeString(string(bytes.TrimSpace(b)))
		if err != nil || len(key) != keyBytes {
			return nil, fmt.Errorf("%s is not a key: remove it to make a new one (members are then counted anew)", path)
		}
		return key, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	key := make([]byte, keyBytes)
	rand.Read(key)
	if err := journal.WriteFileAtomic(path, []byte(hex.EncodeToString(key)+"\n")); err != nil {
		return nil, fmt.Errorf("make %s: %w", KeyFile, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		return nil, err
	}
	return key, nil
}

// HashUser names a member in the log: the first 12 hex digits (48 bits)
// of the HMAC-SHA256 of their user ID. That tells a directory's members
// apart (a collision is about even odds only at ten million members) and
// cannot be turned back into the ID without the key.
func (l *Log) HashUser(user int64) string {
	if user == 0 {
		return ""
	}
	return l.hash(strconv.FormatInt(user, 10))
}

// hashAnswer names the message an answer was sent as, by the same keyed
// hash as members ("" for none): chat IDs are members' IDs in private
// chats, and stay out of the log.
func (l *Log) hashAnswer(chat int64, message int) string {
	if chat == 0 && message == 0 {
		return ""
	}
	return l.hash("answer:" + strconv.FormatInt(chat, 10) + "/" + strconv.Itoa(message))
}

// hash is the first 12 hex digits of s's HMAC-SHA256 under the log's key.
func (l *Log) hash(s string) string {
	m := hmac.New(sha256.New, l.key)
	m.Write([]byte(s))
	return hex.EncodeToString(m.Sum(nil))[:12]
}

// Asked records a member's question: answered (found) from section's
// passage, or not, with the nearest section.
func (l *Log) Asked(at time.Time, user int64, question string, found bool, section, passage string) error {
	return l.AskedAs(at, user, question, nil, found, section, passage)
}

// AskedAs records a member's question as Asked does, with how the bot
// read it when it read it as a follow-up (read; nil when it read it
// alone). The reading is kept for a question not answered only: it is
// what /unanswered lists and asks again.
func (l *Log) AskedAs(at time.Time, user int64, question string, read *Reading, found bool, section, passage string) error {
	e := Entry{Time: at, Kind: KindAsked, User: l.HashUser(user), Question: question, Found: found, Section: section, Passage: passage}
	if !found && read != nil && len(read.Words) > 0 {
		e.Reading = read
	}
	return l.Append(e)
}

// Reading is how the bot read a follow-up (answer.Reading): with the
// member's question before it, as these words.
type Reading struct {
	// Previous is the question the message was read with: the member's
	// own, asked just before it in the same conversation.
	Previous string `json:"prev"`
	// Words are what the message was read as, its own words and those
	// kept from the question before ("女职工", "全省", "有多少职工").
	Words []string `json:"words"`
}

// Phrase joins the reading's words as the bot showed them ("按「女职工 +
// 全省 + 有多少职工」理解"), which asked alone the engine reads as them.
func (r Reading) Phrase() string { return strings.Join(r.Words, " + ") }

// Voted records 👍 ("up") or 👎 ("down") on the answer to question that
// showed passage in message of chat. A member has one vote per answer: a
// changed vote is recorded and replaces the earlier one (readers count
// the last), the same vote again is ErrSameVote and writes nothing.
func (l *Log) Voted(at time.Time, user, chat int64, message int, question, passage, vote string) error {
	e := Entry{Time: at, Kind: KindVote, User: l.HashUser(user), Question: question, Passage: passage, Vote: vote, Found: true,
		Answer: l.hashAnswer(chat, message)}
	b, err := marshal(e)
	if err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if e.Answer != "" && l.votes == nil {
		entries, err := Read(l.dir)
		if err != nil {
			return err
		}
		l.votes = map[voteKey]string{}
		for _, v := range counted(entries) {
			if v.Kind == KindVote && v.Answer != "" {
				l.votes[v.voteKey()] = v.Vote
			}
		}
	}
	if e.Answer != "" && l.votes[e.voteKey()] == vote {
		return ErrSameVote
	}
	if err := l.write(b); err != nil {
		return err
	}
	if e.Answer != "" && l.votes != nil { // nil: compacted, read again at the next vote
		l.votes[e.voteKey()] = vote
	}
	return nil
}

// Dismiss records an admin's decision that a group of questions is out
// of the reports' scope: the group leaves /unanswered, and its questions
// become known negatives (see Negatives).
func (l *Log) Dismiss(at time.Time, by string, questions []string) error {
	if len(questions) == 0 {
		return errors.New("nothing to dismiss")
	}
	return l.Append(Entry{Time: at, Kind: KindDismiss, Questions: questions, By: by})
}

// Append writes entries in one write, first dropping the oldest half of
// the log when it has grown past its bound.
func (l *Log) Append(entries ...Entry) error {
	b, err := marshal(entries...)
	if err != nil || len(b) == 0 {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.write(b)
}

// marshal is entries as JSON lines.
func marshal(entries ...Entry) ([]byte, error) {
	var b []byte
	for _, e := range entries {
		line, err := json.Marshal(e)
		if err != nil {
			return nil, err
		}
		b = append(append(b, line...), '\n')
	}
	return b, nil
}

// write appends JSON lines b in one write, compacting first when the log
// would grow past its bound. The caller holds l.mu.
func (l *Log) write(b []byte) error {
	if l.size+int64(len(b)) > l.maxBytes {
		if err := l.compact(); err != nil {
			return err
		}
	}
	f, err := os.OpenFile(l.path(), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("question log: %w", err)
	}
	defer f.Close()
	before := l.size
	n, err := f.Write(b)
	if err != nil {
		// A line cut short would glue the next append onto it and lose
		// both: the file goes back to where it was.
		if n > 0 {
			if terr := f.Truncate(before); terr != nil {
				l.size = before + int64(n)
				return fmt.Errorf("question log: %w (and a partial line is left: %v)", err, terr)
			}
		}
		return fmt.Errorf("question log: %w", err)
	}
	l.size += int64(n)
	return nil
}

// compact rewrites the log with its newer half and every dismissal (an
// admin's decision outlives the questions that led to it). The new file
// is renamed into place: a reader sees the old log or the new one.
func (l *Log) compact() error {
	entries, err := Read(l.dir)
	if err != nil {
		return err
	}
	var keep bytes.Buffer
	var kept int64
	var newest [][]byte
	full := false // the newer half taken: only dismissals from then on
	for i := len(entries) - 1; i >= 0; i-- {
		b, _ := json.Marshal(entries[i])
		if entries[i].Kind != KindDismiss {
			// The first entry that does not fit ends the half kept: an
			// older, shorter one after it would leave a gap in it.
			full = full || kept+int64(len(b))+1 > l.maxBytes/2
			if full {
				continue
			}
		}
		kept += int64(len(b)) + 1
		newest = append(newest, b)
	}
	for i := len(newest) - 1; i >= 0; i-- {
		keep.Write(newest[i])
		keep.WriteByte('\n')
	}
	if err := journal.WriteFileAtomic(l.path(), keep.Bytes()); err != nil {
		return fmt.Errorf("question log: %w", err)
	}
	l.size = int64(keep.Len())
	l.votes = nil // the votes dropped may have stood
	return nil
}

// counted is entries without the votes a later vote replaced: one per
// member, answer and passage, the last. Votes that name no answer (moved
// from a feedback.jsonl older than one vote per answer) each count.
func counted(entries []Entry) []Entry {
	last := map[voteKey]int{}
	for i, e := range entries {
		if e.Kind == KindVote && e.Answer != "" {
			last[e.voteKey()] = i
		}
	}
	out := make([]Entry, 0, len(entries))
	for i, e := range entries {
		if e.Kind == KindVote && e.Answer != "" && last[e.voteKey()] != i {
			continue
		}
		out = append(out, e)
	}
	return out
}

// Read reads dir's log, oldest first; no log is no entries. A line that
// does not parse (the last one, cut by a crash) is skipped. It takes no
// lock: readers run beside the writer.
func Read(dir string) ([]Entry, error) {
	f, err := os.Open(filepath.Join(dir, FileName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("question log: %w", err)
	}
	defer f.Close()
	var out []Entry
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var e Entry
		if json.Unmarshal(sc.Bytes(), &e) == nil && e.Kind != "" {
			out = append(out, e)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("question log: %w", err)
	}
	return out, nil
}

// migrateFeedback moves the bot's old feedback.jsonl (votes and
// unanswered questions, raw user IDs) into the log, hashing the IDs, and
// removes it.
func (l *Log) migrateFeedback() error {
	old := filepath.Join(l.dir, legacyFeedback)
	b, err := os.ReadFile(old)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var entries []Entry
	for _, line := range bytes.Split(b, []byte("\n")) {
		var fb struct {
			Time     time.Time `json:"time"`
			User     int64     `json:"user"`
			Question string    `json:"question"`
			Passage  string    `json:"passage"`
			Vote     string    `json:"vote"`
			Found    bool      `json:"found"`
			// Where the answer voted on was sent, in a file written
			// since votes were one per member and answer.
			Chat    int64 `json:"chat"`
			Message int   `json:"message"`
		}
		if json.Unmarshal(line, &fb) != nil {
			continue
		}
		e := Entry{Time: fb.Time, User: l.HashUser(fb.User), Question: fb.Question, Passage: fb.Passage, Found: fb.Found,
			Answer: l.hashAnswer(fb.Chat, fb.Message)}
		switch {
		case fb.Vote != "":
			e.Kind, e.Vote = KindVote, fb.Vote
		case fb.Question != "":
			e.Kind = KindAsked
		default:
			continue
		}
		entries = append(entries, e)
	}
	// One write, then the old file goes: a crash between the two moves
	// its entries again at the next start (counted twice), never loses them.
	if err := l.Append(entries...); err != nil {
		return err
	}
	return os.Remove(old)
}
