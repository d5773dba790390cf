package corpus

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// Every quantity the report states, as ExtractFigures must find it.
var reportFigures = []string{
	"12月18日", "706名", "700多万", "6月", "550名", "1947个", "21001名", "1名", "2名", "42名", "120名", "14837名",
	"1351个", "2100万元", "1300余名", "30条", "10.44亿元", "6月29日", "25支", "468万余人次", "53所", "4个", "23个",
	"44个", "1850万余人次", "1000个", "6项", "2项", "26项", "1970个", "7个", "512个", "37个", "7月20日", "5个",
	"279个", "116个", "96.82%", "95.69%", "95.56%", "94.21%", "4个", "500万余人次", "11月27日", "30万人次",
	"10017个", "460个", "700个", "50名", "5.41亿元", "5.24亿元", "67.69万人次", "3.48万人次", "2023年11月底",
	"1085.13万人次", "35.18万人次", "6.19亿元", "15个", "4520场", "4.37万余家", "159.96万余个", "29.34万人",
	"2023年3月29日", "5.51万个", "693.96万人", "282个", "96个", "4.04万条", "638.9万条", "281.59万张", "连续5年",
}

func TestEveryReportFigure(t *testing.T) {
	r := mustDefault(t)
	var got []string
	for _, p := range r.Passages {
		for _, f := range p.Figures {
			got = append(got, f.Text)
			if p.Text[f.Start:f.End] != f.Text {
				t.Errorf("figure %q has wrong offsets in %s", f.Text, p.Key)
			}
		}
	}
	if strings.Join(got, " ") != strings.Join(reportFigures, " ") {
		t.Errorf("figures:\n got %q\nwant %q", got, reportFigures)
	}
	// Every number in the text is a figure or one of the bare numbers
	// that are not quantities (a document number, a hotline, a year).
	bare := map[string]bool{"2022": true, "2": true, "12351": true, "1": true, "2023": true}
	digits := regexp.MustCompile(`\d+(?:\.\d+)?`)
	for _, p := range r.Passages {
		covered := make([]bool, len(p.Text))
		for _, f := range p.Figures {
			for i := f.Start; i < f.End; i++ {
				covered[i] = true
			}
		}
		for _, loc := range digits.FindAllStringIndex(p.Text, -1) {
			if !covered[loc[0]] && !bare[p.Text[loc[0]:loc[1]]] {
				t.Errorf("number %q in %s is not a figure", p.Text[loc[0]:loc[1]], p.Key)
			}
		}
	}
}

func TestExtractFigures(t *testing.T) {
	tests := []struct {
		text  string
		fig   string
		kind  FigureKind
		value float64
		unit  string
		label string
	}{
		{"目前全省有基层工会5.51万个、工会会员693.96万人。", "693.96万人", KindCount, 6939600, "人", "工会会员"},
		{"目前全省有基层工会5.51万个、工会会员693.96万人。", "5.51万个", KindCount, 55100, "个", "全省有基层工会"},
		{"返还小微企业工会经费10.44亿元,帮助企业。", "10.44亿元", KindMoney, 1.044e9, "元", "返还小微企业工会经费"},
		{"仅省总工会就累计投入项目资金2100万元。", "2100万元", KindMoney, 2.1e7, "元", "省总工会就累计投入项目资金"},
		{"辐射带动468万余人次职工参加各级各类竞赛。", "468万余人次", KindCount, 4.68e6, "人次", "职工"},
		{"现场培训1300余名援鄂医疗队员。", "1300余名", KindCount, 1300, "名", "援鄂医疗队员"},
		{"肩负着全省700多万职工的重托。", "700多万", KindCount, 7e6, "", "职工"},
		{"1947个先进集体和先进个人分获全国和省五一劳动奖。", "1947个", KindCount, 1947, "个", "先进集体和先进个人"},
		{"职代会建会率达96.82%。", "96.82%", KindPercent, 96.82, "%", "职代会建会率"},
		{"2023年3月29日,全省工会基层工作会议在贵阳召开。", "2023年3月29日", KindDate, 0, "", "全省工会基层工作会议在贵阳召开"},
		{"今年7月20日,六盘水市成立快递行业工会联合会。", "7月20日", KindDate, 0, "", "六盘水市成立快递行业工会联合会"},
		{"省总工会连续5年获考核特等奖。", "连续5年", KindDuration, 5, "年", "考核特等奖"},
		{"举办线上线下招聘活动4520场,4.37万余家企业参与。", "4.37万余家", KindCount, 43700, "家", "企业"},
	}
	for _, tt := range tests {
		t.Run(tt.fig, func(t *testing.T) {
			var f *Figure
			figs := ExtractFigures(tt.text)
			for i := range figs {
				if figs[i].Text == tt.fig {
					f = &figs[i]
				}
			}
			if f == nil {
				t.Fatalf("%q not found in %q (got %v)", tt.fig, tt.text, figs)
			}
			if f.Kind != tt.kind || f.Value != tt.value || f.Unit != tt.unit || f.Label != tt.label {
				t.Errorf("got kind %s value %v unit %q label %q; want %s %v %q %q", f.Kind, f.Value, f.Unit, f.Label, tt.kind, tt.value, tt.unit, tt.label)
			}
		})
	}
}

