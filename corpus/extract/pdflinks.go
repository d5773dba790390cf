package extract

// Navigation in printed web pages. A browser's PDF of a saved page keeps
// the site's menu, sidebar and footer links as text, but also keeps every
// link as a /Link annotation with its rectangle: a line mostly covered by
// link rectangles is navigation, as a link-dense block is in the HTML.

import (
	"math"

	"github.com/ledongthuc/pdf"
)

// maxPDFAnnots bounds the annotations read on one page.
const maxPDFAnnots = 10000

// rect is a rectangle in page space.
type rect struct{ x0, y0, x1, y1 float64 }

// linkRects returns the rectangles of a page's link annotations.
func linkRects(page pdf.Value) []rect {
	annots := page.Key("Annots")
	var out []rect
	for i := 0; i < min(annots.Len(), maxPDFAnnots); i++ {
		a := annots.Index(i)
		if a.Key("Subtype").Name() != "Link" {
			continue
		}
		r := a.Key("Rect")
		if r.Len() != 4 {
			continue
		}
		x0, y0, x1, y1 := r.Index(0).Float64(), r.Index(1).Float64(), r.Index(2).Float64(), r.Index(3).Float64()
		out = append(out, rect{math.Min(x0, x1), math.Min(y0, y1), math.Max(x0, x1), math.Max(y0, y1)})
	}
	return out
}

// dropLinkLines removes lines whose width is more than maxLinkShare
// covered by link rectangles on their baseline.
func dropLinkLines(lines []pdfLine, links []rect) []pdfLine {
	if len(links) == 0 {
		return lines
	}
	kept := lines[:0]
	for _, l := range lines {
		width := l.x1 - l.x0
		if width <= 0 {
			kept = append(kept, l)
			continue
		}
		// The baseline sits inside a link's box, a little above its bottom.
		y := l.y + 0.3*l.size
		var spans [][2]float64
		for _, r := range links {
			if y >= r.y0 && y <= r.y1 && r.x1 > l.x0 && r.x0 < l.x1 {
				spans = append(spans, [2]float64{math.Max(r.x0, l.x0), math.Min(r.x1, l.x1)})
			}
		}
		if covered(spans) <= maxLinkShare*width {
			kept = append(kept, l)
		}
	}
	return kept
}

// covered is the total length of the union of spans.
func covered(spans [][2]float64) float64 {
	total := 0.0
	for i, s := range spans {
		// Count only the part of each span no earlier span covers; spans
		// are few per line, so quadratic is fine.
		lo, hi := s[0], s[1]
		for _, t := range spans[:i] {
			if t[0] <= lo && t[1] >= hi {
				lo = hi
				break
			}
			if t[0] <= lo && t[1] > lo {
				lo = t[1]
			}
			if t[1] >= hi && t[0] < hi {
				hi = t[0]
			}
		}
		if hi > lo {
			total += hi - lo
		}
	}
	return total
}
