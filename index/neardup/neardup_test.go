package neardup

import (
	"math/rand/v2"
	"testing"
)

func TestMatch(t *testing.T) {
	originals := []string{
		"目前全省有基层工会5.51万个、工会会员693.96万人。“县级工会加强年”等专项工作有序推进;评选表彰282个省级模范职工之家(小家)。",
		"建成城区户外劳动者综合服务站10017个,其中474个获命名为“全国工会最美户外劳动者服务站”。",
		"今年6月29日,贵州省第一届职工职业技能大赛在贵阳闭幕。来自全省各市、州及各产业(行业)的25支代表队参赛。",
	}
	tests := []struct {
		name string
		text string
		want int // index of the original, -1 for none
	}{
		{"same words, other figures", "目前全省有基层工会6.02万个、工会会员701.5万人。“县级工会加强年”等专项工作有序推进;评选表彰301个省级模范职工之家(小家)。", 0},
		{"other province and city", "今年6月29日,云南省第一届职工职业技能大赛在昆明闭幕。来自全省各市、州及各产业(行业)的31支代表队参赛。", 2},
		{"identical", originals[1], 1},
		{"different passage", "职工医疗互助实现省级统筹并纳入中国职工保险互助会管理,截至2023年11月底,累计1085.13万人次参与。", -1},
		{"shares a phrase only", "全省工会系统评选表彰省级模范职工之家,推动县级工会加强年专项工作。", -1},
		{"too short", "工会", -1},
	}
	f := New(0.5)
	ids := map[int]int{}
	for i, text := range originals {
		sig, ok := f.Sign(text)
		if !ok {
			t.Fatalf("original %d has no signature", i)
		}
		ids[f.Add(sig)] = i
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sig, _ := f.Sign(tt.text)
			id, ok := f.Match(sig, nil)
			got := -1
			if ok {
				got = ids[id]
			}
			if got != tt.want {
				t.Errorf("Match = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestMatchSkips(t *testing.T) {
	f := New(0.5)
	text := "推进企事业单位民主管理,116个单位分别获评全国、省厂务公开民主管理先进单位、示范单位。"
	sig, _ := f.Sign(text)
	first := f.Add(sig)
	if _, ok := f.Match(sig, func(id int) bool { return id == first }); ok {
		t.Fatal("Match returned a skipped original")
	}
	if id, ok := f.Match(sig, nil); !ok || id != first {
		t.Fatalf("Match = %d, %v; want %d", id, ok, first)
	}
}

// mutate changes k random characters of rs to characters of pool.
func mutate(r *rand.Rand, rs []rune, k int, pool []rune) string {
	out := append([]rune(nil), rs...)
	for range k {
		out[r.IntN(len(out))] = pool[r.IntN(len(pool))]
	}
	return string(out)
}

// Of several originals a text nearly repeats, Match returns the earliest
// added (the lowest id), whichever band meets which first, and whether
// it is the most alike or not; one skipped gives way to the next.
func TestMatchReturnsEarliest(t *testing.T) {
	pool := []rune("工会职工会员服务卡发放多少张年度预算收入支出增长比例人数企业农民就业培训补贴养老医疗保险住房公积金教育学校医院交通道路建设投资")
	r := rand.New(rand.NewPCG(1, 2))
	const trials = 200
	tested, wrong, wrongSkipping := 0, 0, 0
	for range trials {
		base := []rune(mutate(r, make([]rune, 60), 200, pool))
		f := New(0.5)
		unrelated, _ := f.Sign(mutate(r, make([]rune, 60), 200, pool))
		far, _ := f.Sign(mutate(r, base, 6, pool))  // over the threshold, less alike
		near, _ := f.Sign(mutate(r, base, 1, pool)) // nearly the same
		f.Add(unrelated)
		for _, s := range []Signature{far, near, far, near} {
			f.Add(s) // ids 1–4
		}
		q, _ := f.Sign(string(base))
		if Similarity(q, far) < 0.5 {
			continue
		}
		tested++
		if id, ok := f.Match(q, nil); !ok || id != 1 {
			wrong++
		}
		if id, ok := f.Match(q, func(id int) bool { return id == 1 }); !ok || id != 2 {
			wrongSkipping++
		}
	}
	if tested < trials/4 {
		t.Fatalf("only %d of %d trials had both originals over the threshold", tested, trials)
	}
	if wrong > 0 || wrongSkipping > 0 {
		t.Errorf("of %d trials, Match missed the earliest original over the threshold %d times, and %d times when skipping the first", tested, wrong, wrongSkipping)
	}
}

func TestSignIsDeterministic(t *testing.T) {
	text := "省总工会连续5年获全国省级工会经费审查工作规范化建设考核特等奖或一等奖。"
	a, _ := New(0.5).Sign(text)
	b, _ := New(0.5).Sign(text)
	if a != b {
		t.Fatal("two finders sign the same text differently")
	}
	if s := Similarity(a, b); s != 1 {
		t.Fatalf("Similarity of a text with itself = %v", s)
	}
}

func BenchmarkSign(b *testing.B) {
	f := New(0.5)
	text := "全省各级工会以“春风行动”“民营企业招聘月”“金秋招聘月”等为抓手举办线上线下招聘活动,4.37万余家企业参加,提供就业岗位159.96万余个。"
	for b.Loop() {
		f.Sign(text)
	}
}
