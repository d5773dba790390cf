package corpus

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// Every quantity and ordinal the report states, as ExtractFigures must
// find it.
var reportFigures = []string{
	"12月18日", "第十五次", "706名", "第十五次", "700多万", "6月", "550名", "1947个", "21001名", "1名", "2名", "42名", "120名", "14837名",
	"1351个", "2100万元", "超亿元", "1300余名", "30条", "10.44亿元", "6月29日", "第一届", "25支", "第一届", "468万余人次", "53所", "4个", "23个",
	"44个", "1850万余人次", "1000个", "6项", "2项", "26项", "1970个", "7个", "512个", "37个", "7月20日", "5个",
	"279个", "116个", "96.82%", "95.69%", "95.56%", "94.21%", "4个", "500万余人次", "11月27日", "第五期", "超30万人次",
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
		// 以上 is part of the noun phrase, not the 以 it starts after.
		{"规模以上工业增加值比上年增长4.6%。", "4.6%", KindChange, 4.6, "%", "规模以上工业增加值比上年增长"},
		// A qualifier stands between a Latin word and the number.
		{"人均GDP突破1.2万美元。", "突破1.2万美元", KindMoney, 12000, "美元", "人均GDP"},
		// 放缓 is a fall; 百分点 a unit of its own.
		{"增速比上年放缓1.2个百分点。", "1.2个百分点", KindChange, -1.2, "个百分点", "增速比上年放缓"},
		{"增速提高2.1百分点。", "2.1百分点", KindChange, 2.1, "百分点", "增速提高"},
		// 加快 takes an object more often than an amount: no change verb.
		{"全力加快100个重点项目建设。", "100个", KindCount, 100, "个", "重点项目建设"},
		// A bracket after a figure is no noun of it.
		{"年末全国民用汽车保有量33618万辆（包括三轮汽车和低速货车714万辆）。", "33618万辆", KindCount, 3.3618e8, "辆", "年末全国民用汽车保有量"},
		{"目前全省有基层工会5.51万个、工会会员693.96万人。", "5.51万个", KindCount, 55100, "个", "全省有基层工会"},
		{"返还小微企业工会经费10.44亿元,帮助企业。", "10.44亿元", KindMoney, 1.044e9, "元", "返还小微企业工会经费"},
		{"仅省总工会就累计投入项目资金2100万元。", "2100万元", KindMoney, 2.1e7, "元", "省总工会就累计投入项目资金"},
		{"辐射带动468万余人次职工参加各级各类竞赛。", "468万余人次", KindCount, 4.68e6, "人次", "职工"},
		{"现场培训1300余名援鄂医疗队员。", "1300余名", KindCount, 1300, "名", "援鄂医疗队员"},
		{"肩负着全省700多万职工的重托。", "700多万", KindCount, 7e6, "", "职工"},
		{"1947个先进集体和先进个人分获全国和省五一劳动奖。", "1947个", KindCount, 1947, "个", "先进集体和先进个人"},
		// A joiner after an amount leads to the next item, whose noun is
		// not this amount's.
		{"包括新增债券1531亿元和再融资债券882.1亿元。", "1531亿元", KindMoney, 1.531e11, "元", "包括新增债券"},
		{"包括新增债券1531亿元和再融资债券882.1亿元。", "882.1亿元", KindMoney, 8.821e10, "元", "再融资债券"},
		{"职代会建会率达96.82%。", "96.82%", KindPercent, 96.82, "%", "职代会建会率"},
		{"2023年3月29日,全省工会基层工作会议在贵阳召开。", "2023年3月29日", KindDate, 0, "", "全省工会基层工作会议在贵阳召开"},
		{"今年7月20日,六盘水市成立快递行业工会联合会。", "7月20日", KindDate, 0, "", "六盘水市成立快递行业工会联合会"},
		{"省总工会连续5年获考核特等奖。", "连续5年", KindDuration, 5, "年", "考核特等奖"},
		{"举办线上线下招聘活动4520场,4.37万余家企业参与。", "4.37万余家", KindCount, 43700, "家", "企业"},
		// A unit keeps the quantity it is of (tce, tCO2e).
		{"全年能源消费总量48.6亿吨标准煤,比上年增长2.9%。", "48.6亿吨标准煤", KindMeasure, 4.86e9, "吨标准煤", "全年能源消费总量"},
		{"温室气体排放总量1.2万吨二氧化碳当量。", "1.2万吨二氧化碳当量", KindMeasure, 12000, "吨二氧化碳当量", "温室气体排放总量"},
		// A date keeps the word that bounds it: a deadline, a start.
		{"存量留抵税额于6月底前一次性全部退还。", "6月底前", KindDate, 0, "", "一次性全部退还"},
		// A word that ends with a qualifier is no qualifier of the figure.
		{"全年节约5万吨标准煤。", "5万吨标准煤", KindMeasure, 50000, "吨标准煤", "全年节约"},
		// A word that opens with 前 or 起 is no bound of the date.
		{"代表团于6月底前往北京参加会议。", "6月底", KindDate, 0, "", "前往北京参加会议"},
		{"5月1日前后将迎来客流高峰。", "5月1日", KindDate, 0, "", "前后将迎来客流高峰"},
		{"3月5日起草了工作方案。", "3月5日", KindDate, 0, "", "起草了工作方案"},
		{"新规定自2023年7月1日起施行。", "2023年7月1日起", KindDate, 0, "", "施行"},
		// A change whose own words are all a comparison (the base it is
		// measured against, then the verb) is of the figure before it.
		{"全市一般公共预算收入8670亿元，比2025年执行数（下同）增长2%。", "2%", KindChange, 2, "%", "全市一般公共预算收入比2025年执行数（下同）增长"},
		{"全市社会保险基金收入7388.7亿元，比2024年（下同）增长1.8%。", "1.8%", KindChange, 1.8, "%", "全市社会保险基金收入比2024年（下同）增长"},
		// 比重 is a word of its own, no comparison; nor is a name opening
		// with 比 that ends with a change.
		{"第三产业增加值比重为53.3%。", "53.3%", KindPercent, 53.3, "%", "第三产业增加值比重"},
		{"全年汽车产量3000万辆，比亚迪新能源汽车销量增长35%。", "35%", KindChange, 35, "%", "比亚迪新能源汽车销量增长"},
		{"出口总额增长10%，比利时进口增长5%。", "5%", KindChange, 5, "%", "比利时进口增长"},
		// A place value after 多 or 余 multiplies too.
		{"全年减税降费2万多亿元。", "2万多亿元", KindMoney, 2e12, "元", "全年减税降费"},
		{"带动就业3千多万人。", "3千多万人", KindCount, 3e7, "人", "带动就业"},
		// A range is one figure, its Value the high end.
		{"全年经济增长3%—5%。", "3%—5%", KindChange, 5, "%", "全年经济增长"},
		{"补助标准为2000至5000元。", "2000至5000元", KindMoney, 5000, "元", "补助标准"},
		{"单笔贷款10~20万元。", "10~20万元", KindMoney, 200000, "元", "单笔贷款"},
		{"人均补助2000-5000元。", "2000-5000元", KindMoney, 5000, "元", "人均补助"},
		{"覆盖率约3%—5%。", "约3%—5%", KindPercent, 5, "%", "覆盖率"},
		// A minus sign makes a number negative.
		{"一般公共预算收入增速为-2.3%。", "-2.3%", KindChange, -2.3, "%", "一般公共预算收入增速"},
		{"利润率为-1.5%。", "-1.5%", KindPercent, -1.5, "%", "利润率"},
		{"收入比上年增长−0.5个百分点。", "−0.5个百分点", KindChange, -0.5, "个百分点", "收入比上年增长"},
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

// The grammar of numeric expressions in government work reports and
// statistical communiqués, on short made-up sentences: qualifiers and whole
// units stay in the figure, changes are told from levels, each figure gets
// its own subject and year, and "从A提高到B" marks A as the start.
func TestNumericGrammar(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		fig   string
		kind  FigureKind
		value float64
		unit  string
		label string
		year  int
		from  bool
	}{
		// Place values in a row multiply; the unit after them is whole.
		{"万亿+unit", "全年粮食产量1.37万亿斤,比上年增产0.5%。", "1.37万亿斤", KindMeasure, 1.37e12, "斤", "全年粮食产量", 0, false},
		{"亿+千瓦", "发电装机容量达到12亿千瓦。", "12亿千瓦", KindMeasure, 1.2e9, "千瓦", "发电装机容量", 0, false},
		{"unit starting with 千", "新增装机容量3千瓦。", "3千瓦", KindMeasure, 3, "千瓦", "新增装机容量", 0, false},
		{"万+平方公里", "国土面积960万平方公里。", "960万平方公里", KindMeasure, 9.6e6, "平方公里", "国土面积", 0, false},
		{"亿+亩", "耕地19.18亿亩。", "19.18亿亩", KindMeasure, 1.918e9, "亩", "耕地", 0, false},
		{"万+公顷", "完成造林1.2万公顷。", "1.2万公顷", KindMeasure, 12000, "公顷", "完成造林", 0, false},
		{"万+户", "改造农村户厕60万户。", "60万户", KindCount, 6e5, "户", "改造农村户厕", 0, false},
		{"万亿 alone", "一般公共预算收入2.4万亿。", "2.4万亿", KindCount, 2.4e12, "", "一般公共预算收入", 0, false},
		{"万亿元", "财政赤字3.88万亿元。", "3.88万亿元", KindMoney, 3.88e12, "元", "财政赤字", 0, false},
		{"亿吨", "港口货物吞吐量155亿吨。", "155亿吨", KindMeasure, 1.55e10, "吨", "港口货物吞吐量", 0, false},
		{"decimal scaling", "地区生产总值20164.58亿元。", "20164.58亿元", KindMoney, 2016458e6, "元", "地区生产总值", 0, false},
		// Qualifiers belong to the figure.
		{"左右", "居民消费价格涨幅3%左右。", "3%左右", KindChange, 3, "%", "居民消费价格涨幅", 0, false},
		{"以上", "森林覆盖率达到60%以上。", "60%以上", KindPercent, 60, "%", "森林覆盖率", 0, false},
		{"约", "赤字率约3%。", "约3%", KindPercent, 3, "%", "赤字率", 0, false},
		{"超过", "户籍人口超过4000万人。", "超过4000万人", KindCount, 4e7, "人", "户籍人口", 0, false},
		{"逾", "人均可支配收入逾4万元。", "逾4万元", KindMoney, 4e4, "元", "人均可支配收入", 0, false},
		{"近", "惠及近10万户家庭。", "近10万户", KindCount, 1e5, "户", "家庭", 0, false},
		{"上下游 is no qualifier", "带动100家上下游企业。", "100家", KindCount, 100, "家", "上下游企业", 0, false},
		{"不足", "贫困发生率不足1%。", "不足1%", KindPercent, 1, "%", "贫困发生率", 0, false},
		{"多 between", "带动1000多万人就业。", "1000多万人", KindCount, 1e7, "人", "带动", 0, false},
		{"余 after place value", "培训农民工30余万人次。", "30余万人次", KindCount, 3e5, "人次", "培训农民工", 0, false},
		// A change against a base period is not a level; a fall is negative.
		{"growth", "地区生产总值20164.58亿元,比上年增长4.9%。", "4.9%", KindChange, 4.9, "%", "地区生产总值比上年增长", 0, false},
		{"level before growth", "地区生产总值20164.58亿元,比上年增长4.9%。", "20164.58亿元", KindMoney, 2016458e6, "元", "地区生产总值", 0, false},
		// A subject opening with a character that is also a verb of change
		// keeps it: the growth is of 增值税, not of 值税.
		{"subject opening with 增", "其中:增值税2787.8亿元,增长7.3%。", "7.3%", KindChange, 7.3, "%", "增值税增长", 0, false},
		{"points down", "城镇调查失业率5.5%,比上年下降0.3个百分点。", "0.3个百分点", KindChange, -0.3, "个百分点", "城镇调查失业率比上年下降", 0, false},
		{"rate is a level", "城镇调查失业率5.5%,比上年下降0.3个百分点。", "5.5%", KindPercent, 5.5, "%", "城镇调查失业率", 0, false},
		{"price rise", "居民消费价格上涨2%。", "2%", KindChange, 2, "%", "居民消费价格上涨", 0, false},
		{"absolute change", "年末常住人口3856万人,比上年末增加2万人。", "2万人", KindChange, 2e4, "人", "常住人口比上年末增加", 0, false},
		{"新增 is a level", "城镇新增就业1206万人。", "1206万人", KindCount, 1.206e7, "人", "城镇新增就业", 0, false},
		{"fall with own subject", "单位GDP能耗降低3.1%。", "3.1%", KindChange, -3.1, "%", "单位GDP能耗降低", 0, false},
		// Each change in a list gets its own subject.
		{"list 1", "第一产业增加值2860亿元,增长4.1%;第二产业增加值7200亿元,增长2.6%。", "4.1%", KindChange, 4.1, "%", "第一产业增加值增长", 0, false},
		{"list 2", "第一产业增加值2860亿元,增长4.1%;第二产业增加值7200亿元,增长2.6%。", "2.6%", KindChange, 2.6, "%", "第二产业增加值增长", 0, false},
		{"list 2 level", "第一产业增加值2860亿元,增长4.1%;第二产业增加值7200亿元,增长2.6%。", "7200亿元", KindMoney, 7.2e11, "元", "第二产业增加值", 0, false},
		{"items of an enumeration", "全国农民工6700万人、新就业形态劳动者1000多万人。", "6700万人", KindCount, 6.7e7, "人", "全国农民工", 0, false},
		{"items of an enumeration 2", "全国农民工6700万人、新就业形态劳动者1000多万人。", "1000多万人", KindCount, 1e7, "人", "新就业形态劳动者", 0, false},
		// From A to B: B is the level, A where it started; each has its year.
		{"from", "城镇化率从2012年的36.4%提高到2022年的54.8%。", "36.4%", KindPercent, 36.4, "%", "城镇化率", 2012, true},
		{"to", "城镇化率从2012年的36.4%提高到2022年的54.8%。", "54.8%", KindPercent, 54.8, "%", "城镇化率", 2022, false},
		{"由 from", "高速公路里程由5.2万公里增至8.6万公里。", "5.2万公里", KindMeasure, 5.2e4, "公里", "高速公路里程", 0, true},
		{"增至 to", "高速公路里程由5.2万公里增至8.6万公里。", "8.6万公里", KindMeasure, 8.6e4, "公里", "高速公路里程", 0, false},
		{"提高到 alone is a level", "普及率提高到87%。", "87%", KindPercent, 87, "%", "普及率提高到", 0, false},
		{"从 year-end", "贫困人口从2012年底的923万人减少到2019年底的0人。", "923万人", KindCount, 9.23e6, "人", "贫困人口", 2012, true},
		{"减少到 year-end", "贫困人口从2012年底的923万人减少到2019年底的0人。", "0人", KindCount, 0, "人", "贫困人口", 2019, false},
		// 分别 after the figures it applies to.
		{"respectively after 1", "接待游客6.3亿人次,旅游收入7000亿元,分别增长10%和15%。", "10%", KindChange, 10, "%", "接待游客增长", 0, false},
		{"respectively after 2", "接待游客6.3亿人次,旅游收入7000亿元,分别增长10%和15%。", "15%", KindChange, 15, "%", "旅游收入增长", 0, false},
		{"base year-end", "高速公路8331公里,比2012年末增加6000公里。", "6000公里", KindChange, 6000, "公里", "高速公路比2012年末增加", 0, false},
		{"突破", "旅游总收入突破1万亿元。", "突破1万亿元", KindMoney, 1e12, "元", "旅游总收入", 0, false},
		{"万千瓦", "新增风电装机5000万千瓦。", "5000万千瓦", KindMeasure, 5e7, "千瓦", "新增风电装机", 0, false},
		{"permille", "人口出生率为10.5‰。", "10.5‰", KindPercent, 1.05, "‰", "人口出生率", 0, false},
		{"base of a rate", "全年人民币平均汇率为1美元兑6.4515元人民币。", "1美元", KindMoney, 1, "美元", "全年人民币平均汇率", 0, true},
		{"rate", "全年人民币平均汇率为1美元兑6.4515元人民币。", "6.4515元人民币", KindMoney, 6.4515, "元人民币", "全年人民币平均汇率", 0, false},
		// Several years in one sentence: each figure has its own.
		{"year 1952", "1952年地区生产总值仅为5.8亿元,1978年为47亿元,2022年达到20164.58亿元。", "5.8亿元", KindMoney, 5.8e8, "元", "1952年地区生产总值", 1952, false},
		{"year 1978", "1952年地区生产总值仅为5.8亿元,1978年为47亿元,2022年达到20164.58亿元。", "47亿元", KindMoney, 4.7e9, "元", "地区生产总值", 1978, false},
		{"year 2022", "1952年地区生产总值仅为5.8亿元,1978年为47亿元,2022年达到20164.58亿元。", "20164.58亿元", KindMoney, 2016458e6, "元", "地区生产总值", 2022, false},
		{"base year is not the year", "2022年地区生产总值比2012年增长1.5倍。", "1.5倍", KindChange, 1.5, "倍", "地区生产总值比2012年增长", 2022, false},
		{"year of the sentence before", "1978年全省生产总值47亿元。人均生产总值175元。", "175元", KindMoney, 175, "元", "人均生产总值", 1978, false},
		{"since a year", "2012年以来累计减贫1000万人。", "1000万人", KindCount, 1e7, "人", "2012年以来累计减贫", 0, false},
		// The noun after a measure word is its figure's alone.
		{"noun after measure word", "评选5个示范企业及30个先进企业。", "5个", KindCount, 5, "个", "示范企业", 0, false},
		{"next item after 及", "评选5个示范企业及30个先进企业。", "30个", KindCount, 30, "个", "先进企业", 0, false},
		{"verb after the noun", "为3万名患病职工发放救助金及慰问金600万元。", "600万元", KindMoney, 6e6, "元", "发放救助金及慰问金", 0, false},
		{"share names its subject before", "赤字率拟按2.8%左右安排。", "2.8%左右", KindPercent, 2.8, "%", "赤字率拟按", 0, false},
		{"respectively joined by 和 1", "医保和公共卫生服务补助标准分别提高30元和5元。", "30元", KindChange, 30, "元", "医保", 0, false},
		{"respectively joined by 和 2", "医保和公共卫生服务补助标准分别提高30元和5元。", "5元", KindChange, 5, "元", "公共卫生服务补助标准", 0, false},
		{"bracket left by a cut", "全年地级及以上城市细颗粒物（PM2.5）平均浓度下降9.1%。", "9.1%", KindChange, -9.1, "%", "平均浓度下降", 0, false},
		{"compound unit", "全员劳动生产率为146380元/人。", "146380元/人", KindMoney, 146380, "元/人", "全员劳动生产率", 0, false},
		{"ton-kilometres", "货物周转量223574亿吨公里。", "223574亿吨公里", KindMeasure, 2.23574e13, "吨公里", "货物周转量", 0, false},
		{"footnote mark", "企业利润87092亿元,比上年增长[27]34.3%。", "34.3%", KindChange, 34.3, "%", "企业利润比上年增长", 0, false},
		{"one-character verb after a comparison", "社会融资规模增量比上年少3.4万亿元。", "3.4万亿元", KindChange, -3.4e12, "元", "社会融资规模增量比上年少", 0, false},
		{"升值", "人民币汇率比上年升值6.9%。", "6.9%", KindChange, 6.9, "%", "人民币汇率比上年升值", 0, false},
		{"markup of a saved page", "</p><p>　　全年粮食产量68285万吨。", "68285万吨", KindMeasure, 6.8285e8, "吨", "全年粮食产量", 0, false},
		// Spans of years are durations; a calendar year is no figure.
		{"span of years", "土地承包到期后再延长30年。", "30年", KindDuration, 30, "年", "土地承包到期后再延长", 0, false},
		{"anniversary", "纪念建交50周年。", "50周年", KindDuration, 50, "周年", "纪念建交", 0, false},
		{"measure word 枚", "运动员共获得38枚金牌。", "38枚", KindCount, 38, "枚", "金牌", 0, false},
		// A qualified place value with no number.
		{"超亿元", "协调资金超亿元。", "超亿元", KindMoney, 1e8, "元", "协调资金", 0, false},
		{"近万人", "惠及近万人。", "近万人", KindCount, 1e4, "人", "惠及", 0, false},
		// Numbers in characters.
		{"两千多万", "带动两千多万人就业。", "两千多万人", KindCount, 2e7, "人", "带动", 0, false},
		{"三成", "三成企业实现盈利。", "三成", KindPercent, 30, "成", "企业", 0, false},
		{"一半", "超过一半的资金用于基层。", "超过一半", KindPercent, 50, "半", "的资金用于基层", 0, false},
		{"一万亿 alone", "减税降费一万亿。", "一万亿", KindCount, 1e12, "", "减税降费", 0, false},
		{"一百零八", "建成一百零八个站点。", "一百零八个", KindCount, 108, "个", "站点", 0, false},
		{"十五万", "累计培训十五万人次。", "十五万人次", KindCount, 1.5e5, "人次", "培训", 0, false},
		{"百分之", "覆盖率达到百分之九十五。", "百分之九十五", KindPercent, 95, "%", "覆盖率", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
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
			if tt.text[f.Start:f.End] != f.Text {
				t.Errorf("offsets %d:%d do not hold %q", f.Start, f.End, f.Text)
			}
			if f.Kind != tt.kind || f.Value != tt.value || f.Unit != tt.unit || f.Label != tt.label || f.Year != tt.year || f.From != tt.from {
				t.Errorf("got kind %s value %v unit %q label %q year %d from %v;\nwant      %s %v %q %q %d %v",
					f.Kind, f.Value, f.Unit, f.Label, f.Year, f.From, tt.kind, tt.value, tt.unit, tt.label, tt.year, tt.from)
			}
		})
	}
}

