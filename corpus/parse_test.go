package corpus

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func mustDefault(t *testing.T) *Report {
	t.Helper()
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestParseStructure(t *testing.T) {
	r := mustDefault(t)
	if r.Title != "聚焦职能定位 坚持改革创新" {
		t.Errorf("title = %q", r.Title)
	}
	if r.Subtitle != "奋力谱写新时代贵州工运事业和工会工作新篇章" {
		t.Errorf("subtitle = %q", r.Subtitle)
	}
	// A slogan for a subtitle is no passage; a dated one is (below).
	if slices.ContainsFunc(r.Passages, func(p Passage) bool { return p.Text == r.Subtitle }) {
		t.Errorf("the slogan subtitle %q is a passage", r.Subtitle)
	}
	dated, err := Parse("gov", "政府工作报告\n——2022年3月5日在第十三届全国人民代表大会第五次会议上\n\n各位代表：\n\n现在，我代表国务院，向大会报告政府工作。")
	if err != nil {
		t.Fatal(err)
	}
	if dated.Subtitle == "" || !slices.ContainsFunc(dated.Passages, func(p Passage) bool { return p.Text == dated.Subtitle }) {
		t.Errorf("dated subtitle %q: no passage holds it", dated.Subtitle)
	}
	bare, err := Parse("bare", "政府工作报告\n——\n\n各位代表：现在，我代表国务院，向大会报告政府工作。")
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(bare.Passages, func(p Passage) bool { return strings.TrimSpace(p.Text) == "" }) {
		t.Errorf("a bare dash line made an empty passage: %+v", bare.Passages)
	}
	if r.Source != "《贵州日报》" {
		t.Errorf("source = %q", r.Source)
	}
	want := []string{
		"1 提站位 准定位 强化创新理论武装",
		"2 强担当 善作为 围绕中心服务大局",
		"3 提素质 求创新 推进职工队伍建设",
		"4 建机制 强效能 依法维护职工权益",
		"5 强组织 聚战力 · 扎实推进党的建设",
		"6 抓重点 出亮点 · 竭诚服务职工群众",
		"7 强基础 增活力 · 不断加强自身建设",
	}
	if len(r.Sections) != len(want) {
		t.Fatalf("got %d sections, want %d", len(r.Sections), len(want))
	}
	for i, s := range r.Sections {
		if s.Name() != want[i] {
			t.Errorf("section %d = %q, want %q", i, s.Name(), want[i])
		}
	}
	var captions []string
	for _, c := range r.Captions {
		captions = append(captions, c.Text)
	}
	if got := strings.Join(captions, "|"); got != "贵州省第一届职工职业技能大赛决赛开幕式现场。|就业岗位送到“家门口”。|“夏送清凉”到基层。" {
		t.Errorf("captions = %s", got)
	}
}

func TestPassagesMendBrokenSentences(t *testing.T) {
	r := mustDefault(t)
	all := ""
	for _, p := range r.Passages {
		all += p.Text + "\n"
	}
	for _, joined := range []string{
		"贯彻党的十九大、党的二十大精神",
		"全国工会服务脱贫攻坚推进会在我省召开",
		"培育选树各级各类工匠14837名",
		"加大对我省工会工作支持力度",
		"成立省委分管领导任组长",
		"44个省级高技能人才培训基地为支撑",
		"279个省劳动关系和谐企业",
		"坚持党建与业务同频同向发展,落实重大事项",
		"全面完成我省建档立卡",
		"突出“好干部”标准",
	} {
		if !strings.Contains(all, joined) {
			t.Errorf("passages lack mended text %q", joined)
		}
	}
	for _, p := range r.Passages {
		if strings.Contains(p.Text, "\n") {
			t.Errorf("passage %s holds a line break", p.Key)
		}
		for _, c := range r.Captions {
			if strings.Contains(p.Text, strings.TrimSuffix(c.Text, "。")) {
				t.Errorf("caption %q leaked into passage %s", c.Text, p.Key)
			}
		}
		if strings.Contains(p.Text, "来源") || strings.HasPrefix(p.Text, "5 强组织") {
			t.Errorf("source or heading in passage %s: %q", p.Key, p.Text)
		}
	}
}

func TestPassagesAreChatSized(t *testing.T) {
	r := mustDefault(t)
	for i, p := range r.Passages {
		n := utf8.RuneCountInString(p.Text)
		if n > maxPassageRunes+60 {
			t.Errorf("passage %s has %d runes", p.Key, n)
		}
		if p.Position != i || p.Key != DefaultReportID+"/"+itoa(i) || p.ReportID != DefaultReportID {
			t.Errorf("passage %d: position %d key %q", i, p.Position, p.Key)
		}
		if !strings.Contains(p.Paragraph, p.Text) {
			t.Errorf("passage %s not inside its paragraph", p.Key)
		}
	}
	// A split passage ends on a sentence boundary.
	for _, p := range r.Passages {
		if p.Text != p.Paragraph && !endsSentence(p.Text) {
			t.Errorf("split passage %s ends mid-sentence: %q", p.Key, p.Text)
		}
	}
	if r.Passages[0].Section != "" || r.Passages[len(r.Passages)-1].Section != "7 强基础 增活力 · 不断加强自身建设" {
		t.Errorf("sections of first/last passage: %q / %q", r.Passages[0].Section, r.Passages[len(r.Passages)-1].Section)
	}
}

func TestCaptionsGoToTheirStory(t *testing.T) {
	r := mustDefault(t)
	want := map[string]string{
		"贵州省第一届职工职业技能大赛决赛开幕式现场。": "贵州省第一届职工职业技能大赛在贵阳闭幕",
		"就业岗位送到“家门口”。":           "招聘活动4520场",
		"“夏送清凉”到基层。":             "送清凉",
	}
	for _, p := range r.Passages {
		for _, c := range p.Captions {
			if key, ok := want[c.Text]; ok {
				if !strings.Contains(p.Text, key) {
					t.Errorf("caption %q went to %q", c.Text, p.Text)
				}
				delete(want, c.Text)
			}
		}
	}
	for c := range want {
		t.Errorf("caption %q attached nowhere", c)
	}
}

// TestCaptionToRepeatedParagraph: a caption sharing too little with any
// passage goes to the passage after it, even when that paragraph is said
// earlier in the report too.
func TestCaptionToRepeatedParagraph(t *testing.T) {
	para := "会议强调，要坚持稳中求进工作总基调，推动高质量发展。"
	text := "工作报告\n\n" + para + "\n\n过去一年，全市上下克服困难，经济运行总体平稳。\n\n蓝天白云下的合影留念。\n\n" + para
	r, err := Parse("a", text)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range r.Passages {
		for _, c := range p.Captions {
			got = append(got, p.Key+" "+c.Text)
		}
	}
	if want := "a/2 蓝天白云下的合影留念。"; strings.Join(got, "|") != want {
		t.Errorf("captions %q, want %q", got, want)
	}
}

// TestHighlightedFiguresAreText: short lines stating amounts are a
// report's highlighted figures (an ESG report's callouts), searched as
// text, not photos' captions; a line naming a scene stays a caption.
// (Such lines are still joined to the next as a broken sentence: kept
// apart, the ESG report's held-out set lost a question.)
func TestHighlightedFiguresAreText(t *testing.T) {
	text := "员工关怀\n\n公司持续完善员工福利制度，为员工缴纳五险一金，提供带薪年假、节日慰问和困难帮扶，保障员工的合法权益。\n\n" +
		"新员工入职培训现场。\n\n100名新员工参加入职培训。\n\n员工总数1,774人\n\n劳动合同签约率达100%\n\n" +
		"公司每年组织员工健康体检，建立员工健康档案，开展职业健康宣传教育，关注员工的身心健康。"
	r, err := Parse("esg", text)
	if err != nil {
		t.Fatal(err)
	}
	var captions, passages []string
	for _, p := range r.Passages {
		passages = append(passages, p.Text)
		for _, c := range p.Captions {
			captions = append(captions, c.Text)
		}
	}
	for _, figure := range []string{"员工总数1,774人", "劳动合同签约率达100%"} {
		if !slices.ContainsFunc(passages, func(p string) bool { return strings.Contains(p, figure) }) {
			t.Errorf("%q is in no passage's text: %q", figure, passages)
		}
	}
	if !slices.Equal(captions, []string{"新员工入职培训现场。", "100名新员工参加入职培训。"}) {
		t.Errorf("captions %q, want the scene's alone; passages %q", captions, passages)
	}
}

func TestParseLayouts(t *testing.T) {
	tests := []struct {
		name, text string
		passages   []string
		sections   []string
		captions   []string
	}{
		{
			name:     "crlf and broken sentence",
			text:     "标题\r\n\r\n第一句没有\r\n\r\n写完。第二句。\r\n",
			passages: []string{"第一句没有写完。第二句。"},
		},
		{
			name:     "heading with subtitle",
			text:     "标题\n\n3 强基础 增活力\n\n不断加强自身建设\n\n正文一句。",
			passages: []string{"正文一句。"},
			sections: []string{"3 强基础 增活力 · 不断加强自身建设"},
		},
		{
			name:     "numbered sentence is not a heading",
			text:     "标题\n\n2 名职工获奖,表现突出。",
			passages: []string{"2 名职工获奖,表现突出。"},
		},
		{
			name:     "caption between paragraphs",
			text:     "标题\n\n职工运动会开幕。\n\n工会举办职工运动会,共有3000名职工参加,比赛持续两天。",
			passages: []string{"工会举办职工运动会,共有3000名职工参加,比赛持续两天。"},
			captions: []string{"职工运动会开幕。"},
		},
		{
			name:     "text opening with its first heading",
			text:     "一、总体要求\n\n坚持稳中求进工作总基调，贯彻新发展理念。\n\n二、主要任务\n\n推动经济持续向好，保障和改善民生。",
			passages: []string{"坚持稳中求进工作总基调，贯彻新发展理念。", "推动经济持续向好，保障和改善民生。"},
			sections: []string{"1 总体要求", "2 主要任务"},
		},
		{
			name:     "a numbered first line with no heading after it is the title",
			text:     "一、总体要求\n\n坚持稳中求进工作总基调，贯彻新发展理念。\n\n三、主要任务\n\n推动经济持续向好。",
			passages: []string{"坚持稳中求进工作总基调，贯彻新发展理念。", "推动经济持续向好。"},
			sections: []string{"3 主要任务"},
		},
		{
			// Items numbered on one from another with no text between
			// are a list, not three sections heading nothing.
			name:     "a list set one item a line",
			text:     "标题\n\n一、主要任务\n\n1. 加强职工之家建设\n\n2. 推进产业工人队伍建设改革\n\n3. 深化工会改革\n\n二、保障措施\n\n加强组织领导。",
			passages: []string{"1. 加强职工之家建设", "2. 推进产业工人队伍建设改革", "3. 深化工会改革", "加强组织领导。"},
			sections: []string{"1 主要任务", "2 保障措施"},
		},
		{
			// The next item of a list opens as the block does, though the
			// block's first line is a bare label and its comma came later.
			name:     "a list item after a label and its continuation",
			text:     "标题\n\n2024年度员工培训覆盖率\n达到100%，比上年有所提高\n2024年度，劳动合同签约率100%。",
			passages: []string{"2024年度员工培训覆盖率达到100%，比上年有所提高", "2024年度，劳动合同签约率100%。"},
		},
		{
			// Headings numbered on one from another stay headings when
			// the last heads text: only a run heading nothing is a list.
			name:     "sections numbered one after another, the last heading text",
			text:     "标题\n\n一、总体要求\n\n二、主要任务\n\n加强组织领导。\n\n三、保障措施\n\n落实责任。",
			passages: []string{"加强组织领导。", "落实责任。"},
			sections: []string{"1 总体要求", "2 主要任务", "3 保障措施"},
		},
		{
			// Figure lines joined with the ； mend puts between them are
			// a clause, so the next item of the list stays apart.
			name:     "figure lines then the next item",
			text:     "标题\n\n2024年员工总数1774人\n2024年女职工人数820人\n2024年员工总数比上年增加56人，增长3.3%。",
			passages: []string{"2024年员工总数1774人；2024年女职工人数820人", "2024年员工总数比上年增加56人，增长3.3%。"},
		},
		{
			name:     "latin words across a break get a space",
			text:     "标题\n\nThe union report\n\nsays hello.",
			passages: []string{"The union report says hello."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Parse("t", tt.text)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range r.Passages {
				got = append(got, p.Text)
			}
			if strings.Join(got, "|") != strings.Join(tt.passages, "|") {
				t.Errorf("passages = %q, want %q", got, tt.passages)
			}
			secs := sectionNames(r)
			if strings.Join(secs, "|") != strings.Join(tt.sections, "|") {
				t.Errorf("sections = %q, want %q", secs, tt.sections)
			}
			var caps []string
			for _, c := range r.Captions {
				caps = append(caps, c.Text)
			}
			if strings.Join(caps, "|") != strings.Join(tt.captions, "|") {
				t.Errorf("captions = %q, want %q", caps, tt.captions)
			}
		})
	}
}

// TestSourceLine: the report's source is its last line's; a source line
// elsewhere is its text, whole, and a line with no opening bracket keeps
// its closing one.
func TestSourceLine(t *testing.T) {
	body := "全年粮食产量再创新高，农业生产形势良好。"
	for _, tc := range []struct {
		name, text, source, passages string
	}{
		{"in brackets", "公报\n\n" + body + "\n\n（来源：新华社）", "新华社", body + "|"},
		{"with a bracket of its own", "公报\n\n" + body + "\n\n来源：新华社（记者 张三）", "新华社（记者 张三）", body + "|"},
		{"one within the text", "公报\n\n" + body + "\n\n来源：国家统计局农村司\n\n规模以上工业增加值增长9.6%，制造业\n\n稳步恢复。\n\n来源：新华社",
			"新华社", body + "|来源：国家统计局农村司|规模以上工业增加值增长9.6%，制造业稳步恢复。|"},
		{"none last", "公报\n\n来源：新华社\n\n" + body, "", "来源：新华社|" + body + "|"},
	} {
		r, err := Parse("s", tc.text)
		if err != nil {
			t.Fatal(err)
		}
		var all string
		for _, p := range r.Passages {
			all += p.Text + "|"
		}
		if r.Source != tc.source || all != tc.passages {
			t.Errorf("%s: source %q passages %q, want %q and %q", tc.name, r.Source, all, tc.source, tc.passages)
		}
	}
}

// A report of one line with no full stop, or of headings only, is its
// lines: they are its passages, not a report with no text.
func TestShortReportIsItsLines(t *testing.T) {
	for _, tc := range []struct {
		text     string
		passages []string
	}{
		{"2024年职工疗休养补贴标准为每人2000元", []string{"2024年职工疗休养补贴标准为每人2000元"}},
		{"一、总体要求\n\n二、主要任务\n\n三、保障措施", []string{"一、总体要求", "二、主要任务", "三、保障措施"}},
		{"工会工作要点\n\n一、总体要求\n\n三、保障措施", []string{"工会工作要点", "一、总体要求", "三、保障措施"}},
	} {
		r, err := Parse("x", tc.text)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.text, err)
			continue
		}
		var got []string
		for _, p := range r.Passages {
			got = append(got, p.Text)
		}
		if !slices.Equal(got, tc.passages) || r.Title == "" {
			t.Errorf("Parse(%q): title %q, passages %q; want a title and %q", tc.text, r.Title, got, tc.passages)
		}
	}
}

