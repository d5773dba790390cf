package asklog

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestLogHashesUsersAndKeepsOnlyTheQuestion(t *testing.T) {
	dir := t.TempDir()
	l, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	if err := l.Asked(now, 123456789, "饭卡发了多少张", false, "7 强基础", ""); err != nil {
		t.Fatal(err)
	}
	l.Voted(now, 123456789, 123456789, 9, "会员卡发了多少张", "p1", "down")
	b, _ := os.ReadFile(filepath.Join(dir, FileName))
	if strings.Contains(string(b), "123456789") {
		t.Errorf("a user ID in the log:\n%s", b)
	}
	entries, err := Read(dir)
	if err != nil || len(entries) != 2 {
		t.Fatalf("read: %v %+v", err, entries)
	}
	if entries[0].User == "" || entries[0].User != entries[1].User || len(entries[0].User) != 12 {
		t.Errorf("users %q %q: want one 12-digit hash", entries[0].User, entries[1].User)
	}
	// The same directory hashes the same member alike after a restart;
	// another directory (another key) does not.
	l2, _ := Open(dir)
	other, _ := Open(t.TempDir())
	if l2.HashUser(123456789) != entries[0].User || other.HashUser(123456789) == entries[0].User {
		t.Error("hash not stable per directory or not keyed")
	}
	if fi, _ := os.Stat(filepath.Join(dir, KeyFile)); fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v", fi.Mode().Perm())
	}
}

// The log stays under its bound: the oldest entries go, dismissals stay.
func TestLogIsBounded(t *testing.T) {
	dir := t.TempDir()
	l, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	l.maxBytes = 4 << 10
	now := time.Now()
	l.Dismiss(now, "telegram:1", []string{"明天上海下雨吗"})
	for i := range 200 {
		if err := l.Asked(now, int64(i), fmt.Sprintf("第%d个问题", i), false, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	fi, _ := os.Stat(filepath.Join(dir, FileName))
	if fi.Size() > l.maxBytes {
		t.Errorf("log is %d bytes, bound %d", fi.Size(), l.maxBytes)
	}
	entries, _ := Read(dir)
	if n := Negatives(entries); len(n) != 1 {
		t.Errorf("the dismissal was dropped: %v", n)
	}
	if last := entries[len(entries)-1]; last.Question != "第199个问题" {
		t.Errorf("newest entry %+v", last)
	}
	if entries[1].Question == "第0个问题" {
		t.Error("the oldest questions were kept")
	}
}

// The bot's old feedback.jsonl moves into the log, user IDs hashed.
func TestFeedbackMovesIntoTheLog(t *testing.T) {
	dir := t.TempDir()
	old := `{"time":"2026-11-01T10:00:00Z","user":42,"question":"明天上海会下雨吗?","found":false}
{"time":"2026-11-01T10:01:00Z","user":42,"passage":"guizhou#7","vote":"down","found":true}
not json
{"time":"2026-11-01T10:02:00Z","user":43,"passage":"guizhou#7","vote":"up","found":true,"chat":5001,"message":77}
{"time":"2026-11-01T10:03:00Z","user":43,"passage":"guizhou#7","vote":"down","found":true,"chat":5001,"message":77}
`
	os.WriteFile(filepath.Join(dir, legacyFeedback), []byte(old), 0o644)
	if _, err := Open(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, legacyFeedback)); !os.IsNotExist(err) {
		t.Error("feedback.jsonl is still there")
	}
	entries, _ := Read(dir)
	if len(entries) != 4 || entries[0].Kind != KindAsked || entries[1].Kind != KindVote || entries[1].Vote != "down" || entries[0].User == "" || entries[0].User == "42" {
		t.Errorf("moved: %+v", entries)
	}
	// A vote that names its answer keeps doing so: the member's changed
	// vote replaced the earlier one. The older vote, naming none, counts.
	if entries[1].Answer != "" || entries[3].Answer == "" || entries[3].Answer != entries[2].Answer {
		t.Errorf("answers of the moved votes: %+v", entries)
	}
	if st := Summarize(entries, 1, time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)); st.Up != 0 || st.Down != 2 {
		t.Errorf("moved votes counted up %d down %d, want 0 and 2", st.Up, st.Down)
	}
}