// A figure whose own words name no subject takes the subject its
// sentence opens with; one with its own subject, or after a figure that
// gives one, does not, unless that subject was cut from longer words,
// which are then its topic.
func TestTopic(t *testing.T) {
	tests := []struct{ text, fig, topic string }{
		{"城乡居民医保实现市级统筹,截至年底,累计120万人参保。", "120万人", "城乡居民医保实现市级统筹"},
		{"城乡居民医保实现市级统筹,截至年底,累计120万人参保,为3万名患者报销费用。", "3万名", "城乡居民医保实现市级统筹"},
		{"城乡居民医保实现市级统筹,参保人数120万人。", "120万人", ""},
		{"参保人数120万人,比上年增加3万人。", "3万人", ""},
		// A figure taking the subject of the one before has the words
		// its label was cut from as its topic.
		{"细颗粒物（PM2.5）年平均浓度30微克/立方米，比上年下降9.1%。", "9.1%", "细颗粒物（PM2.5）年平均浓度"},
		{"全年粮食产量1.37万亿斤，比上年增加177亿斤，增长1.3%。", "1.3%", ""},
		{"参保人数达120万人,比上年增加3万人。", "3万人", ""},
		{"新增1947个先进集体，比上年增加5个。", "5个", ""},
		{"举办招聘活动120场,3万余家企业参与。", "3万余家", "举办招聘活动"},
		{"年末共有738万人享受城市低保,3474万人享受农村低保。", "3474万人", "年末共有"},
		{"推荐评选省级劳模12名、市级劳模30名。", "30名", "推荐评选"},
		{"助学贷款额度增加4000元,惠及500多万在校生。", "500多万", "助学贷款额度增加"},
		{"国家助学贷款额度增加4000元,共惠及500多万在校生。", "500多万", "国家助学贷款额度增加"},
		{"新建4个实训基地、23个培训中心。", "23个", "新建"},
		// The first item of an enumeration is of the opening clause as the
		// later ones are.
		{"第十四届省运动会，市代表团共夺得31枚金牌、28枚银牌、40枚铜牌。", "31枚", "第十四届省运动会"},
		{"推荐评选省级劳模12名、市级劳模30名。", "12名", ""},
		// A share (占…) of the subject before is of that subject.
		{"公司应付账款余额60337.06万元，占总资产的比重为13.30%。", "13.30%", "公司应付账款余额"},
		{"全年实物商品网上零售额108042亿元，占社会消费品零售总额的比重为24.5%。", "24.5%", "实物商品网上零售额"},
		{"第三产业增加值609680亿元。占国内生产总值比重为54.6%。", "54.6%", ""},
		{"新建厂房12000平方米，占地面积30000平方米。", "30000平方米", ""},
	}
	for _, tt := range tests {
		var got *Figure
		for _, f := range ExtractFigures(tt.text) {
			if f.Text == tt.fig {
				got = &f
			}
		}
		if got == nil || got.Topic != tt.topic {
			t.Errorf("%s in %q: got %+v, want topic %q", tt.fig, tt.text, got, tt.topic)
		}
	}
}

