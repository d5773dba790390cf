package answer

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/reportbot/reportbot/index"
)

// questionWords ask rather than tell: they are dropped from the query.
var questionWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`多少 几 几个 是 什么 啥 哪些 哪个 哪 哪里 哪儿 哪家 谁 吗 呢 么 嘛 吧 啊 呀 呗 怎么 怎样 咋 如何 为什么
		请问 问 问下 一下 想 知道 告诉 了解 咱 咱们 我们 我 你们 你 有 有没有 没有 了 过 共 一共 总共 总计 到底 大概 大约 左右 具体 情况
		共有 一共有 总共有 数量 数字 多 多高 多大 多长 多久 时候 什么时候 哪天 哪一天 何时 日子 比例 比率 占比 是否 能 可以 的话 这个 那个 些 都 还 又 呢 哈
		个 次 人 位 名 家 条 张 项 场 所 支 元 年 月 日 号 达到 达 给 让 帮 被 把 算 搞 弄 做 一 下 里 上 中`) {
		questionWords[w] = true
	}
}

// synonyms map members' everyday words to the report's words.
var synonyms = map[string][]string{
	"钱": {"资金", "经费", "元"}, "多少钱": {"资金", "经费", "元"}, "经费": {"资金"}, "资金": {"经费"},
	"人数": {"人次", "人"}, "人次": {"人数"}, "会员卡": {"服务卡"}, "小企业": {"小微"}, "小微企业": {"小微"},
	"退": {"返还"}, "发": {"发放"}, "发了": {"发放"}, "发出去": {"发放"}, "退还": {"返还"}, "返": {"返还"}, "建": {"建成", "创建"}, "建了": {"建成", "创建"}, "盖": {"建成"},
	"医生": {"医护", "医疗"}, "护士": {"医护"}, "比赛": {"大赛", "竞赛"}, "技能比赛": {"技能", "大赛"}, "竞赛": {"大赛", "比赛"},
	"大赛": {"竞赛"}, "开会": {"会议", "大会"}, "会": {"会议", "大会"}, "举办": {"举行", "召开"}, "开": {"召开", "开幕"},
	"参加": {"参与", "参赛"}, "参与": {"参加"}, "公司": {"企业"}, "企业": {"单位"}, "电话": {"热线"}, "热线电话": {"热线"},
	"女工": {"女职工"}, "劳模": {"劳动模范"}, "劳动模范": {"劳模"}, "工人": {"职工"}, "员工": {"职工"}, "职工": {"员工"},
	"帮扶": {"救助", "解困"}, "困难户": {"困难职工"}, "补助": {"补助", "资助"}, "资助": {"补助"}, "看病": {"医疗", "患病"},
	"生病": {"患病"}, "病": {"患病"}, "孩子": {"子女"}, "小孩": {"子女"}, "上学": {"入学", "助学"}, "找工作": {"招聘", "就业"},
	"工作岗位": {"岗位"}, "成了": {"成为"}, "变成": {"成为"}, "招工": {"招聘"}, "快递小哥": {"快递员", "快递"}, "快递员": {"快递"},
	"国企": {"公有制"}, "民营": {"非公有制"}, "国有": {"公有制"}, "现在": {"目前"}, "如今": {"目前"}, "国有企业": {"公有制"}, "民企": {"非公有制"}, "私企": {"非公有制"}, "民营企业": {"非公有制"},
	"网上": {"线上"}, "培训班": {"培训"}, "课": {"课程"}, "上课": {"课程"}, "书屋": {"书屋"}, "图书室": {"书屋"},
	"休息站": {"服务站"}, "驿站": {"服务站"}, "奖": {"奖"}, "荣誉": {"奖", "获评"}, "评上": {"获评"}, "表彰": {"获评", "命名"},
	"工会会员": {"会员"}, "会员": {"会员"}, "防疫": {"疫情防控"}, "新冠": {"疫情"}, "疫情期间": {"疫情"}, "扶贫": {"脱贫"},
	"工资": {"欠薪"}, "讨薪": {"欠薪"}, "拖欠": {"欠薪"}, "打官司": {"法律援助", "法院"}, "维权": {"维权"},
}

// synonymWeight discounts a match on a synonym against the member's own word.
const synonymWeight = 0.8

// term is one query word, or a synonym of one, with its inverse document
// frequency; terms of one position form a group.
type term struct {
	text   string
	group  int
	idf    float64
	factor float64 // 1, or synonymWeight
	known  bool    // occurs in the index
	// topical words name things (nouns); verbs and adverbs are phrasing.
	topical bool
}

