package answer

import (
	"context"
	"strings"
	"testing"

	"github.com/reportbot/reportbot/lang"
)

func adminEngine(t *testing.T, rules string) *Engine {
	t.Helper()
	syn, err := lang.ParseSynonyms(strings.NewReader(rules))
	if err != nil {
		t.Fatal(err)
	}
	e := *mustEngine(t)
	e.AdminSynonyms = fixedSource{syn}
	return &e
}

// An admin's word is looked up as the admin says, also when the analyzer
// cuts it into several words (打工人 → 打, 工人): its synonyms stand at
// its first word and its other words are not read on their own.
func TestAdminSynonymPhrase(t *testing.T) {
	e := adminEngine(t, "打工人 => 职工\n")
	const question = "打工人书屋建了多少个"
	q, err := e.queryTerms(question, e.ix.Analyze(question))
	if err != nil {
		t.Fatal(err)
	}
	var zhigong, gongren bool
	for _, term := range q.terms {
		zhigong = zhigong || term.text == "职工" && term.factor == e.Weights.Synonym
		gongren = gongren || term.text == "工人"
	}
	if !zhigong || gongren {
		t.Errorf("terms %+v: want 职工 for 打工人 and no 工人", q.terms)
	}
	plainEngine := mustEngine(t)
	plain, _ := plainEngine.queryTerms(question, plainEngine.ix.Analyze(question))
	gongren = false
	for _, term := range plain.terms {
		gongren = gongren || term.text == "工人" && term.factor == 1
	}
	if !gongren {
		t.Errorf("without the admin's synonym 工人 is read on its own: %+v", plain.terms)
	}
}

// The admins' synonyms are asked for at every question: a source that
// changes is read anew.
func TestAdminSynonymsReadPerQuestion(t *testing.T) {
	src := &changingSource{}
	e := *mustEngine(t)
	e.AdminSynonyms = src
	ask := func() bool {
		a, err := e.Ask(context.Background(), "饭卡发了多少张")
		if err != nil {
			t.Fatal(err)
		}
		return a.Found && strings.Contains(a.Passage.Text, "281.59万张")
	}
	if ask() {
		t.Fatal("answered with no synonym")
	}
	src.s, _ = lang.ParseSynonyms(strings.NewReader("饭卡 => 服务卡\n"))
	if !ask() {
		t.Error("not answered once the source has the synonym")
	}
}

// changingSource is a SynonymSource a test changes between questions.
type changingSource struct{ s lang.Synonyms }

func (c *changingSource) Synonyms() lang.Synonyms { return c.s }

func TestSuggestSynonyms(t *testing.T) {
	e := mustEngine(t)
	got, err := e.SuggestSynonyms(context.Background(), "饭卡发了多少张")
	if err != nil || len(got) != 1 || got[0] != (Suggestion{"饭卡", "服务卡"}) {
		t.Errorf("SuggestSynonyms(饭卡发了多少张) = %v, %v; want 饭卡 → 服务卡 alone (立卡 is no noun)", got, err)
	}
	// A place name is not offered a synonym, nor a word sharing only a
	// first character (上海 → 上线).
	if got, err := e.SuggestSynonyms(context.Background(), "明天上海会下雨吗"); err != nil || len(got) != 0 {
		t.Errorf("SuggestSynonyms(明天上海会下雨吗) = %v, %v; want none", got, err)
	}
	// Nor one gse tags as no place that lang's list names, which pins the
	// question (恩施 n: 恩施 => 措施 would answer it with another place's
	// measures).
	if got, err := e.SuggestSynonyms(context.Background(), "恩施职工有多少"); err != nil || len(got) != 0 {
		t.Errorf("SuggestSynonyms(恩施职工有多少) = %v, %v; want none", got, err)
	}
	// A word the admins' synonyms already look up is not offered again:
	// `reportbot unanswered` offered the rule just added for a question
	// still unanswered for another reason.
	added, _ := lang.ParseSynonyms(strings.NewReader("饭卡 => 服务卡\n"))
	with := *e
	with.AdminSynonyms = fixedSource{added}
	if got, err := with.SuggestSynonyms(context.Background(), "饭卡发了多少张"); err != nil || len(got) != 0 {
		t.Errorf("SuggestSynonyms(饭卡发了多少张) with 饭卡 => 服务卡 added = %v, %v; want none", got, err)
	}
}

// A synonym that would make a known negative answerable is found before
// it is added; one that does not is not flagged.
func TestNewlyAnswered(t *testing.T) {
	e := mustEngine(t)
	trial, _ := lang.ParseSynonyms(strings.NewReader("饭卡 => 服务卡\n"))
	negatives := []string{"饭卡发了多少张", "明天上海会下雨吗?", ""}
	got, err := e.NewlyAnswered(context.Background(), trial, negatives)
	if err != nil || len(got) != 1 || got[0] != "饭卡发了多少张" {
		t.Errorf("NewlyAnswered = %v, %v", got, err)
	}
}
