package extract

// Page layout: runs of text into lines, running heads and feet dropped,
// lines into paragraphs.

import (
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// pdfLine is one line of text on a page.
type pdfLine struct {
	text      string
	x0, x1, y float64
	size      float64
	page      int
	colRight  float64 // right edge of the line's column
	left      float64 // left margin of the page's body text
	bold      bool    // every visible run of the line is bold
	// cells are the line's parts set apart by a gap wider than a word
	// space (cellGap): a table row's cells, or a letter-spaced heading's
	// characters. Prose has one.
	cells []pdfCell
}

// pdfCell is a part of a line set apart from the rest by a wide gap.
type pdfCell struct {
	text   string
	x0, x1 float64
	// words are the cell's parts a word space apart: the numbers of a
	// table's narrow columns set closer than a cell's gap ("72 64 178").
	words []pdfCell
}

// pageNumber matches lines that are only a page number.
var pageNumber = regexp.MustCompile(`^(第\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(\s*页)?(\s*/\s*\d{1,4})?$`)

// Line grouping. A run joins a line on its baseline that it overlaps or
// nearly touches; recentLines bounds the lines looked at, so a page stays
// linear and the next column's lines (drawn later, higher up) never join
// the last ones of the column before.
const (
	recentLines = 8
	// joinGap is how far right of a line, in font sizes, a run on the same
	// baseline still continues it: more than a wide word space, less than
	// a column gutter.
	joinGap = 1.5
	// labelGap is how far left of a line a run still joins it: a heading
	// number set before its title with a tab ("1⇥提站位").
	labelGap = 4.0
	// lateGap is how far right of a line a run drawn after other lines
	// began still continues it: the digits and quotes LibreOffice draws
	// after a line's Chinese abut them. A wider gap is a column gutter
	// (a browser's is 1em): the next column's line on that baseline.
	lateGap = 0.5
)

// pageLines groups a page's runs into lines and drops page numbers. A
// line's runs are put in order of their x position, not the order they
// were drawn: LibreOffice draws a line in one font and then the quotes,
// dashes and digits of another ("今年6月,“中国梦·——”" came out as
// "中国梦·—— ”“"). Lines keep the order in which they were started, which
// is the reading order of columns.
func pageLines(runs []pdfRun) []pdfLine {
	type lineRuns struct {
		line pdfLine
		runs []pdfRun
	}
	var groups []*lineRuns
	var last pdfRun
	for i, r := range runs {
		if i > 0 && r.text == last.text && math.Abs(r.x-last.x) < 1 && math.Abs(r.y-last.y) < 1 {
			continue // drawn twice for a bold effect
		}
		last = r
		size := math.Max(r.size, 1)
		var into *lineRuns
		for j := len(groups) - 1; j >= 0 && j >= len(groups)-recentLines; j-- {
			g := groups[j]
			l := &g.line
			if math.Abs(r.y-l.y) > 0.4*math.Max(size, l.size) {
				continue
			}
			current := j == len(groups)-1
			reach := joinGap
			if !current {
				reach = lateGap
			}
			overlaps := r.x < l.x1+reach*size && r.endX > l.x0-labelGap*size
			if overlaps || (current && r.x >= l.x1-2*size) {
				into = g
				break
			}
		}
		if into == nil {
			groups = append(groups, &lineRuns{line: pdfLine{x0: r.x, x1: r.endX, y: r.y, size: r.size, bold: true}})
			into = groups[len(groups)-1]
		}
		l := &into.line
		l.x0, l.x1 = math.Min(l.x0, r.x), math.Max(l.x1, r.endX)
		l.size = math.Max(l.size, r.size)
		l.bold = l.bold && (r.bold || strings.TrimSpace(r.text) == "")
		into.runs = append(into.runs, r)
	}
	// A line's quotes may be drawn before its first characters, and so
	// start a line of their own on the same baseline whose span the
	// characters' line then covers ("“”" + "联合会充分发挥娘家人"): lines on
	// one baseline whose spans overlap are one line. Columns never overlap.
	//
	// A group merged into an earlier one is unlinked (next), not deleted
	// from the slice: deleting from the middle made a page of 500,000 runs
	// on a few baselines quadratic. The window is the next 2*recentLines
	// groups after i not yet merged.
	next := make([]int, len(groups)) // the next live group after each
	for k := range next {
		next[k] = k + 1
	}
	merged := make([]bool, len(groups))
	for i := 0; i < len(groups); i = next[i] {
		a := &groups[i].line
		prev := i
		for j, n := next[i], 1; j < len(groups) && n <= 2*recentLines; {
			b := &groups[j].line
			if math.Abs(a.y-b.y) > 0.25*math.Max(a.size, b.size) || a.x0 >= b.x1 || b.x0 >= a.x1 {
				prev, j, n = j, next[j], n+1
				continue
			}
			a.x0, a.x1, a.size = math.Min(a.x0, b.x0), math.Max(a.x1, b.x1), math.Max(a.size, b.size)
			a.bold = a.bold && b.bold
			groups[i].runs = append(groups[i].runs, groups[j].runs...)
			merged[j] = true
			next[prev] = next[j]
			j = next[j]
		}
	}
	live := groups[:0]
	for k, g := range groups {
		if !merged[k] {
			live = append(live, g)
		}
	}
	groups = live
	var lines []pdfLine
	for _, g := range groups {
		sort.SliceStable(g.runs, func(i, j int) bool { return g.runs[i].x < g.runs[j].x-0.01*g.line.size })
		var sb strings.Builder
		x1 := math.Inf(-1)
		for _, r := range g.runs {
			size := math.Max(r.size, 1)
			prev, _ := utf8.DecodeLastRuneInString(sb.String())
			next, _ := utf8.DecodeRuneInString(r.text)
			space := sb.Len() > 0 && prev != ' ' && next != ' ' && spaceBetween(prev, next, r.x-x1, size)
			if space {
				sb.WriteByte(' ')
			}
			if cells := g.line.cells; len(cells) == 0 || r.x-x1 > cellGap*size {
				g.line.cells = append(cells, pdfCell{x0: r.x, x1: r.endX})
			} else if space {
				// A word space within the cell ("Gross domestic").
				g.line.cells[len(cells)-1].text += " "
			}
			c := &g.line.cells[len(g.line.cells)-1]
			if len(c.words) == 0 || space {
				c.words = append(c.words, pdfCell{x0: r.x, x1: r.endX})
			}
			w := &c.words[len(c.words)-1]
			w.text += r.text
			w.x1 = math.Max(w.x1, r.endX)
			c.text += r.text
			c.x1 = math.Max(c.x1, r.endX)
			sb.WriteString(r.text)
			x1 = math.Max(x1, r.endX)
		}
		g.line.cells = slices.DeleteFunc(g.line.cells, func(c pdfCell) bool { return strings.TrimSpace(c.text) == "" })
		g.line.text = cleanPara(sb.String())
		if g.line.text != "" {
			lines = append(lines, g.line)
		}
	}
	for len(lines) > 0 && pageNumber.MatchString(lines[len(lines)-1].text) {
		lines = lines[:len(lines)-1]
	}
	for len(lines) > 0 && pageNumber.MatchString(lines[0].text) {
		lines = lines[1:]
	}
	return lines
}

// spaceBetween reports whether a gap of gap points between two runs is a
// space. Latin words need a fifth of an em. Between Chinese characters,
// which are set solid, only a gap of most of an em is one: the space in
// "1 提站位 准定位" that a PDF leaves as a gap instead of drawing.
func spaceBetween(prev, next rune, gap, size float64) bool {
	if isCJK(prev) || isCJK(next) {
		return gap > 0.6*size
	}
	return gap > 0.2*size
}

// pdfParagraphs joins lines into paragraphs. A line starts a paragraph
// when its font size differs from the line before, when it is indented
// from the line before (or from the page margin, on a new page), when the
// line before stopped short of its column's right edge by more than this
// line's first word, or when the gap
// above it is larger than the usual line spacing. It returns each
// paragraph with its font size, and the body text size.
func pdfParagraphs(pages [][]pdfLine) (paras []string, sizes []float64, onPage []int, bold []bool, tables [][][]string, body float64) {
	paras, sizes, onPage, bold, tables, _, body = pdfLayout(pages)
	return paras, sizes, onPage, bold, tables, body
}

// pdfLayout is pdfParagraphs with the grids of the tables put together
// from cells drawn one by one (mendTables), nil for the others.
func pdfLayout(pages [][]pdfLine) (paras []string, sizes []float64, onPage []int, bold []bool, tables [][][]string, grids []*tableGrid, body float64) {
	weight := map[float64]int{}
	for _, lines := range pages {
		for _, l := range lines {
			weight[math.Round(l.size*2)/2] += utf8.RuneCountInString(l.text)
		}
	}
	best := 0
	for s, w := range weight {
		if w > best || (w == best && s < body) {
			body, best = s, w
		}
	}
	var gaps []float64
	for _, lines := range pages {
		for i := 1; i < len(lines); i++ {
			a, b := lines[i-1], lines[i]
			if near(a.size, body) && near(b.size, body) && a.y > b.y && a.y-b.y < 3*body {
				gaps = append(gaps, a.y-b.y)
			}
		}
	}
	// The line pitch is the lower quartile of the gaps between body lines:
	// where paragraphs are short (a newspaper's, or a wide page's) the
	// gaps between paragraphs may be half of them or more, and the median
	// would be a paragraph gap.
	pitch := body * 1.5
	if len(gaps) > 0 {
		sort.Float64s(gaps)
		pitch = gaps[len(gaps)/4]
	}
	for pi, lines := range pages {
		left := math.Inf(1)
		for i := range lines {
			if near(lines[i].size, body) {
				left = math.Min(left, lines[i].x0)
			}
		}
		// A column is the lines starting near the same x with the same
		// size; buckets keep this linear on pages with many lines.
		type column struct{ x, size int }
		key := func(l *pdfLine) column {
			return column{int(math.Floor(l.x0 / (3 * math.Max(body, 1)))), int(math.Round(l.size))}
		}
		right := map[column]float64{}
		for i := range lines {
			k := key(&lines[i])
			right[k] = math.Max(right[k], lines[i].x1)
		}
		for i := range lines {
			l := &lines[i]
			l.page, l.left = pi, left
			k := key(l)
			for dx := -1; dx <= 1; dx++ {
				l.colRight = math.Max(l.colRight, right[column{k.x + dx, k.size}])
			}
		}
	}
	var cur []string
	var prev *pdfLine
	allBold := true
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, "\n"))
			sizes = append(sizes, prev.size)
			onPage = append(onPage, prev.page)
			bold = append(bold, allBold)
			tables = append(tables, nil)
			grids = append(grids, nil)
		}
		cur = cur[:0]
		allBold = true
	}
	// carried is the header of a table that ends its page, for the rows
	// that open the next page with none: the table continued.
	var carried []string
	mended := mendTables(pages)
	for pi := range pages {
		lines := pages[pi]
		var tabs []pdfTable
		for _, m := range mended[pi] {
			g := m.grid
			tabs = append(tabs, pdfTable{start: m.start, end: m.end, rows: g.strings(), header: true, grid: &g, note: m.note})
		}
		for _, t := range findTables(lines) {
			if slices.ContainsFunc(mended[pi], func(m mendedTable) bool { return t.start < m.end && m.start < t.end }) {
				continue // put together from its cells
			}
			switch {
			case t.header:
			case t.start == 0 && len(carried) == len(t.rows[0]):
				t.rows = append([][]string{carried}, t.rows...)
			default:
				continue // no header to read its rows by: lines
			}
			tabs = append(tabs, t)
		}
		sort.SliceStable(tabs, func(a, b int) bool { return tabs[a].start < tabs[b].start })
		carried = nil
		if n := len(tabs); n > 0 && tabs[n-1].end == len(lines) && tabs[n-1].grid == nil {
			carried = tabs[n-1].rows[0]
		}
		for i := 0; i < len(lines); i++ {
			if len(tabs) > 0 && i == tabs[0].start {
				// A table is one paragraph of its lines, with its rows.
				flush()
				t := tabs[0]
				tabs = tabs[1:]
				var texts []string
				for _, l := range lines[t.start:t.end] {
					texts = append(texts, l.text)
				}
				prev = &lines[t.end-1]
				if t.note != "" {
					// The words over its labels, or over all of it.
					paras, sizes, onPage, bold = append(paras, t.note), append(sizes, prev.size), append(onPage, pi), append(bold, false)
					tables, grids = append(tables, nil), append(grids, nil)
				}
				paras = append(paras, strings.Join(texts, "\n"))
				sizes, onPage, bold = append(sizes, prev.size), append(onPage, pi), append(bold, false)
				tables, grids = append(tables, t.rows), append(grids, t.grid)
				i = t.end - 1 // the next line starts a paragraph: none is open
				continue
			}
			l := &lines[i]
			if prev != nil && pdfBreak(prev, l, pitch) {
				flush()
			}
			cur = append(cur, l.text)
			allBold = allBold && l.bold
			prev = l
		}
	}
	flush()
	return paras, sizes, onPage, bold, tables, grids, body
}

