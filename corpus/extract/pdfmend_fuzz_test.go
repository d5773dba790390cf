package extract

import (
	"math"
	"testing"
)

// mendFuzzWords are the cells FuzzMendLosesNoText sets: numbers, a
// year, a placeholder, header and label fragments, a sentence.
var mendFuzzWords = []string{"1", "23", "0", "—", "2023年", "商业企", "业", "三、", "本", "（一）予以公开", "这是一个很长的句子，用来测试段落而不是表格的单元格内容。", "总计", "-5", "NaN"}

// FuzzMendLosesNoText lays out pages of lines decoded from the input,
// cells of mendFuzzWords at any height, NaN or negative coordinates among
// them, and checks that no panic comes and no cell's text is lost.
func FuzzMendLosesNoText(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})
	f.Add([]byte("\x05\x50\x03\x00\x10\x01\x30\x02\x50\x00\x60\x00\x10\x40\x01\x02\x03"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var pages [][]pdfLine
		var page []pdfLine
		for i := 0; i+2 < len(data); {
			b := data[i]
			if b == 0xff {
				pages = append(pages, page)
				page = nil
				i++
				continue
			}
			y := float64(data[i+1]) * 4
			if b&0x80 != 0 {
				y = math.NaN()
			}
			n := int(b%5) + 1
			i += 2
			var cells []pdfCell
			for k := 0; k < n && i < len(data); k++ {
				w := mendFuzzWords[int(data[i])%len(mendFuzzWords)]
				x := float64(data[i]/16) * 30
				if data[i]&1 == 1 && k == 0 {
					x = -x
				}
				c := pdfCell{text: w, x0: x, x1: x + 12}
				c.words = []pdfCell{{text: w, x0: x, x1: x + 12}}
				cells = append(cells, c)
				i++
			}
			if len(cells) == 0 {
				break
			}
			l := testLine(y, cells...)
			l.size = 7.5 + float64(b%3)
			page = append(page, l)
		}
		pages = append(pages, page)
		if _, lost := mendRead(pages...); len(lost) > 0 {
			t.Fatalf("lost %q", lost)
		}
	})
}
