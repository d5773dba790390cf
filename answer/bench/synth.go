// Package bench measures reportbot's speed, size and answer quality on
// synthetic collections of reports grown from a real one.
package bench

import (
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index"
)

// province is a place a synthetic report is about: the real report's
// province, capital and cities are replaced by these.
type province struct {
	name, capital string
	cities        [5]string
}

// provinces are the places of the synthetic series. The first is the real
// report's own, so older reports of the same province are in the series.
var provinces = []province{
	{"贵州", "贵阳", [5]string{"遵义", "六盘水", "毕节", "黔东南", "贵安"}},
	{"云南", "昆明", [5]string{"曲靖", "玉溪", "大理", "红河", "滇中"}},
	{"四川", "成都", [5]string{"绵阳", "宜宾", "南充", "凉山", "天府"}},
	{"湖南", "长沙", [5]string{"株洲", "湘潭", "衡阳", "湘西", "湘江"}},
	{"广西", "南宁", [5]string{"柳州", "桂林", "北海", "百色", "钦州"}},
	{"江西", "南昌", [5]string{"赣州", "九江", "上饶", "吉安", "赣江"}},
	{"湖北", "武汉", [5]string{"宜昌", "襄阳", "荆州", "恩施", "东湖"}},
	{"河南", "郑州", [5]string{"洛阳", "开封", "南阳", "信阳", "郑东"}},
	{"陕西", "西安", [5]string{"宝鸡", "咸阳", "延安", "汉中", "西咸"}},
	{"甘肃", "兰州", [5]string{"天水", "酒泉", "张掖", "甘南", "兰州新区"}},
	{"山西", "太原", [5]string{"大同", "长治", "运城", "临汾", "转型综改区"}},
	{"安徽", "合肥", [5]string{"芜湖", "蚌埠", "安庆", "黄山", "江淮"}},
	{"福建", "福州", [5]string{"厦门", "泉州", "漳州", "龙岩", "平潭"}},
	{"浙江", "杭州", [5]string{"宁波", "温州", "绍兴", "丽水", "钱塘"}},
	{"江苏", "南京", [5]string{"苏州", "无锡", "徐州", "盐城", "江北新区"}},
	{"山东", "济南", [5]string{"青岛", "烟台", "潍坊", "临沂", "青岛西海岸"}},
	{"河北", "石家庄", [5]string{"唐山", "保定", "邯郸", "张家口", "雄安"}},
	{"辽宁", "沈阳", [5]string{"大连", "鞍山", "锦州", "丹东", "沈抚"}},
	{"吉林", "长春", [5]string{"吉林市", "四平", "延边", "白山", "长吉"}},
	{"黑龙江", "哈尔滨", [5]string{"齐齐哈尔", "大庆", "牡丹江", "佳木斯", "哈长"}},
}

// realPlaces are the names of the real report that a variant replaces,
// longest first so "黔东南" is replaced before anything shorter.
var realPlaces = []struct {
	name string
	pick func(province) string
}{
	{"黔东南", func(p province) string { return p.cities[3] }},
	{"六盘水", func(p province) string { return p.cities[1] }},
	{"贵州", func(p province) string { return p.name }},
	{"贵阳", func(p province) string { return p.capital }},
	{"遵义", func(p province) string { return p.cities[0] }},
	{"毕节", func(p province) string { return p.cities[2] }},
	{"贵安", func(p province) string { return p.cities[4] }},
}

var (
	numberRe  = regexp.MustCompile(`\d+(?:\.\d+)?`)
	headingRe = regexp.MustCompile(`(?m)^\d{1,2} \S.*$`)
	sourceRe  = regexp.MustCompile(`(?m)^[(（]来源.*$`)
)

// Series returns n reports: the base report, dated newest, followed by
// n-1 older variants of it, as a collection of yearly reports from
// several provinces would be. Variant i is about provinces[i%len] and
// dated i/len+1 years earlier; its place names, years and figures differ
// (each figure scaled by a random factor between 0.7 and 1.3) and its
// sections come in a shuffled order. The same seed gives the same series.
func Series(baseID, baseText string, newest time.Time, n int, seed uint64) ([]*corpus.Report, error) {
	src, err := SeriesSource(baseID, baseText, newest, n, seed)
	if err != nil {
		return nil, err
	}
	reports := make([]*corpus.Report, 0, n)
	for r, err := range src.Reports {
		if err != nil {
			return nil, err
		}
		reports = append(reports, r)
	}
	return reports, nil
}