// queryTerms analyses the question with the index's own analyzer, drops
// question words, adds synonyms and weighs every word by its rarity.
func (e *Engine) queryTerms(q string) ([]term, error) {
	n, err := e.ix.DocCount()
	if err != nil {
		return nil, err
	}
	var terms []term
	type key struct {
		text  string
		group int
	}
	seen := map[key]bool{}
	add := func(text string, group int, factor float64) error {
		if seen[key{text, group}] || questionWords[text] || isCountPhrase(text) {
			return nil
		}
		seen[key{text, group}] = true
		// Passages whose paragraph holds the word: in their own text or
		// in the rest of the paragraph.
		df, err := e.ix.DocFreq(index.FieldText, text)
		if err != nil {
			return err
		}
		rest, err := e.ix.DocFreq(index.FieldParagraph, text)
		if err != nil {
			return err
		}
		df += rest
		if df == 0 {
			if df, err = e.ix.DocFreq(index.FieldSection, text); err != nil {
				return err
			}
		}
		t := term{text: text, group: group, factor: factor, known: df > 0, topical: isTopical(text)}
		t.idf = idf(n, df)
		if !t.known && !t.topical {
			// A verb or adverb the report does not use is usually the
			// member's own phrasing ("发出去", "现在"), not a new topic.
			t.idf *= 0.3
		}
		if utf8.RuneCountInString(text) == 1 {
			// A single character says little on its own.
			t.idf *= 0.5
		}
		terms = append(terms, t)
		return nil
	}
	for _, t := range e.ix.Analyze(q) {
		n := len(terms)
		if err := add(t.Text, t.Position, 1); err != nil {
			return nil, err
		}
		if len(terms) > n && !terms[n].known && utf8.RuneCountInString(t.Text) > 1 && index.PartOfSpeech(t.Text) == "" {
			// gse's HMM glued characters into a word no dictionary or
			// passage knows ("奖有" in "示范奖有几项"): its characters
			// stand for it.
			for _, r := range t.Text {
				if err := add(string(r), t.Position, 1); err != nil {
					return nil, err
				}
			}
		}
		for _, s := range synonyms[t.Text] {
			for _, st := range e.ix.Analyze(s) {
				if err := add(st.Text, t.Position, synonymWeight); err != nil {
					return nil, err
				}
			}
		}
	}
	return terms, nil
}

// idf is BM25's inverse document frequency; an unknown word weighs as
// much as the rarest known one, so an off-topic word pulls coverage down.
func idf(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// isCountPhrase reports a numeral with its measure word as the question
// asks it: "几项", "几个", "多少个".
func isCountPhrase(w string) bool {
	rest, ok := strings.CutPrefix(w, "几")
	if !ok {
		rest, ok = strings.CutPrefix(w, "多少")
	}
	return ok && utf8.RuneCountInString(rest) <= 2
}

// isTopical reports whether a word names a thing: a noun (of any kind),
// a Latin word or a word gse does not know, such as a name.
func isTopical(word string) bool {
	pos := index.PartOfSpeech(word)
	return pos == "" || strings.HasPrefix(pos, "n") || pos == "eng" || pos == "j" || pos == "l" || pos == "i"
}

// expand turns terms into the weighted search query, one clause a word.
func expand(terms []term) []index.WeightedTerm {
	var out []index.WeightedTerm
	at := map[string]int{}
	for _, t := range terms {
		if !t.known {
			continue
		}
		w := t.idf * t.factor
		if i, ok := at[t.text]; ok {
			out[i].Weight = max(out[i].Weight, w)
			continue
		}
		at[t.text] = len(out)
		out = append(out, index.WeightedTerm{Text: t.text, Weight: w})
	}
	return out
}

// intent is what kind of answer a question wants.
type intent struct {
	quantity bool
	kind     string // "date", "percent", "money", "duration", "count" or ""
	unit     string // a measure word the question names: "个", "名", "人"…
	// procedure is the verb of a how-to question ("申请" in "怎么申请"):
	// a passage that never uses it does not explain the procedure.
	procedure string
}

var (
	dateRe     = regexp.MustCompile(`哪天|哪一天|什么时候|啥时候|何时|几月|几号|哪年|日期|什么日子|时间是`)
	percentRe  = regexp.MustCompile(`比例|比率|百分之|占比|率|多高|百分比`)
	moneyRe    = regexp.MustCompile(`钱|资金|经费|金额|多少万元|多少亿|几亿|款`)
	durationRe = regexp.MustCompile(`连续|几年|多少年|几届`)
	countRe    = regexp.MustCompile(`多少|几|数量|规模|多大|总共|一共|共有|总数`)
	unitRe     = regexp.MustCompile(`(?:多少|几)(?:万|千|百|亿)?(?:余|多)?(个|名|位|人次|人|家|所|支|场|项|条|张|件|次|户|届|期|批|元|座)`)
)

// howToRe finds a question about a procedure: "怎么申请", "如何加入".
var howToRe = regexp.MustCompile(`(?:怎么|怎样|如何|咋)(?:样)?(?:才能|去|来)?(\p{Han}{2})`)

func detectIntent(q string) intent {
	var in intent
	if m := howToRe.FindStringSubmatch(q); m != nil {
		in.procedure = m[1]
	}
	switch {
	case dateRe.MatchString(q):
		in.kind = "date"
	case durationRe.MatchString(q):
		in.kind = "duration"
	case percentRe.MatchString(q):
		in.kind = "percent"
	case moneyRe.MatchString(q):
		in.kind = "money"
	case countRe.MatchString(q):
		in.kind = "count"
	}
	in.quantity = in.kind != ""
	if m := unitRe.FindStringSubmatch(q); m != nil {
		in.unit = m[1]
		if in.unit == "元" {
			in.kind = "money"
		}
	}
	return in
}

// unitFamily groups measure words that answer the same "how many".
func unitFamily(u string) string {
	switch u {
	case "人", "人次", "名", "位":
		return "people"
	case "个", "家", "所", "座", "处":
		return "things"
	}
	return u
}

func containsTerm(list []string, t string) bool { return slices.Contains(list, t) }