func TestParseRefusesEmpty(t *testing.T) {
	for _, text := range []string{"", "   \n\n\t", "\x00\x01\x02"} {
		if _, err := Parse("x", text); !errors.Is(err, ErrNoText) {
			t.Errorf("Parse(%q) error = %v, want ErrNoText", text, err)
		}
	}
	if _, err := Parse("", "正文。"); err == nil {
		t.Error("Parse with empty id succeeded")
	}
}

func TestSplitLongParagraph(t *testing.T) {
	sentence := "工会开展了一项重要活动,很多职工踊跃参加并取得了良好效果。"
	p := strings.Repeat(sentence, 12)
	pieces := splitParagraph(p)
	if len(pieces) < 2 {
		t.Fatalf("long paragraph not split: %d piece", len(pieces))
	}
	if strings.Join(pieces, "") != p {
		t.Error("split lost text")
	}
	for _, s := range pieces {
		if n := utf8.RuneCountInString(s); n > maxPassageRunes {
			t.Errorf("piece of %d runes", n)
		}
	}
	// A number longer than a passage is cut at the limit, not one digit
	// a piece.
	if got := splitLong(strings.Repeat("1", 400)); len(got) != 3 {
		t.Errorf("400 digits cut into %d pieces, want 3", len(got))
	}
}