// pdfBreak reports whether line l starts a new paragraph after prev.
func pdfBreak(prev, l *pdfLine, pitch float64) bool {
	size := l.size
	short := prev.colRight - prev.x1 // room left at the end of the line before
	switch {
	case !near(prev.size, l.size):
		return true
	case cellsLine(prev) || cellsLine(l):
		// A table's row that was not read as a table (no header over
		// it) is a paragraph of its own: run into the next row, its last
		// number ran into the next label ("3119二、上年结转…").
		return true
	case short > firstWordWidth(l.text, size)+0.5*size && stopsShort(prev, short):
		return true
	case prev.page != l.page:
		return l.x0 > l.left+0.8*size
	case prev.y > l.y && prev.y-l.y > pitch*1.25 && prev.y-l.y < 10*pitch:
		return true // more space than between lines
	case centred(prev, l):
		return false // a centred title or caption over two lines
	}
	return l.x0 > prev.x0+0.8*size // indented
}

// cellsLine reports a line of table cells stating a number: a row.
func cellsLine(l *pdfLine) bool {
	return len(l.cells) >= 2 && statesNumber(l)
}

// stopsShort reports whether a line that left room for the next line's
// first word ends its paragraph. Chinese set ragged (browsers, narrow
// columns) wraps short: a closing mark may not start a line and pulls a
// character down with it, and Latin digits leave part of an em. So a
// Chinese line that stops mid-sentence ends its paragraph only when a
// third of the column is left: a short heading or a line the author broke
// on purpose.
func stopsShort(prev *pdfLine, short float64) bool {
	last, _ := utf8.DecodeLastRuneInString(prev.text)
	if isCJK(last) && !endsSentence(prev.text) && !strings.ContainsRune(":：", last) {
		return short > (prev.colRight-prev.x0)/3
	}
	return true
}