// SeriesSource is Series as an index.Source: each report is made when the
// build reads it, newest first, so building a large series holds one
// report at a time, as a reindex of stored reports does.
func SeriesSource(baseID, baseText string, newest time.Time, n int, seed uint64) (index.Source, error) {
	if n < 1 {
		return index.Source{}, fmt.Errorf("series of %d reports: want at least 1", n)
	}
	base, err := corpus.Parse(baseID, baseText)
	if err != nil {
		return index.Source{}, err
	}
	base.Added = newest
	return index.Source{Reports: func(yield func(*corpus.Report, error) bool) {
		if !yield(base, nil) {
			return
		}
		// Variant i is dated years earlier and then i%len days earlier:
		// each is older than the one before, so i's order is newest first.
		for i := 1; i < n; i++ {
			rng := rand.New(rand.NewPCG(seed, uint64(i)))
			years := i/len(provinces) + 1
			text := variant(baseText, provinces[i%len(provinces)], years, rng)
			r, err := corpus.Parse(fmt.Sprintf("synthetic-%04d", i), text)
			if err != nil {
				yield(nil, fmt.Errorf("variant %d: %w", i, err))
				return
			}
			r.Added = newest.AddDate(-years, 0, -i%len(provinces))
			if !yield(r, nil) {
				return
			}
		}
	}}, nil
}

// variant rewrites the real report's text for another province, years
// earlier, with other figures and its sections in another order.
func variant(text string, p province, years int, rng *rand.Rand) string {
	for _, place := range realPlaces {
		text = strings.ReplaceAll(text, place.name, place.pick(p))
	}
	text = varyNumbers(text, years, rng)
	return shuffleSections(text, rng)
}

// varyNumbers shifts years back and scales every other figure. Headings'
// numbers, months, days and small counts ("连续5年") are left alone.
func varyNumbers(text string, years int, rng *rand.Rand) string {
	var b strings.Builder
	last := 0
	for _, loc := range numberRe.FindAllStringIndex(text, -1) {
		s := text[loc[0]:loc[1]]
		after := text[loc[1]:]
		b.WriteString(text[last:loc[0]])
		last = loc[1]
		v, _ := strconv.ParseFloat(s, 64)
		switch {
		case len(s) == 4 && (strings.HasPrefix(s, "19") || strings.HasPrefix(s, "20")) && strings.HasPrefix(after, "年"):
			b.WriteString(strconv.Itoa(int(v) - years))
		case strings.HasPrefix(after, "月") || strings.HasPrefix(after, "日") || strings.HasPrefix(after, " ") || v < 10 && !strings.Contains(s, "."):
			b.WriteString(s)
		default:
			decimals := 0
			if i := strings.IndexByte(s, '.'); i >= 0 {
				decimals = len(s) - i - 1
			}
			scaled := v * (0.7 + 0.6*rng.Float64())
			if decimals == 0 {
				scaled = math.Max(1, math.Round(scaled))
			}
			b.WriteString(strconv.FormatFloat(scaled, 'f', decimals, 64))
		}
	}
	b.WriteString(text[last:])
	return b.String()
}

// shuffleSections puts the numbered sections in a random order and
// renumbers them; the opening before the first heading and the source
// line stay where they are.
func shuffleSections(text string, rng *rand.Rand) string {
	tail := ""
	if loc := sourceRe.FindStringIndex(text); loc != nil {
		text, tail = text[:loc[0]], text[loc[0]:]
	}
	heads := headingRe.FindAllStringIndex(text, -1)
	if len(heads) < 2 {
		return text + tail
	}
	opening := text[:heads[0][0]]
	sections := make([]string, len(heads))
	for i, h := range heads {
		end := len(text)
		if i+1 < len(heads) {
			end = heads[i+1][0]
		}
		sections[i] = strings.TrimRight(text[h[0]:end], "\n") + "\n\n"
	}
	var b strings.Builder
	b.WriteString(opening)
	for n, i := range rng.Perm(len(sections)) {
		s := sections[i]
		_, rest, _ := strings.Cut(s, " ")
		b.WriteString(strconv.Itoa(n+1) + " " + rest)
	}
	b.WriteString(tail)
	return b.String()
}
