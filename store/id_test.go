package store

import "testing"

func TestNewID(t *testing.T) {
	tests := []struct {
		name, title string
		taken       []string
		want        string
	}{
		{"贵州省工会 报告(2023).pdf", "", nil, "gui-zhou-sheng-gong-hui-bao-gao-2023"},
		{"工会报告.pdf", "", nil, "gong-hui-bao-gao"},
		{"Guizhou_Report-2023.DOCX", "", nil, "guizhou-report-2023"},
		{"1.pdf", "聚焦职能定位", nil, "ju-jiao-zhi-neng-ding-wei"},
		{"工会报告.pdf", "", []string{"gong-hui-bao-gao"}, "gong-hui-bao-gao-2"},
		{"中华全国总工会关于加强新就业形态劳动者权益保障工作的意见.docx", "", nil, "zhong-hua-quan-guo-zong-gong-hui-guan-yu-jia"},
		{"…….pdf", "", nil, "r-"},
		{"Ünïcödé ÅBC.md", "", nil, "unicode-abc"},
		{"ＡＢＣ报告２０２３.pdf", "", nil, "abc-bao-gao-2023"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var metas []Meta
			for _, id := range tt.taken {
				metas = append(metas, Meta{ID: id})
			}
			got := newID(tt.name, tt.title, metas)
			if tt.want == "r-" {
				if len(got) != 10 || got[:2] != "r-" {
					t.Errorf("newID = %q, want a hash id", got)
				}
				return
			}
			if got != tt.want {
				t.Errorf("newID(%q, %q) = %q, want %q", tt.name, tt.title, got, tt.want)
			}
		})
	}
}