// Words that only look like numbers are no figures.
func TestNotFigures(t *testing.T) {
	for _, text := range []string{
		"坚持两个毫不动摇", "2023年工作回顾", "上世纪90年代", "60岁以上", "实施十四五规划", "千家万户受益", "政策不是一成不变的", "一个中心",
	} {
		if figs := ExtractFigures(text); len(figs) != 0 {
			t.Errorf("ExtractFigures(%q) = %+v, want none", text, figs)
		}
	}
}

// An ordinal with a measure word says which one (第几): a figure of its
// own kind, labelled with what it numbers, that leaves the amounts beside
// it as they were. One with no measure word names a thing or a part of a
// year.
func TestOrdinals(t *testing.T) {
	tests := []struct {
		text string
		want []string // text=label, in order
	}{
		{"启动第三次全国土壤普查。", []string{"第三次=全国土壤普查"}},
		{"支持办好第48届世界技能大赛。", []string{"第48届=世界技能大赛"}},
		{"发布了2023年第五期公益培训课程。", []string{"第五期=公益培训课程"}},
		{"706名省工会第十五次代表大会的代表", []string{"706名=省工会第十五次代表大会", "第十五次=代表大会的代表"}},
		// An ordinal's words stop at the amount beside it.
		{"第十五次代表大会的代表706名", []string{"第十五次=代表大会的代表", "706名=第十五次代表大会的代表"}},
		// A unit of time, or a measure word opening a longer word, makes
		// no ordinal.
		{"第一个月完成3项", []string{"3项=第一个月完成"}},
		{"第一部分介绍", nil},
		{"第一产业增加值83086亿元", []string{"83086亿元=第一产业增加值"}},
		{"第三季度增长5%", []string{"5%=第三季度增长"}},
		{"第几次", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, f := range ExtractFigures(tt.text) {
			got = append(got, f.Text+"="+f.Label)
			if f.Kind == KindOrdinal && (tt.text[f.Start:f.End] != f.Text || isQuantity(f.Kind)) {
				t.Errorf("%q: ordinal %+v has wrong offsets or counts as an amount", tt.text, f)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("ExtractFigures(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestBareNumbersAreNotFigures(t *testing.T) {
	for _, text := range []string{"贯彻国发(2022)2号文件", "拨打12351维权服务热线", "建立“1+1+N”工作推进机制", "2023年课程"} {
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
	// A second 其中 names another part of the same total, not a part of
	// the first part.
	for _, f := range ExtractFigures("2024年全年招聘人数399人；其中男性员工294人；其中女性员工105人") {
		if among := strings.Contains(f.Parent, "招聘人数"); among != (f.Text != "399人") {
			t.Errorf("%s parent = %q", f.Text, f.Parent)
		}
	}
	// A 其中 after a figure that is among a total only as the next item of
	// its sentence part is among that figure.
	found := false
	for _, f := range ExtractFigures("全省工会会员达500万人，其中农民工会员200万人，新建基层工会3000个，其中非公企业工会2000个。") {
		if f.Text == "2000个" {
			found = true
			if !strings.Contains(f.Parent, "新建基层工会") {
				t.Errorf("%s parent = %q", f.Text, f.Parent)
			}
		}
	}
	if !found {
		t.Error("2000个 not extracted")
	}
	// A passage opening with 其中 has no total before it to give.
	for _, f := range ExtractFigures("其中男性员工294人；其中女性员工105人") {
		if f.Parent != "" {
			t.Errorf("%s parent = %q", f.Text, f.Parent)
		}
	}
}

// A measure word's noun is its figure's own; what follows the noun is the
// next figure's.
func TestDetachedNoun(t *testing.T) {
	figs := ExtractFigures("为12.5万人次困难职工发放救助金3.2亿元。")
	if len(figs) != 2 {
		t.Fatalf("figures %+v, want 2", figs)
	}
	if figs[0].After != "困难职工" || figs[1].Before != "发放救助金" {
		t.Errorf("12.5万人次 after %q, 3.2亿元 before %q; want 困难职工, 发放救助金", figs[0].After, figs[1].Before)
	}
	// After an amount and a joiner, the words are the next item's only.
	figs = ExtractFigures("包括新增债券1531亿元和再融资债券882.1亿元。")
	if len(figs) != 2 {
		t.Fatalf("figures %+v, want 2", figs)
	}
	if figs[0].After != "" || figs[1].Before != "和再融资债券" {
		t.Errorf("1531亿元 after %q, 882.1亿元 before %q; want none, 和再融资债券", figs[0].After, figs[1].Before)
	}
	// Words a joiner closes are the first amount's: 与会 only starts with
	// a joiner's character.
	figs = ExtractFigures("300余名与会代表和200名列席人员出席。")
	if len(figs) != 2 {
		t.Fatalf("figures %+v, want 2", figs)
	}
	if figs[0].After != "与会代表和" {
		t.Errorf("300余名 after %q, want 与会代表和", figs[0].After)
	}
}

func FuzzExtractFigures(f *testing.F) {
	for _, s := range []string{"工会会员693.96万人。", "分别达96.82%和95.69%", "2023年3月29日", "连续5年", "1+1+N", "其中7个、512个",
		"城镇化率从2012年的36.4%提高到2022年的54.8%", "比上年下降0.3个百分点", "1.37万亿斤", "两千多万人", "约3%左右", "第十五次", "一百零八个"} {
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

func TestParseGrammar(t *testing.T) {
	for _, bad := range []string{
		"[unit]\n元 coins\n",         // unknown kind
		"[unit]\n元 money 10\n",      // a factor on a non-percent unit
		"[multiplier]\n万 lots\n",    // not a number
		"[qualifier-before]\n约 近\n", // two words on a line
		"约\n",                       // outside a section
		"[multiplier]\n万 10000\n",   // no units, no digits
		"[multiplier]\n万 10000\n[digit]\n一 1\n[unit]\n只 count\n[thousands-separator]\n.\n",  // a point separates no thousands
		"[multiplier]\n万 10000\n[digit]\n一 1\n[unit]\n只 count\n[thousands-separator]\n,,\n", // one character
		"[multiplier]\n万 10000\n[digit]\n一 1\n[unit]\n只 count\n[guess-multiplier]\nw\n",     // stands for no place value
		"[multiplier]\n万 10000\n[digit]\n一 1\n[unit]\n只 count\n[guess-multiplier]\nk 千\n",   // for one the grammar lacks
	} {
		if _, err := ParseGrammar(bad); err == nil {
			t.Errorf("ParseGrammar(%q) accepted", bad)
		}
	}
	g, err := ParseGrammar("# a tiny grammar\n[multiplier]\n万 10000\n[digit]\n一 1\n[unit]\n只 count # comment\n天 count time\n年 duration year\n")
	if err != nil {
		t.Fatal(err)
	}
	if figs := g.ExtractFigures("养了3万只羊"); len(figs) != 1 || figs[0].Text != "3万只" || figs[0].Value != 3e4 {
		t.Errorf("tiny grammar: got %+v", figs)
	}
	// Its units are its [unit] section's words, as Units lists them.
	for w, want := range map[string]bool{"只": true, "天": true, "万": false, "羊": false, "": false} {
		if got := g.IsUnit(w); got != want || got != slices.Contains(g.Units(), w) {
			t.Errorf("tiny grammar: IsUnit(%q) = %v, want %v (Units %v)", w, got, want, g.Units())
		}
	}
	// Its units of time: marked "time", or a duration's.
	for w, want := range map[string]bool{"天": true, "年": true, "只": false, "羊": false} {
		if got := g.IsTimeUnit(w); got != want {
			t.Errorf("tiny grammar: IsTimeUnit(%q) = %v, want %v", w, got, want)
		}
	}
}

// TestGroupedNumbers: numbers grouped in thousands, with an ASCII or a
// full-width comma, are one number; a comma that is not between a digit
// and exactly three digits is no separator. Each text lists every figure
// read from it, as "text=value".
func TestGroupedNumbers(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"ASCII comma", "其他危险废弃物4,459.32吨。", []string{"4,459.32吨=4459.32"}},
		{"two groups and decimals", "太阳能等新能源1,209,600.00千瓦时。", []string{"1,209,600.00千瓦时=1.2096e+06"}},
		{"full-width comma, place value", "应付账款余额为60，337.06万元，占总资产的13.30%。", []string{"60，337.06万元=6.033706e+08", "13.30%=13.3"}},
		{"compound unit", "目前已有产能1，200吨/年。", []string{"1，200吨/年=1200"}},
		{"count", "富祥药业员工总数1,774人。", []string{"1,774人=1774"}},
		{"qualifier and place value", "参与人次超过3,000万人次。", []string{"超过3,000万人次=3e+07"}},
		{"approximation", "培训5,000余名职工。", []string{"5,000余名=5000"}},
		{"a list is no grouping", "三项分别为1,2,3个。", []string{"3个=3"}},
		{"a list with the full-width comma", "排名分别为1，2，3位。", []string{"3位=3"}},
		{"more than three digits after the comma: two numbers", "两批分别为1,2345人。", []string{"2345人=2345"}},
		{"a group of three, then a list", "编号1,234,5个。", []string{"5个=5"}},
		{"a first group of four digits is no grouping", "共1234,567人。", []string{"567人=567"}},
		{"years listed", "2019,2020,2021年持续推进。", nil},
		{"a clause comma after a unit", "培训1,177人,投入19.80万元。", []string{"1,177人=1177", "19.80万元=198000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range ExtractFigures(tt.text) {
				got = append(got, f.Text+"="+strconv.FormatFloat(f.Value, 'g', -1, 64))
				if tt.text[f.Start:f.End] != f.Text {
					t.Errorf("figure %q has wrong offsets", f.Text)
				}
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("ExtractFigures(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// A range's Low is its low end, read with the high end's place values and
// unit when it has none of its own; a joiner after an ordinal, a year, a
// phone number's digits or a 从 opens no range.
func TestRanges(t *testing.T) {
	for _, tc := range []struct {
		text  string
		texts []string
		low   []float64
	}{
		{"单笔贷款10~20万元。", []string{"10~20万元"}, []float64{100000}},
		{"投资5万至10万元。", []string{"5万至10万元"}, []float64{50000}},
		{"增长3%至5%。", []string{"3%至5%"}, []float64{3}},
		{"贷款1,000—2,000万元。", []string{"1,000—2,000万元"}, []float64{1e7}},
		// A low end keeps its sign.
		{"预计收入增长-2%~3%。", []string{"-2%~3%"}, []float64{-2}},
		{"价格指数变动区间为−0.5%至0.5%。", []string{"−0.5%至0.5%"}, []float64{-0.5}},
		// Another unit at the low end: two figures.
		{"新建3个—5人小组。", []string{"3个", "5人"}, []float64{0, 0}},
		// 从A至B is a change from A.
		{"从3%至5%。", []string{"3%", "5%"}, []float64{0, 0}},
		{"排名第3-5名。", nil, nil},
		{"规划期为2024-2035年。", nil, nil},
		{"服务热线0851-12345。", nil, nil},
		{"标准GB-2万元。", nil, nil},
	} {
		var texts []string
		var low []float64
		for _, f := range ExtractFigures(tc.text) {
			texts, low = append(texts, f.Text), append(low, f.Low)
		}
		if !slices.Equal(texts, tc.texts) || !slices.Equal(low, tc.low) {
			t.Errorf("%s: figures %q low %v, want %q low %v", tc.text, texts, low, tc.texts, tc.low)
		}
	}
}
