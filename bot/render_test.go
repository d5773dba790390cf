package bot

import (
	"strings"
	"testing"

	"github.com/reportbot/reportbot/answer"
)

// A refused question's nearest passage is introduced with what it does not
// say, escaped as all report text is.
func TestRenderNearestSaysWhatIsMissing(t *testing.T) {
	p := answer.Passage{Text: "今年7月20日,六盘水市成立快递行业工会联合会", Section: "4 建机制"}
	got := renderAnswer(answer.Answer{Nearest: &p, Unsaid: []string{"会员", "<b>"}})
	for _, want := range []string{"报告里没有找到这个问题的答案。", "没有提到「会员」「&lt;b&gt;」,不一定回答了你的问题", "六盘水市成立快递行业工会联合会"} {
		if !strings.Contains(got, want) {
			t.Errorf("render lacks %q:\n%s", want, got)
		}
	}
}