// TestSplitSentences: a sentence keeps its stop and the closing marks
// after it, and a byte that is no UTF-8 moves no cut (offsets read from
// runes re-encoded ran three bytes long for each, and ParseBlocks
// panicked on a long table row whose header held one).
func TestSplitSentences(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"他说：“好！”我们走吧。然后", []string{"他说：“好！”", "我们走吧。", "然后"}},
		{"真的吗?!是的；好。。", []string{"真的吗?!", "是的；", "好。", "。"}},
		{"甲\xff乙。丙\xfe！”丁", []string{"甲\xff乙。", "丙\xfe！”", "丁"}},
		{strings.Repeat("\xff", 20) + "。" + strings.Repeat("职", 5), []string{strings.Repeat("\xff", 20) + "。", strings.Repeat("职", 5)}},
	} {
		if got := splitSentences(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("splitSentences(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestParseBoundsPassagesWithoutPunctuation(t *testing.T) {
	tests := []struct {
		name, text string
		// fig, if set, is every figure of the text, whole.
		fig string
	}{
		{"no breaks", "标题\n\n" + strings.Repeat("工会会员693.96万人", 3000), "693.96万人"},
		{"commas only", "标题\n\n" + strings.Repeat("全省工会建成服务站10017个,", 2000), "10017个"},
		{"one long word", "标题\n\n" + strings.Repeat("工", 50000), ""},
		{"respectively", "标题\n\n" + strings.Repeat("A、B分别达1个和2个", 3000), ""},
		// A comma between digits is no place to cut.
		{"grouped numbers", "标题\n\n" + strings.Repeat("工会会员1,693.96万人", 3000), "1,693.96万人"},
		{"grouped numbers, full-width comma", "标题\n\n" + strings.Repeat("工会会员1，693.96万人", 3000), "1，693.96万人"},
		// Nor inside a figure: the limit falls between 万 and 元.
		{"a unit at the limit", "标题\n\n投入" + strings.Repeat("职", 161) + "1234.5万元" + strings.Repeat("用于职工之家建设", 5), "1234.5万元"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Parse("long", tt.text)
			if err != nil {
				t.Fatal(err)
			}
			var all strings.Builder
			for _, p := range r.Passages {
				if n := utf8.RuneCountInString(p.Text); n > maxPassageRunes {
					t.Fatalf("passage %s has %d runes", p.Key, n)
				}
				for _, f := range p.Figures {
					// A cut never falls inside a number.
					if tt.fig != "" && f.Text != tt.fig {
						t.Fatalf("passage %s has a cut figure %q", p.Key, f.Text)
					}
				}
				all.WriteString(p.Text)
			}
			if all.String() != strings.TrimSpace(tt.text[strings.Index(tt.text, "\n\n")+2:]) {
				t.Error("passages do not add up to the paragraph")
			}
		})
	}
}

func TestChineseNumberedHeadings(t *testing.T) {
	text := "浙江省第十五次党代会报告\n\n一、过去五年的主要工作\n\n这五年，我们坚持人民至上。\n\n三、今后五年的总体要求、奋斗目标和主要任务\n\n奋斗目标：在高质量发展中实现共同富裕先行。\n\n十二、加强党的建设\n\n全面从严治党。\n\n1、2、3项任务已经完成，\n\n其余任务明年完成。"
	r, err := Parse("zj", text)
	if err != nil {
		t.Fatal(err)
	}
	got := sectionNames(r)
	want := []string{"1 过去五年的主要工作", "3 今后五年的总体要求、奋斗目标和主要任务", "12 加强党的建设"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sections %q, want %q", got, want)
	}
}

// TestHeadingOpeningWithMeasureWord: a measure word after a bare digit
// makes the line a count ("2 名职工获奖"), but after 二、 or a bracket no
// count can follow, so a title opening with 支, 人, 项, 年 or 万 is a
// heading all the same.
func TestHeadingOpeningWithMeasureWord(t *testing.T) {
	for s, want := range map[string]bool{
		"（二）支出情况":    true,
		"（三）支持科技创新":  true,
		"二、人民生活持续改善": true,
		"三、项目建设":     true,
		"（一）人才队伍建设":  true,
		"四、年度重点工作":   true,
		"五、万众一心开新局":  true,
		"（2）人才培养":    true,
		"2 名职工获奖":    false,
		"3 项任务全部完成":  false,
		"12 个服务站":    false,
		// A table row set as text states figures, whatever its
		// numbering; a heading with a year still names.
		"二、税收收入 7000.5 7200.3":    false,
		"3 增值税 1,234.5 -2.1% 980": false,
		"三、2025年预算执行情况":           true,
		"1 2025年 2026年预算草案":       true,
		"四、“十四五”规划 主要目标":          true,
	} {
		if got := isHeading(s); got != want {
			t.Errorf("isHeading(%q) = %v, want %v", s, got, want)
		}
	}
	text := "报告\n\n一、收入情况\n\n全年收入增长较快，结构持续优化，质量效益稳步提升。\n\n二、支出情况\n\n全年支出保持合理强度，重点领域保障有力，民生支出占比提高。"
	r, err := Parse("a", text)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(sectionNames(r), "|"); got != "1 收入情况|2 支出情况" {
		t.Errorf("sections %q, want 1 收入情况|2 支出情况", got)
	}
}

// Official documents number their levels 一、 （一） 1.: a lower level
// is a part of the section it is in, so a passage under （三） still says
// which part of the report and which year it is of; a report's own first
// numbering is its sections, whichever it is.
func TestHeadingLevels(t *testing.T) {
	text := "上海市预算报告\n\n一、2025年预算执行情况\n\n2025年，收入平稳。\n\n（一）2025年一般公共预算收支情况\n\n全市一般公共预算收入8500.9亿元。\n\n" +
		"1. 财政收入预算执行情况\n\n税收收入增长3.3%。\n\n（二）2025年政府性基金预算收支情况\n\n全市政府性基金预算收入3038.8亿元。\n\n" +
		"二、2026年预算草案\n\n全市一般公共预算收入8670亿元。"
	r, err := Parse("sh", text)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range r.Passages {
		got = append(got, p.Section+"｜"+p.Text)
	}
	want := []string{
		"1 2025年预算执行情况｜2025年，收入平稳。",
		"1 2025年预算执行情况 · （一）2025年一般公共预算收支情况｜全市一般公共预算收入8500.9亿元。",
		"1 2025年预算执行情况 · （一）2025年一般公共预算收支情况 · 1. 财政收入预算执行情况｜税收收入增长3.3%。",
		"1 2025年预算执行情况 · （二）2025年政府性基金预算收支情况｜全市政府性基金预算收入3038.8亿元。",
		"2 2026年预算草案｜全市一般公共预算收入8670亿元。",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("passages:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The union report's sections are numbered 1, 2…: its first numbering.
	if got := mustDefault(t).Sections[0].Name(); got != "1 提站位 准定位 强化创新理论武装" {
		t.Errorf("union report's first section %q", got)
	}
}

// Headings the file marks (an HTML <h3>, a Markdown #) are the top level;
// numbered paragraphs under them are their parts, unless numbered 一、,
// the official top level (a bold byline above a report's 一、 is no
// chapter of it).
func TestHeadingLevelsUnderMarkedHeadings(t *testing.T) {
	sections := func(blocks []Block) []string {
		t.Helper()
		r, err := ParseBlocks("m", blocks)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range r.Passages {
			out = append(out, p.Section)
		}
		return out
	}
	h := func(text string) Block { return Block{Kind: BlockHeading, Text: text} }
	p := func(text string) Block { return Block{Kind: BlockParagraph, Text: text} }
	for _, tc := range []struct {
		name   string
		blocks []Block
		want   []string
	}{
		{"（一） under a marked 一、", []Block{{Kind: BlockTitle, Text: "预算报告"}, h("一、2025年预算执行情况"), p("（一）2025年一般公共预算收支情况"),
			p("全市一般公共预算收入8500.9亿元。"), p("（二）2025年政府性基金预算收支情况"), p("全市政府性基金预算收入3038.8亿元。"), h("二、2026年预算草案"), p("全市一般公共预算收入8670亿元。")},
			[]string{"1 2025年预算执行情况 · （一）2025年一般公共预算收支情况", "1 2025年预算执行情况 · （二）2025年政府性基金预算收支情况", "2 2026年预算草案"}},
		{"(1) under a marked heading with no number", []Block{{Kind: BlockTitle, Text: "ESG报告"}, h("治理"), p("(1) 环境合规管理"), p("公司建立环境管理体系，全年环保投入3,631.76万元。")},
			[]string{"治理 · (1) 环境合规管理"}},
		{"a second numbering under it is a level lower", []Block{{Kind: BlockTitle, Text: "ESG报告"}, h("治理"), p("（一）环境管理"), p("公司建立环境管理体系。"),
			p("1. 合规"), p("全年环保投入3,631.76万元。")},
			[]string{"治理 · （一）环境管理", "治理 · （一）环境管理 · 1. 合规"}},
		// A marked heading's decimal number is one number, not heading 1
		// titled "1 公司简介"; its parts are numbered below it.
		{"a decimal number", []Block{{Kind: BlockTitle, Text: "ESG报告"}, h("1 公司概况"), p("公司成立于2001年。"), h("1.1 公司简介"), p("公司主营原料药和制剂业务。"),
			h("1.2公司治理"), p("（一）董事会"), p("董事会由9名董事组成。")},
			[]string{"1 公司概况", "公司简介", "公司治理 · （一）董事会"}},
		{"一、 under a marked byline", []Block{{Kind: BlockTitle, Text: "预算报告"}, h("上海市财政局"), p("各位代表："), p("一、2025年预算执行情况"), p("全市一般公共预算收入8500.9亿元。")},
			[]string{"上海市财政局", "1 2025年预算执行情况"}},
	} {
		if got := sections(tc.blocks); strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s: sections %q, want %q", tc.name, got, tc.want)
		}
	}
}

// Numbered lines that head nothing are items of a list, and a decimal
// is no heading number: their text stays in the passages.
func TestListItemsAreNoHeadings(t *testing.T) {
	text := "工作报告\n\n一、主要工作\n\n今年我们重点做了三件事：\n\n（1）城镇新增就业1269万人\n\n（2）建成户外劳动者服务站10017个\n\n（3）开展职工技能培训\n\n二、明年安排\n\n预计明年全市工业增加值，将达到上年的\n\n2.5倍\n\n左右。"
	r, err := Parse("l", text)
	if err != nil {
		t.Fatal(err)
	}
	names := sectionNames(r)
	var all []string
	for _, p := range r.Passages {
		all = append(all, p.Text)
	}
	if strings.Join(names, "|") != "1 主要工作|2 明年安排" {
		t.Errorf("sections %q", names)
	}
	joined := strings.Join(all, "|")
	for _, want := range []string{"1269万人", "10017个", "开展职工技能培训", "2.5倍"} {
		if !strings.Contains(joined, want) {
			t.Errorf("no passage says %s: %q", want, all)
		}
	}
}

// A number a narrow column broke off its sentence is no heading: "2.5"
// of "细颗粒物（PM2.5）" once opened section 2 titled "5", and the
// government report's whole review of 2021 lost its section and year.
func TestNumberIsNoHeading(t *testing.T) {
	text := "政府工作报告\n\n一、2021年工作回顾\n\n地级及以上城市细颗粒物（PM\n\n2.5\n\n）平均浓度下降9.1%。第一批国家公园正式设立。"
	r, err := Parse("gov", text)
	if err != nil {
		t.Fatal(err)
	}
	// Nor is a decimal one in plain text, where only a file's markup
	// could tell it from a number.
	if isHeading("1.1 公司简介") {
		t.Error("isHeading(\"1.1 公司简介\") = true in plain text")
	}
	if len(r.Sections) != 1 || r.Sections[0].Name() != "1 2021年工作回顾" {
		t.Errorf("sections %+v, want only 1 2021年工作回顾", r.Sections)
	}
	if len(r.Passages) != 1 || !strings.Contains(r.Passages[0].Text, "2.5）平均浓度下降9.1%") || r.Passages[0].Section != "1 2021年工作回顾" {
		t.Errorf("passages %+v, want the sentence mended", r.Passages)
	}
}

func TestParseBlocksKeepsKinds(t *testing.T) {
	blocks := []Block{
		{Kind: BlockTitle, Text: "职工技能大赛综述"},
		{Kind: BlockParagraph, Text: "全省各级工会组织职工技能大赛，参赛职工12.5万人次。"},
		{Kind: BlockCaption, Text: "全省职工职业技能大赛决赛在贵阳举行，来自九个市州的二百四十名选手同台竞技展示技能。", Image: "a.jpg"},
		{Kind: BlockHeading, Text: "赛事规模", Level: 2},
		{Kind: BlockListItem, Text: "设立32个工种"},
		{Kind: BlockListItem, Text: "决赛选手240名"},
		{Kind: BlockTableRow, Text: "指标：工种，2023年：32个。"},
	}
	r, err := ParseBlocks("b", blocks)
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "职工技能大赛综述" || len(r.Sections) != 1 || r.Sections[0].Name() != "赛事规模" {
		t.Errorf("title %q sections %+v", r.Title, r.Sections)
	}
	if len(r.Captions) != 1 || r.Captions[0].Image != "a.jpg" {
		t.Errorf("captions %+v", r.Captions)
	}
	var texts []string
	for _, p := range r.Passages {
		texts = append(texts, p.Text)
	}
	// List items are not mended into one sentence, nor taken for captions.
	want := []string{"全省各级工会组织职工技能大赛，参赛职工12.5万人次。", "设立32个工种", "决赛选手240名", "指标：工种，2023年：32个。"}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Errorf("passages %q, want %q", texts, want)
	}
}

// TestSecondMarkedTitle: a report has one title, its first marked one;
// a block marked as a title after it is a heading.
func TestSecondMarkedTitle(t *testing.T) {
	r, err := ParseBlocks("esg", []Block{
		{Kind: BlockTitle, Text: "江西富祥药业股份有限公司"},
		{Kind: BlockTitle, Text: "2024年度环境、社会及公司治理报告"},
		{Kind: BlockParagraph, Text: "本报告是公司发布的第三份ESG报告。"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "江西富祥药业股份有限公司" || strings.Join(sectionNames(r), "|") != "2024年度环境、社会及公司治理报告" {
		t.Errorf("title %q sections %q", r.Title, sectionNames(r))
	}
}

// passageTexts parses text as report id and returns its passages' texts,
// each followed by "|".
func passageTexts(t *testing.T, id, text string) string {
	t.Helper()
	r, err := Parse(id, text)
	if err != nil {
		t.Fatal(err)
	}
	all := ""
	for _, p := range r.Passages {
		all += p.Text + "|"
	}
	return all
}

// TestParallelLinesAreNotMended: lines that open alike, bullets aside,
// are items of one list, each a sentence of its own, though none ends
// with a full stop; a sentence the layout broke is still mended.
func TestParallelLinesAreNotMended(t *testing.T) {
	text := "指标与目标\n\n●2024年度，劳动合同签约率100%，招聘计划完成率不低于90%\n\n2024年度，开展各类培训，人均培训时长不低于20小时\n\n?2024年度，员工离职率不高于30%\n\n公司贯彻党的\n\n十九大精神，完善培训体系。\n"
	all := passageTexts(t, "targets", text)
	for _, bad := range []string{"90%2024", "20小时2024", "小时?2024"} {
		if strings.Contains(all, bad) {
			t.Errorf("list items run together (%q): %q", bad, all)
		}
	}
	if !strings.Contains(all, "公司贯彻党的十九大精神") {
		t.Errorf("a broken sentence is not mended: %q", all)
	}
	// A label and the text it labels open alike but are no list; a list
	// after a lead-in is still a list; short items stay passages.
	text = "指标\n\n公司的风险如下，见下表。\n\n关键原料 断供风险\n\n关键原料供应中断可能导致生产停滞，影响产品交付。\n\n公司设定了以下年度指标\n\n2024年度，劳动合同签约率100%\n\n2024年度，员工离职率不高于30%\n\n2024年度，员工绩效考核覆盖率不低于98%\n"
	all = passageTexts(t, "labels", text)
	for _, want := range []string{"关键原料 断供风险关键原料供应中断", "2024年度，员工离职率不高于30%|"} {
		if !strings.Contains(strings.ReplaceAll(all, "风险 关键", "风险关键"), want) {
			t.Errorf("passages %q lack %q", all, want)
		}
	}
	if strings.Contains(all, "30%2024") {
		t.Errorf("list items after a lead-in run together: %q", all)
	}
}

// unpunctuatedLines is a text of n short lines none of which ends a
// sentence (a list of names set one a line): one paragraph to mend.
func unpunctuatedLines(n int) string {
	var sb strings.Builder
	sb.WriteString("名单\n\n")
	for i := range n {
		fmt.Fprintf(&sb, "第%d组成员包括张三李四王五赵六和钱七\n", i)
	}
	return sb.String()
}

// TestMendIsLinear: mending the lines of one paragraph allocates in
// proportion to them. Joining each line to a copy of the text so far,
// eight times the lines took about fifty times the bytes (and 8,000 lines,
// a third of the longest text a report may have, took seven seconds).
func TestMendIsLinear(t *testing.T) {
	allocated := func(n int) uint64 {
		blocks := splitBlocks(unpunctuatedLines(n))
		classify(blocks)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		out := mend(blocks)
		runtime.ReadMemStats(&after)
		if len(out) != 2 {
			t.Fatalf("%d lines mended into %d blocks, want the title and one paragraph", n, len(out))
		}
		return after.TotalAlloc - before.TotalAlloc
	}
	// Linear is eight times; twice that leaves room for the builder's
	// doubling, and quadratic is far over it.
	small, large := allocated(250), allocated(2000)
	if large > 16*small {
		t.Errorf("250 lines allocated %d bytes, 2000 lines %d: ×%.1f, want about ×8", small, large, float64(large)/float64(small))
	}
}

// BenchmarkMendLines mends paragraphs of many short lines.
func BenchmarkMendLines(b *testing.B) {
	for _, n := range []int{1000, 8000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			blocks := splitBlocks(unpunctuatedLines(n))
			classify(blocks)
			for b.Loop() {
				mend(blocks)
			}
		})
	}
}

// TestNumberedCaptionsStandAlone: a chart's numbered caption over an
// image (a statistical bulletin's "图1 …") keeps its unit line and is no
// sentence the next paragraph goes on with.
func TestNumberedCaptionsStandAlone(t *testing.T) {
	text := "统计公报\n\n全年全市粮食总产量902.61万吨，减产3.2%。\n\n图1 2017-2023年周口市粮食总产量\n\n单位：万吨\n\n全年全市油料产量56.43万吨，比上年增产6.8%。\n"
	all := passageTexts(t, "bulletin", text)
	if strings.Contains(all, "万吨全年全市油料") {
		t.Errorf("the caption ran into the paragraph after it: %q", all)
	}
	if !strings.Contains(all, "全年全市油料产量56.43万吨") {
		t.Errorf("the paragraph after the caption is lost: %q", all)
	}
	// A sentence opening with a table's number is prose, mended as any.
	all = passageTexts(t, "prose", "统计公报\n\n表 1 显示，2023年全市生产总值比上年增长\n\n5.1%，其中第一产业增长2.0%。\n")
	if !strings.Contains(all, "比上年增长5.1%") {
		t.Errorf("a sentence opening with 表 1 was not mended: %q", all)
	}
}

// TestHighlightedFiguresStayApart: short lines that each end with the
// amount they state are highlighted figures; mended into one passage,
// a clause mark keeps each number from running into the next, while a
// sentence broken after a number stays one sentence.
func TestHighlightedFiguresStayApart(t *testing.T) {
	text := "雇佣管理\n\n公司依法签订劳动合同，保障员工权益。\n\n富祥药业员工总数1,774人\n\n劳动合同签约率达100%\n\n2024年全年招聘人数399人\n\n其中女性员工105人\n\n全年培训投入金额42万元\n\n用于员工技能提升和安全教育的各项课程与实训。\n"
	all := passageTexts(t, "kpi", text)
	for _, want := range []string{"员工总数1,774人；劳动合同签约率达100%；2024年全年招聘人数399人；其中女性员工105人", "全年培训投入金额42万元用于员工技能提升"} {
		if !strings.Contains(all, want) {
			t.Errorf("passages %q lack %q", all, want)
		}
	}
	// A sentence a narrow column broke after its number is mended whole.
	if got := passageTexts(t, "column", "服务阵地\n\n公司按计划推进职工之家建设，今年全省新建200个\n\n职工服务站，覆盖职工50万人。\n"); !strings.Contains(got, "新建200个职工服务站") {
		t.Errorf("broken sentence: %q", got)
	}
	var figures []string
	for _, f := range ExtractFigures(all) {
		figures = append(figures, f.Text)
	}
	if got := strings.Join(figures, " "); !strings.Contains(got, "100%") || strings.Contains(got, "100%2024") {
		t.Errorf("figures %q", got)
	}
}

func TestYearsByMentions(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []int
	}{
		{"2025年中央一号文件提出。2024年全年招聘399人，2024年度培训，2024年末", []int{2024, 2025}},
		{"2021年回顾，2022年目标", []int{2021, 2022}},
		{"没有年份", nil},
	} {
		if got := YearsByMentions(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("YearsByMentions(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// sectionNames are r's sections as citations show them.
func sectionNames(r *Report) []string {
	var out []string
	for _, s := range r.Sections {
		out = append(out, s.Name())
	}
	return out
}

// TestMarkedImagesDecideCaptions: in a document that marks its images,
// extraction decided which lines caption them; a short line elsewhere
// (a note's definition) is text, not a caption guessed by its look, as
// it still is in a document marking none.
func TestMarkedImagesDecideCaptions(t *testing.T) {
	note := "[75]房地产用地是指商服用地和住宅用地的总和。"
	body := "全年全国国有建设用地供应总量69.0万公顷，比上年增长4.8%。其中，房地产用地[75]13.6万公顷，减少12.2%。"
	marked, err := ParseBlocks("marked", []Block{
		{Kind: BlockTitle, Text: "2021年统计公报"},
		{Kind: BlockParagraph, Text: body},
		{Kind: BlockCaption, Text: "国家统计局局长答记者问。", Image: "img1.png"},
		{Kind: BlockParagraph, Text: note},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(marked.Passages, func(p Passage) bool { return p.Text == note }) {
		t.Errorf("marked images: %q is no passage; captions %+v", note, marked.Captions)
	}
	if len(marked.Captions) != 1 || marked.Captions[0].Image != "img1.png" {
		t.Errorf("marked images: captions %+v, want the image's own only", marked.Captions)
	}
	plain, err := ParseBlocks("plain", []Block{
		{Kind: BlockTitle, Text: "2021年统计公报"},
		{Kind: BlockParagraph, Text: body},
		{Kind: BlockParagraph, Text: note},
	})
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(plain.Passages, func(p Passage) bool { return p.Text == note }) {
		t.Errorf("no marked images: %q is a passage, want it taken for a caption by its look", note)
	}
}

// TestStatesAmountOfAChange: a line stating a change, a target set one a
// line ("地区生产总值增长5.5%左右"), states an amount: it is text, kept
// apart from the line after it.
func TestStatesAmountOfAChange(t *testing.T) {
	for s, want := range map[string]bool{
		"地区生产总值增长5.5%左右": true,
		"城镇新增就业60万人以上":   true,
		"100名农民工获赠返乡车票":  false,
		"居民消费价格涨幅3%左右。":  true,
		"全力加快100个重点项目建设": false,
	} {
		if got := StatesAmount(s); got != want {
			t.Errorf("StatesAmount(%q) = %v, want %v", s, got, want)
		}
	}
}