func TestSummarize(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	now := time.Date(2026, 11, 25, 20, 0, 0, 0, loc)
	at := func(daysAgo int) time.Time { return now.AddDate(0, 0, -daysAgo) }
	entries := []Entry{
		{Time: at(10), Kind: KindAsked, User: "x", Question: "太早", Found: true, Section: "旧"},
		{Time: at(2), Kind: KindAsked, User: "a", Question: "q1", Found: true, Section: "7 强基础", Passage: "p7"},
		{Time: at(2), Kind: KindAsked, User: "b", Question: "q2", Found: false},
		{Time: at(0), Kind: KindAsked, User: "a", Question: "q3", Found: true, Section: "7 强基础", Passage: "p7"},
		{Time: at(0), Kind: KindAsked, User: "a", Question: "q4", Found: true, Section: "2 强担当", Passage: "p2"},
		{Time: at(0), Kind: KindVote, User: "a", Question: "q3", Passage: "p7", Vote: "down"},
		{Time: at(0), Kind: KindVote, User: "b", Question: "q3", Passage: "p7", Vote: "down"},
		{Time: at(0), Kind: KindVote, User: "b", Question: "q4", Passage: "p2", Vote: "up"},
	}
	st := Summarize(entries, 7, now)
	if len(st.Days) != 7 || st.Days[4].Asked != 2 || st.Days[4].Answered != 1 || st.Days[6].Asked != 2 || st.Days[6].Date.Day() != 25 {
		t.Errorf("days: %+v", st.Days)
	}
	if st.Asked != 4 || st.Answered != 3 || st.Members != 2 || st.Share() != 0.75 || st.Up != 1 || st.Down != 2 {
		t.Errorf("totals: %+v", st)
	}
	if len(st.Sections) != 2 || st.Sections[0] != (Count{"7 强基础", 2}) {
		t.Errorf("sections: %+v", st.Sections)
	}
	if len(st.Disliked) != 1 || st.Disliked[0] != (Disliked{Passage: "p7", Section: "7 强基础", Question: "q3", Down: 2}) {
		t.Errorf("disliked: %+v", st.Disliked)
	}
}

// voteDay is the day of the vote tests' entries; voteAt is the hour
// they are logged at, counted back from its 20:00.
func voteDay() time.Time { return time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC) }

func voteAt(hours int) time.Time { return voteDay().Add(time.Duration(hours-10) * time.Hour) }

// wantDisliked checks the answers Summarize finds disliked on voteDay.
func wantDisliked(t *testing.T, entries []Entry, want []Disliked) {
	t.Helper()
	if got := Summarize(entries, 1, voteDay()).Disliked; !slices.Equal(got, want) {
		t.Errorf("disliked:\n got %+v\nwant %+v", got, want)
	}
}

// TestVotesAcrossAReplacedReport: a passage key names a report's place,
// so after the report is replaced it may name another passage. The votes
// given before are on the passage of then, not added to the new one's.
func TestVotesAcrossAReplacedReport(t *testing.T) {
	entries := []Entry{
		{Time: voteAt(0), Kind: KindAsked, User: "a", Question: "q1", Found: true, Section: "1 旧章节", Passage: "r/3"},
		{Time: voteAt(1), Kind: KindVote, User: "a", Question: "q1", Passage: "r/3", Vote: "down"},
		{Time: voteAt(2), Kind: KindVote, User: "b", Question: "q1", Passage: "r/3", Vote: "down"},
		// The report is replaced: r/3 is now a passage of another section.
		{Time: voteAt(5), Kind: KindAsked, User: "c", Question: "q2", Found: true, Section: "4 新章节", Passage: "r/3"},
		{Time: voteAt(6), Kind: KindVote, User: "c", Question: "q2", Passage: "r/3", Vote: "down"},
		{Time: voteAt(7), Kind: KindVote, User: "d", Question: "q2", Passage: "r/3", Vote: "up"},
	}
	wantDisliked(t, entries, []Disliked{
		{Passage: "r/3", Section: "1 旧章节", Question: "q1", Down: 2},
		{Passage: "r/3", Section: "4 新章节", Question: "q2", Down: 1, Up: 1},
	})
}

// TestOneVotePerMemberAndAnswer: the same vote again is ErrSameVote and
// writes nothing, also after a restart; a changed vote replaces the
// earlier one in Summarize and Groups; the same member may vote on
// another answer, and another member on the same one.
func TestOneVotePerMemberAndAnswer(t *testing.T) {
	dir := t.TempDir()
	l, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	const q, p = "会员卡发了多少张", "guizhou/54"
	if err := l.Voted(now, 42, 5001, 77, q, p, "up"); err != nil {
		t.Fatal(err)
	}
	for range 20 {
		if err := l.Voted(now, 42, 5001, 77, q, p, "up"); !errors.Is(err, ErrSameVote) {
			t.Fatalf("the same vote again: %v", err)
		}
	}
	if entries, _ := Read(dir); len(entries) != 1 {
		t.Fatalf("%d entries after 21 votes from one member", len(entries))
	}
	// A restart reads the votes back: still one vote.
	l, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Voted(now, 42, 5001, 77, q, p, "up"); !errors.Is(err, ErrSameVote) {
		t.Fatalf("the same vote after a restart: %v", err)
	}
	if err := l.Voted(now, 42, 5001, 77, q, p, "down"); err != nil {
		t.Fatalf("a changed vote: %v", err)
	}
	if err := l.Voted(now, 42, 5001, 77, q, p, "down"); !errors.Is(err, ErrSameVote) {
		t.Fatalf("the changed vote again: %v", err)
	}
	if err := l.Voted(now, 43, -100, 78, q, p, "up"); err != nil { // another member, another answer
		t.Fatal(err)
	}
	if err := l.Voted(now, 42, 5001, 80, q, p, "down"); err != nil { // the same member, another answer
		t.Fatal(err)
	}
	entries, _ := Read(dir)
	if len(entries) != 4 {
		t.Fatalf("entries: %+v", entries)
	}
	for _, e := range entries {
		if e.Answer == "" || strings.Contains(e.Answer, "5001") {
			t.Errorf("answer not named by a keyed hash: %+v", e)
		}
	}
	st := Summarize(entries, 1, now.Add(time.Minute))
	if st.Up != 1 || st.Down != 2 || len(st.Disliked) != 1 || st.Disliked[0].Down != 2 || st.Disliked[0].Up != 1 {
		t.Errorf("stats count each member's last vote per answer: up %d down %d disliked %+v", st.Up, st.Down, st.Disliked)
	}
	if g := Groups(entries); len(g) != 1 || g[0].Disliked != 2 {
		t.Errorf("groups count each member's last vote per answer: %+v", g)
	}
}