func TestBareNumbersAreNotFigures(t *testing.T) {
	for _, text := range []string{"贯彻国发(2022)2号文件", "拨打12351维权服务热线", "建立“1+1+N”工作推进机制", "发布了2023年第五期课程"} {
		if figs := ExtractFigures(text); len(figs) != 0 {
			t.Errorf("ExtractFigures(%q) = %v, want none", text, figs)
		}
	}
}

func TestRespectivelyAndAmong(t *testing.T) {
	figs := ExtractFigures("全省公有制建会企业职代会、厂务公开建会率分别达96.82%和95.69%,非公有制建会企业职代会、厂务公开建会率分别达95.56%和94.21%。")
	labels := map[string]string{}
	for _, f := range figs {
		labels[f.Text] = f.Label
	}
	want := map[string]string{
		"96.82%": "全省公有制建会企业职代会", "95.69%": "全省公有制厂务公开建会率",
		"95.56%": "非公有制建会企业职代会", "94.21%": "非公有制厂务公开建会率",
	}
	for k, v := range want {
		if labels[k] != v {
			t.Errorf("label of %s = %q, want %q", k, labels[k], v)
		}
	}
	figs = ExtractFigures("全省创建劳模和工匠人才创新工作室1970个,其中获命名全国示范性工作室7个、省级工作室512个,37个创新项目获补助。")
	for _, f := range figs {
		among := strings.Contains(f.Parent, "创新工作室")
		if want := f.Text != "1970个"; among != want {
			t.Errorf("%s parent = %q", f.Text, f.Parent)
		}
	}
}

func FuzzExtractFigures(f *testing.F) {
	for _, s := range []string{"工会会员693.96万人。", "分别达96.82%和95.69%", "2023年3月29日", "连续5年", "1+1+N", "其中7个、512个"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		valid := utf8.ValidString(s)
		for _, fig := range ExtractFigures(s) {
			if fig.Start < 0 || fig.End > len(s) || s[fig.Start:fig.End] != fig.Text || fig.Text == "" {
				t.Fatalf("bad offsets %d:%d for %q in %q", fig.Start, fig.End, fig.Text, s)
			}
			if valid && !(utf8.ValidString(fig.Text) && utf8.ValidString(fig.Label) && utf8.ValidString(fig.Before) && utf8.ValidString(fig.After) && utf8.ValidString(fig.Clause)) {
				t.Fatalf("figure %+v of valid text %q has invalid UTF-8", fig, s)
			}
		}
	})
}

func FuzzParse(f *testing.F) {
	f.Add(DefaultText())
	f.Add("标题\n\n1 一 二\n\n副标题\n\n正文,没写完\n\n写完了。\n\n(来源:某报)")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := Parse("f", s)
		if err != nil {
			return
		}
		for i, p := range r.Passages {
			if !utf8.ValidString(p.Text) || strings.TrimSpace(p.Text) == "" || !utf8.ValidString(p.Section) || utf8.RuneCountInString(p.Text) > maxPassageRunes {
				t.Fatalf("invalid passage %q in section %q", p.Text, p.Section)
			}
			if p.Position != i || p.Key != "f/"+strconv.Itoa(i) || !strings.Contains(p.Paragraph, p.Text) {
				t.Fatalf("passage %d: key %q position %d, text %q not in its paragraph", i, p.Key, p.Position, p.Text)
			}
			for _, c := range p.Captions {
				if !utf8.ValidString(c.Text) {
					t.Fatalf("invalid caption %q", c.Text)
				}
			}
		}
		if !utf8.ValidString(r.Title) || !utf8.ValidString(r.Subtitle) {
			t.Fatalf("invalid title %q / %q", r.Title, r.Subtitle)
		}
	})
}