// centred reports two lines centred on the same axis, the first not a
// full one, the second no wider: a centred heading or caption wrapped.
func centred(prev, l *pdfLine) bool {
	mid := func(p *pdfLine) float64 { return (p.x0 + p.x1) / 2 }
	return prev.x0 > prev.left+2*prev.size && math.Abs(mid(prev)-mid(l)) < 0.5*l.size && l.x1-l.x0 <= prev.x1-prev.x0+0.5*l.size
}

// firstWordWidth estimates the width of the first word of a line: one
// character for Chinese, which wraps anywhere, half an em a letter else.
func firstWordWidth(text string, size float64) float64 {
	w := 0.0
	for _, r := range text {
		switch {
		case r == ' ':
			return w
		case isCJK(r):
			return w + size
		}
		w += 0.55 * size
	}
	return w
}

func near(a, b float64) bool { return math.Abs(a-b) <= 0.12*math.Max(a, b) }

// runningEdge is how many lines at the top and at the bottom of a page
// may be a running head or foot: a browser prints one of each, a
// publication up to a title line and a rule-separated page line.
const runningEdge = 2

// browserHead and browserFoot match the header and footer Chromium and
// wkhtmltopdf print by default: "11/25/26, 8:41 PM 标题" and
// "file:///… 1/7" or "https://… 1/7". They are dropped even on a one-page
// print, where there is no repetition to tell them by.
var (
	browserHead = regexp.MustCompile(`^\d{1,2}/\d{1,2}/\d{2,4},? \d{1,2}:\d{2}(:\d{2})?\s*([AaPp][Mm])?`)
	browserFoot = regexp.MustCompile(`^(file|https?)://\S*\s*\d{1,4}\s*/\s*\d{1,4}$`)
)

