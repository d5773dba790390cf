package extract

import (
	"strings"
	"testing"
)

func TestTableRows(t *testing.T) {
	long := "这是一个很长的单元格，里面写的是一整句话，不是表头，超过二十个字。"
	tests := []struct {
		name string
		rows [][]string
		want []string
	}{
		{"header row names every cell", [][]string{{"指标", "2022年", "2023年"}, {"会员", "680万人", "693.96万人"}, {"工会", "", "5.51万个"}}, []string{"指标：会员，2022年：680万人，2023年：693.96万人。", "指标：工会，2023年：5.51万个。"}},
		{"long first row is data", [][]string{{long, "1"}, {"二", "2"}}, []string{long + "，1。", "二，2。"}},
		{"one row has no header", [][]string{{"指标", "数量"}}, []string{"指标，数量。"}},
		{"sentence kept", [][]string{{"说明", "备注"}, {"全年完成。", ""}}, []string{"说明：全年完成。"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tableRows(tt.rows); strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("tableRows = %q, want %q", got, tt.want)
			}
		})
	}
}
