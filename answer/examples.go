package answer

import (
	"context"
	"fmt"
)

// Answerable returns those of questions that e answers now (Answer.Found),
// each asked alone, in their order. It is the one rule for the example
// questions the bot and reportbot chat offer: an example the reports do
// not answer (the embedded report's, once it is removed) would teach a
// member that nothing is answered, and fill /unanswered with the bot's
// own question. Asking costs a fraction of a millisecond a question, so
// callers ask each time they offer, and the examples follow every change
// of the reports and synonyms with nothing to keep up to date.
//
// An engine that fails (a timeout, an index closed for a rebuild) says
// nothing of the reports: Answerable stops at the first question it
// cannot ask and returns that question and those after it unchecked,
// after the ones answered before it, with the error, so that the
// examples are offered as given rather than none. The slice returned is
// never questions itself.
func (e *Engine) Answerable(ctx context.Context, questions []string) ([]string, error) {
	var out []string
	for i, q := range questions {
		a, err := e.Ask(ctx, q)
		if err != nil {
			return append(out, questions[i:]...), fmt.Errorf("asking example %q: %w", q, err)
		}
		if a.Found {
			out = append(out, q)
		}
	}
	return out, nil
}