// dropRunningLines removes running heads and feet: a line among the top
// or bottom runningEdge lines of a page that appears, digits aside, in
// the same size at the same edge of at least half the pages (and two of them), or that is
// a browser's print header or footer.
func dropRunningLines(pages [][]pdfLine) {
	// A running head is set in one size on every page: the title of page
	// one, set larger in the words of the head, is none.
	type edgeKey struct {
		top  bool
		text string
		size float64
	}
	key := func(top bool, l *pdfLine) edgeKey {
		return edgeKey{top, digitless(l.text), math.Round(l.size*2) / 2}
	}
	edges := func(lines []pdfLine) (top, bottom []int) {
		idx := make([]int, len(lines))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return lines[idx[a]].y > lines[idx[b]].y })
		n := min(runningEdge, len(idx))
		return idx[:n], idx[len(idx)-n:]
	}
	count := map[edgeKey]int{}
	for _, lines := range pages {
		top, bottom := edges(lines)
		seen := map[edgeKey]bool{}
		for _, i := range top {
			seen[key(true, &lines[i])] = true
		}
		for _, i := range bottom {
			seen[key(false, &lines[i])] = true
		}
		for k := range seen {
			count[k]++
		}
	}
	repeated := func(k edgeKey) bool { return len(pages) >= 2 && count[k] >= 2 && 2*count[k] >= len(pages) }
	for pi, lines := range pages {
		top, bottom := edges(lines)
		drop := map[int]bool{}
		for _, i := range top {
			if repeated(key(true, &lines[i])) || browserHead.MatchString(lines[i].text) {
				drop[i] = true
			}
		}
		for _, i := range bottom {
			if repeated(key(false, &lines[i])) || browserFoot.MatchString(lines[i].text) {
				drop[i] = true
			}
		}
		if len(drop) == 0 {
			continue
		}
		kept := lines[:0]
		for i, l := range lines {
			if !drop[i] {
				kept = append(kept, l)
			}
		}
		pages[pi] = kept
	}
}

// digitless replaces every run of digits by "#", so "第3页" and "第4页"
// or "1/7" and "2/7" compare equal.
func digitless(s string) string {
	var sb strings.Builder
	inDigits := false
	for _, r := range s {
		if r >= '0' && r <= '9' {
			if !inDigits {
				sb.WriteByte('#')
			}
			inDigits = true
			continue
		}
		inDigits = false
		sb.WriteRune(r)
	}
	return sb.String()
}