// TestCutLineIsDropped: a last line a crash left without its newline is
// cut off when the log is opened, so the next entry is not glued onto it
// and lost with it.
func TestCutLineIsDropped(t *testing.T) {
	dir := t.TempDir()
	l, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := l.Asked(now, 1, "第一", false, "", ""); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(dir, FileName), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"time":"2026-01-01T00:00:00Z","kind":"asked","quest`)
	f.Close()
	if l, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	if err := l.Asked(now, 2, "第二", false, "", ""); err != nil {
		t.Fatal(err)
	}
	got := questions(t, dir)
	if len(got) != 2 || got[0] != "第一" || got[1] != "第二" {
		t.Errorf("entries after a cut line: %q", got)
	}
}

// TestCompactKeepsTheNewerHalfWhole: compacting keeps the newest entries
// up to the first that does not fit, with no gap: an older, shorter
// entry never stays where a newer one went.
func TestCompactKeepsTheNewerHalfWhole(t *testing.T) {
	dir := t.TempDir()
	l, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for _, q := range []string{"旧一", "旧二", "旧三", "中间" + strings.Repeat("长", 300), "新一", "新二", "新三"} {
		if err := l.Asked(now, 1, q, false, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	l.maxBytes = 2 * 700 // the newer half: 700 bytes, the three new entries and not the long one
	l.mu.Lock()
	err = l.compact()
	l.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	got := questions(t, dir)
	if strings.Join(got, " ") != "新一 新二 新三" {
		t.Errorf("kept %q, want the three newest", got)
	}
}

// questions are the questions of dir's log entries, in order.
func questions(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Question)
	}
	return got
}

// TestChangedVoteAcrossAReplacedReport: a member who changes their vote
// on an answer given before the report was replaced changes their vote
// on the passage that answer showed: the changed vote stays with the
// section of then, not moved to the passage the key names since.
func TestChangedVoteAcrossAReplacedReport(t *testing.T) {
	entries := []Entry{
		{Time: voteAt(0), Kind: KindAsked, User: "a", Question: "q1", Found: true, Section: "1 旧章节", Passage: "r/3"},
		{Time: voteAt(1), Kind: KindVote, User: "a", Question: "q1", Passage: "r/3", Vote: "up", Answer: "m1"},
		// The report is replaced: r/3 is now a passage of another section.
		{Time: voteAt(5), Kind: KindAsked, User: "c", Question: "q2", Found: true, Section: "4 新章节", Passage: "r/3"},
		{Time: voteAt(6), Kind: KindVote, User: "c", Question: "q2", Passage: "r/3", Vote: "down", Answer: "m2"},
		// a changes their mind on the answer of before.
		{Time: voteAt(7), Kind: KindVote, User: "a", Question: "q1", Passage: "r/3", Vote: "down", Answer: "m1"},
	}
	wantDisliked(t, entries, []Disliked{
		{Passage: "r/3", Section: "1 旧章节", Question: "q1", Down: 1},
		{Passage: "r/3", Section: "4 新章节", Question: "q2", Down: 1},
	})
}

// TestVoteBeforeTheKeysFirstAnswer: a vote on a passage no answer in the
// log came from yet (one shown by 其他相关段落, which logs no question)
// counts with the section the key's next answers show, as one line with
// the later votes on it, not a line of its own with no section.
func TestVoteBeforeTheKeysFirstAnswer(t *testing.T) {
	entries := []Entry{
		{Time: voteAt(0), Kind: KindAsked, User: "a", Question: "q1", Found: true, Section: "1 章节", Passage: "r/1"},
		{Time: voteAt(1), Kind: KindVote, User: "a", Question: "q1", Passage: "r/7", Vote: "down", Answer: "m1"},
		{Time: voteAt(2), Kind: KindAsked, User: "b", Question: "q2", Found: true, Section: "3 章节", Passage: "r/7"},
		{Time: voteAt(3), Kind: KindVote, User: "b", Question: "q2", Passage: "r/7", Vote: "down", Answer: "m2"},
	}
	wantDisliked(t, entries, []Disliked{{Passage: "r/7", Section: "3 章节", Question: "q1", Down: 2}})
}
