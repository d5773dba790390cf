package answer

import (
	"testing"

	"github.com/reportbot/reportbot/index"
)

// weightOf is what the question's position holding word counts for.
func weightOf(t *testing.T, e *Engine, q, word string) (w, mean float64) {
	t.Helper()
	tokens := e.ix.Analyze(q)
	qr, err := e.queryTerms(q, tokens)
	if err != nil {
		t.Fatal(err)
	}
	group, n := -1, 0
	for _, tm := range qr.terms {
		if tm.text == word {
			group = tm.group
		}
	}
	if group < 0 {
		t.Fatalf("%s: no term %q in %+v", q, word, qr.terms)
	}
	for _, tm := range qr.terms {
		if tm.known && tm.factor == 1 && tm.group != group {
			mean += qr.weights[tm.group]
			n++
		}
	}
	return qr.weights[group], mean / float64(n)
}

// TestEverydayNounWeighsAsMean checks that a noun of everyday language
// the report does not use counts as EverydayNoun shares of the known
// words' mean when it stands apart, and as UnknownNoun shares when it is
// written against a report noun and names a thing of its own (工会主席).
func TestEverydayNounWeighsAsMean(t *testing.T) {
	e := mustEngine(t)
	for _, c := range []struct {
		q, word string
		share   float64
	}{
		{"工会干部有没有网校", "网校", e.Weights.EverydayNoun},
		{"工会主席选举程序是什么", "主席", e.Weights.UnknownNoun},
		// A measure word beside it makes no compound with it.
		{"医疗互助金发给了多少人次生病的职工", "生病", e.Weights.EverydayNoun},
	} {
		if !index.IsEverydayWord(c.word) {
			t.Fatalf("%s is not an everyday word", c.word)
		}
		w, mean := weightOf(t, e, c.q, c.word)
		if w < 0.8*c.share*mean || w > 1.2*c.share*mean {
			t.Errorf("%s: %s weighs %.2f, want about %.1f × %.2f", c.q, c.word, w, c.share, mean)
		}
	}
}

// endsCount tells a measure word ending a count (多少人次, 3个, 100多人)
// from the same word after anything else (工会 + 人).
func TestEndsCount(t *testing.T) {
	for _, c := range []struct {
		before, word string
		want         bool
	}{
		{"医疗互助金发给了多少", "人次", true},
		{"建了3", "个", true},
		{"选了几", "名", true},
		{"来了三", "位", true},
		{"帮扶了100多", "人", true},
		{"办了二十来", "期", true},
		{"全省工会", "人", false},
		{"多少工会", "主席", false}, // no measure word
	} {
		if got := endsCount(c.before, index.Term{Text: c.word}); got != c.want {
			t.Errorf("endsCount(%q, %q) = %v, want %v", c.before, c.word, got, c.want)
		}
	}
}
