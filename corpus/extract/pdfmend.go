package extract

// Tables drawn cell by cell: the national template of a government
// body's yearly report on open government information (政府信息公开工作年度报告),
// as WPS prints it, draws each cell of a table in turn, its text wrapped
// over as many lines as the cell is narrow. A header word breaks over two
// lines ("商业企" over "业"), a label over a group of rows is set one
// character a line ("三、" "本" "年" "度" …), and the lines of the header
// come in no order of height. Read as lines they were fragments and rows
// of bare numbers; mendTables puts such a table together again: its
// cells' wrapped lines joined, each column of numbers under the header
// cells above it, each row under the labels of the groups it is in.

import (
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// maxFragmentRunes is the longest line taken for part of a table's cell
// around its rows: cells are narrow, a paragraph's line is not.
const maxFragmentRunes = 30

// mendDrop is how far below a table's first row of numbers, in its font
// sizes, a line drawn before that row may still be part of the table: the
// last line of the row's own label wrapped over two or three lines, its
// numbers centred on it ("5.要求行政机关确认或重新出" over "具已获取信息",
// the numbers a third of a line above the second). A line drawn before
// the table and set further down the page is none of its header: a page
// footer Word draws first.
const mendDrop = 2.0

// mendRise is how far above a table's first row of numbers, in its font
// sizes, a line drawn after that row may still be part of the table: a
// cell drawn later stands lower than the rows before it, never above the
// first. A line set higher is the next column's, or a text box's, drawn
// after the table.
const mendRise = 0.5

// maxMendHeaderBlocks is the most cells a header put together from its
// cells may have: a name over each column on each of maxHeaderRows
// levels, and as many again for the notes over its labels and the wrapped
// words no line joined. More is a page of text, and reading it as a header
// costs the square of its cells.
const maxMendHeaderBlocks = 2 * maxHeaderRows * maxTableColumns

// mendedTable is a table put together from a page's lines [start, end).
type mendedTable struct {
	start, end int
	grid       tableGrid
	// note is the text set over the table and not over a column of it: the
	// corner cell over its labels ("（本列数据的勾稽关系为：…）").
	note string
}

// mendBlock is a cell's text on a page: its wrapped lines joined.
type mendBlock struct {
	text           string
	x0, x1         float64
	top, bottom, y float64 // baselines of its first and last line; y its middle
	size           float64
}

// mendRow is a row of numbers: the labels set on its line, its numbers.
type mendRow struct {
	labels  []pdfCell
	numbers []pdfCell
}

// mendGroup is a label over a group of rows.
type mendGroup struct {
	text  string
	level int
	rows  int // rows under it so far, on the page
	// carried is a group begun on the page before, its label read there.
	carried bool
}

// mendState is what a table that ends its page leaves for its rows on the
// next.
type mendState struct {
	bands  []band
	names  []string
	levels []float64
	stack  []*mendGroup
}

// mendTables finds the tables drawn cell by cell on each page and puts
// them together. A table ending its page goes on with the rows that open
// the next.
func mendTables(pages [][]pdfLine) [][]mendedTable {
	out := make([][]mendedTable, len(pages))
	var carried *mendState
	for pi, lines := range pages {
		next := carried
		carried = nil
		for i := 0; i < len(lines); {
			start, first, end := mendZone(lines, i)
			if end <= start {
				break
			}
			cont := next != nil && start == 0 && first == 0
			if !cont && !drawnByCells(lines[start:end]) {
				i = end
				continue
			}
			st := next
			if !cont {
				st = nil
			}
			t, state, renamed, ok := mendZoneTable(lines[start:end], first-start, st)
			if prev := out[pi-min(pi, 1)]; cont && len(prev) > 0 {
				// The rows before the break read the whole label too.
				g := &prev[len(prev)-1].grid
				for k, text := range g.texts {
					if whole, ok := renamed[text]; ok {
						g.texts[k] = whole
					}
				}
			}
			if ok {
				t.start, t.end = start, end
				out[pi] = append(out[pi], t)
				if end == len(lines) {
					carried = state
				}
			}
			i = end
		}
	}
	return out
}

// numberRow splits a line into its labels and its numbers, or reports it
// is no row of numbers (fewer than two). A cell of numbers side by side a
// word space apart ("72 64 178") is as many numbers.
func numberRow(l *pdfLine) (r mendRow, ok bool) {
	for _, c := range l.cells {
		t := cellText(c.text)
		if isNumberCell(t) {
			r.numbers = append(r.numbers, pdfCell{text: t, x0: c.x0, x1: c.x1})
			continue
		}
		var words []pdfCell
		for _, w := range c.words {
			if cellText(w.text) != "" {
				words = append(words, w)
			}
		}
		allNumbers := len(words) > 1
		for _, w := range words {
			allNumbers = allNumbers && isNumberCell(cellText(w.text))
		}
		if allNumbers {
			for _, w := range words {
				r.numbers = append(r.numbers, pdfCell{text: cellText(w.text), x0: w.x0, x1: w.x1})
			}
			continue
		}
		r.labels = append(r.labels, pdfCell{text: t, x0: c.x0, x1: c.x1})
	}
	return r, len(r.numbers) >= 2
}

// isFragment reports a line that may be part of a cell around a table's
// rows: set no larger than them, short, no sentence.
func isFragment(l *pdfLine, size float64) bool {
	// A tenth larger: the rounding of sizes a PDF states, not a heading's
	// step (a size or more).
	if l.size > size*1.1 {
		return false
	}
	for _, c := range l.cells {
		t := cellText(c.text)
		if utf8.RuneCountInString(t) > maxFragmentRunes || endsSentence(t) {
			return false
		}
	}
	return true
}

// mendZone finds the next run of lines from i that may be a table: its
// rows of numbers, the fragments between them, and those right before
// the first (its header). first is its first row of numbers; end is past
// its last. end <= start when none is left.
func mendZone(lines []pdfLine, i int) (start, first, end int) {
	first = -1
	for k := i; k < len(lines); k++ {
		if _, ok := numberRow(&lines[k]); ok {
			first = k
			break
		}
	}
	if first < 0 {
		return 0, 0, 0
	}
	size := lines[first].size
	top, em := lines[first].y, math.Max(size, 1)
	start = first
	for start > i && isFragment(&lines[start-1], size) && lines[start-1].y >= top-mendDrop*em {
		start--
	}
	end = first + 1
	for k := first + 1; k < len(lines); k++ {
		if !(lines[k].y <= top+mendRise*em) {
			break // drawn after the table, set above it
		}
		if _, ok := numberRow(&lines[k]); ok {
			end = k + 1
			continue
		}
		if !isFragment(&lines[k], size) {
			break
		}
	}
	return start, first, end
}

// drawnByCells reports lines drawn a cell at a time: a line drawn after
// another is set above it, as no text read in order is. Half a font size
// up is more than a baseline moves within one line (a superscript, a
// mixed font) and less than any line spacing.
func drawnByCells(lines []pdfLine) bool {
	for k := 1; k < len(lines); k++ {
		if lines[k].y > lines[k-1].y+0.5*math.Max(lines[k].size, 1) {
			return true
		}
	}
	return false
}

// blocksOf joins the wrapped lines of cells: lines of one cell each,
// drawn one after another, starting at one x, each one a line or two
// below the last.
func blocksOf(lines []pdfLine) []mendBlock {
	var out []mendBlock
	single := false
	for k := range lines {
		out = addBlocks(out, &lines[k], &single)
	}
	return out
}

// addBlocks adds a line's cells to blocks: a line of one cell under the
// last block, drawn right after a line of one cell that it started with,
// continues it. single tells whether the last line was of one cell.
func addBlocks(out []mendBlock, l *pdfLine, single *bool) []mendBlock {
	for _, c := range l.cells {
		t := cellText(c.text)
		if n := len(out); n > 0 && *single && len(l.cells) == 1 {
			b := &out[n-1]
			// Set at the same x (within a point) and at most four
			// sizes lower: a cell's next line at any usual spacing, not
			// the next row's cell under it, which a row's height parts.
			if math.Abs(b.x0-c.x0) < 1 && l.y < b.bottom && b.bottom-l.y <= 4*math.Max(l.size, 1) {
				b.text = joinCell(b.text, t)
				b.x1 = math.Max(b.x1, c.x1)
				b.bottom = l.y
				b.y = (b.top + b.bottom) / 2
				continue
			}
		}
		out = append(out, mendBlock{text: t, x0: c.x0, x1: c.x1, top: l.y, bottom: l.y, y: l.y, size: l.size})
	}
	*single = len(l.cells) == 1
	return out
}

// mendZoneTable puts a zone's lines together as a table: the lines before
// its first row of numbers (first) are its header, unless st carries the
// header of the page before.
//
// renamed maps a group's label as the page before read it to the whole
// label, when the page break split it.
func mendZoneTable(lines []pdfLine, first int, st *mendState) (t mendedTable, state *mendState, renamed map[string]string, ok bool) {
	state = &mendState{}
	var notes []string
	if st != nil {
		*state = *st
		state.stack = nil
		for _, g := range st.stack {
			state.stack = append(state.stack, &mendGroup{text: g.text, level: g.level, carried: true})
		}
	} else {
		// The columns: bands the numbers cover.
		var spans []band
		for k := first; k < len(lines); k++ {
			if r, ok := numberRow(&lines[k]); ok {
				for _, c := range r.numbers {
					spans = append(spans, band{c.x0, c.x1})
				}
			}
		}
		state.bands = bandsOf(spans)
		if len(state.bands) < 2 || len(state.bands) > maxTableColumns {
			return t, nil, nil, false
		}
		blocks := blocksOf(lines[:first])
		if len(blocks) > maxMendHeaderBlocks {
			return t, nil, nil, false
		}
		state.names, notes = headerNames(blocks, state.bands)
		if state.names == nil {
			return t, nil, nil, false
		}
	}
	// The labels' levels: where they start, left to right.
	body := lines[first:]
	if st == nil {
		var xs []float64
		for k := range body {
			for _, c := range body[k].cells {
				if c.x1 < state.bands[0].x0 {
					xs = append(xs, c.x0)
				}
			}
		}
		sort.Float64s(xs)
		for _, x := range xs {
			if n := len(state.levels); n == 0 || x-state.levels[n-1] > math.Max(lines[first].size, 1) {
				state.levels = append(state.levels, x)
			}
		}
		if len(state.levels)+len(state.bands) > maxTableColumns {
			// Too wide to lay out (layoutTable), and each row would
			// take a cell for every level: the square of the rows.
			return t, nil, nil, false
		}
	}
	level := func(x float64) int {
		k := 0
		for j, l := range state.levels {
			if math.Abs(x-l) < math.Abs(x-state.levels[k]) {
				k = j
			}
		}
		return k
	}
	// Each row of numbers in the order drawn, with the labels of the
	// groups it is in and its own.
	type row struct {
		cells  []string // by column: the labels' levels, then the bands
		groups []*mendGroup
		starts []bool // groups[k] starts at this row
		own    int    // the level of its own label, -1 for none
	}
	var rows []row
	var pending []mendBlock
	// dropped is set when a label would be read in no row: a group's
	// label over no row, a label with no column of labels to stand in.
	// Then the lines are no table this reads: they stay lines, for no
	// text of a page may be lost.
	dropped := false
	popTo := func(level int) {
		for len(state.stack) > 0 && state.stack[len(state.stack)-1].level >= level {
			g := state.stack[len(state.stack)-1]
			dropped = dropped || g.rows == 0 && !g.carried
			state.stack = state.stack[:len(state.stack)-1]
		}
	}
	push := func(g *mendGroup) {
		dropped = dropped || len(state.levels) == 0
		popTo(g.level)
		state.stack = append(state.stack, g)
	}
	single := false
	for k := range body {
		r, isRow := numberRow(&body[k])
		if !isRow {
			pending = addBlocks(pending, &body[k], &single)
			continue
		}
		single = false
		labels := r.labels
		if len(labels) == 0 && len(pending) > 0 {
			last := pending[len(pending)-1]
			labels = []pdfCell{{text: last.text, x0: last.x0, x1: last.x1}}
			pending = pending[:len(pending)-1]
		}
		for _, b := range pending {
			push(&mendGroup{text: b.text, level: level(b.x0)})
		}
		pending = nil
		if len(rows) == 0 && st != nil && len(labels) > 1 {
			// A group's label split by the page break: its rest opens the
			// page beside the first row.
			lv := level(labels[0].x0)
			for _, g := range state.stack {
				if g.level == lv {
					renamed = map[string]string{g.text: joinCell(g.text, labels[0].text)}
					g.text = renamed[g.text]
					labels = labels[1:]
					break
				}
			}
		}
		for len(labels) > 1 {
			push(&mendGroup{text: labels[0].text, level: level(labels[0].x0)})
			labels = labels[1:]
		}
		rw := row{cells: make([]string, len(state.levels)+len(state.bands)), own: -1}
		if len(labels) == 1 {
			if len(state.levels) == 0 {
				dropped = true
				break
			}
			rw.own = level(labels[0].x0)
			popTo(rw.own)
			rw.cells[rw.own] = labels[0].text
		}
		for _, g := range state.stack {
			rw.groups = append(rw.groups, g)
			rw.starts = append(rw.starts, g.rows == 0)
			g.rows++
		}
		for _, c := range r.numbers {
			k := nearestBand((c.x0+c.x1)/2, state.bands)
			rw.cells[len(state.levels)+k] = joinCell(rw.cells[len(state.levels)+k], c.text)
		}
		rows = append(rows, rw)
	}
	if len(rows) == 0 || dropped {
		return t, nil, nil, false
	}
	// The grid: a header row, then the rows; a group's label spans down
	// the rows it covers, a row's own label right to the numbers.
	nl := len(state.levels)
	head := []tableCell{}
	if nl > 0 {
		head = append(head, tableCell{cols: nl})
	}
	for _, n := range state.names {
		head = append(head, tableCell{text: n})
	}
	grid := [][]tableCell{head}
	for _, rw := range rows {
		var cells []tableCell
		for lv := 0; lv < nl; lv++ {
			var g *mendGroup
			starts := false
			for k, gg := range rw.groups {
				if gg.level == lv {
					g, starts = gg, rw.starts[k]
				}
			}
			switch {
			case rw.own == lv:
				cells = append(cells, tableCell{text: rw.cells[lv], cols: nl - lv})
				lv = nl
			case g != nil && starts:
				cells = append(cells, tableCell{text: g.text, rows: g.rows})
			case g != nil:
				// covered by the group's cell from above
			default:
				cells = append(cells, tableCell{})
			}
		}
		for _, c := range rw.cells[nl:] {
			cells = append(cells, tableCell{text: c})
		}
		grid = append(grid, cells)
	}
	g, ok := layoutTable(grid)
	if !ok {
		return t, nil, nil, false
	}
	// A group goes on over the next page's rows with none counted yet.
	for _, gg := range state.stack {
		gg.rows = 0
	}
	t.grid, t.note = g, strings.Join(notes, " ")
	return t, state, renamed, true
}

// headerNames names each band by the header blocks over it: the lowest
// one over it (its own header) under those over several columns (a
// group's header, "法人或其他组织" over 商业企业 … 其他). A block left of
// every column is a note over the labels, and so is one over every
// column when the names would be too long. names is nil when fewer than
// two columns have a header.
func headerNames(blocks []mendBlock, bands []band) (names []string, notes []string) {
	for _, b := range blocks {
		if isNumberCell(b.text) {
			// A number over the columns is a value, not a name: a
			// chart's, its bars' values over its axis.
			return nil, nil
		}
	}
	leaf := make([]int, len(bands))
	var rest []int
	for k, bd := range bands {
		leaf[k] = -1
		for j, b := range blocks {
			if b.x0 <= bd.x1+b.size/2 && b.x1 >= bd.x0-b.size/2 && (leaf[k] < 0 || b.bottom < blocks[leaf[k]].bottom) {
				leaf[k] = j
			}
		}
	}
	isLeaf := map[int]bool{}
	named := 0
	for _, j := range leaf {
		if j >= 0 {
			isLeaf[j] = true
			named++
		}
	}
	if named < 2 {
		return nil, nil
	}
	for j, b := range blocks {
		switch {
		case isLeaf[j]:
		case b.x1 < bands[0].x0:
			notes = append(notes, b.text)
		default:
			rest = append(rest, j)
		}
	}
	// Groups from the top down.
	sort.SliceStable(rest, func(a, b int) bool { return blocks[rest[a]].bottom > blocks[rest[b]].bottom })
	over := make([][]string, len(bands))
	all := []string{}
	for _, j := range rest {
		p := blocks[j]
		cols := groupColumns(p, blocks, leaf, bands)
		if len(cols) == 0 {
			// Over no column: the table's caption or its unit, said
			// before the rows.
			notes = append(notes, p.text)
			continue
		}
		if len(cols) == len(bands) && len(bands) > 1 {
			all = append(all, p.text)
		}
		for _, k := range cols {
			over[k] = append(over[k], p.text)
		}
	}
	names = make([]string, len(bands))
	long := false
	for k := range bands {
		parts := slices.Clone(over[k])
		if leaf[k] >= 0 {
			parts = append(parts, blocks[leaf[k]].text)
		}
		names[k] = strings.Join(parts, " ")
		long = long || utf8.RuneCountInString(names[k]) > maxHeaderRunes
	}
	if long && len(all) > 0 {
		// A title over every column: said once, before the rows.
		for k := range bands {
			parts := slices.Clone(over[k])[len(all):]
			if leaf[k] >= 0 {
				parts = append(parts, blocks[leaf[k]].text)
			}
			names[k] = strings.Join(parts, " ")
		}
		notes = append(notes, all...)
	}
	return names, notes
}

// groupColumns is the columns a header over several covers. Set left in
// its cell, it starts where a column's header does and goes right up to
// the next header on its line, over the columns whose headers stand under
// it (a header set in the middle of two rows of the header, "总计" beside
// the group, is none of its); set in the middle, it covers the widest run
// of columns it is in the middle of.
func groupColumns(p mendBlock, blocks []mendBlock, leaf []int, bands []band) []int {
	size := math.Max(p.size, 1)
	lx := func(k int) (float64, float64) {
		if leaf[k] >= 0 {
			return blocks[leaf[k]].x0, blocks[leaf[k]].x1
		}
		return bands[k].x0, bands[k].x1
	}
	under := func(k int) bool { return leaf[k] < 0 || blocks[leaf[k]].top < p.bottom }
	startAt := -1
	for k := range bands {
		// Left-aligned with it: within a point and a half, what a
		// cell's padding and a glyph's side bearing move its start.
		if x0, _ := lx(k); math.Abs(x0-p.x0) < 1.5 && under(k) {
			startAt = k
			break
		}
	}
	var cols []int
	if startAt >= 0 {
		bound := math.Inf(1)
		for _, b := range blocks {
			// A cell to its right on its baseline (within half a size):
			// the next header beside it bounds the columns it covers.
			if b.x0 > p.x0+size && math.Abs(b.bottom-p.bottom) < 0.5*size && b.x0 < bound {
				bound = b.x0
			}
		}
		low := math.Inf(1)
		for k := startAt; k < len(bands); k++ {
			if x0, _ := lx(k); x0 >= bound-1 {
				break
			}
			if leaf[k] >= 0 {
				low = math.Min(low, blocks[leaf[k]].y)
			}
		}
		for k := startAt; k < len(bands); k++ {
			if x0, _ := lx(k); x0 >= bound-1 || !under(k) {
				break
			}
			// Its middle lower than a quarter of the way down to the
			// group's own line: a column header reaching the group's line,
			// set beside it, not under it.
			if leaf[k] >= 0 && blocks[leaf[k]].y-low > (p.bottom-low)/4 {
				break // spans the group's line too: beside it
			}
			cols = append(cols, k)
		}
		return cols
	}
	mid := (p.x0 + p.x1) / 2
	for a := range bands {
		for b := a; b < len(bands); b++ {
			x0, _ := lx(a)
			_, x1 := lx(b)
			if x0 > p.x0+size || x1 < p.x1-size || math.Abs((x0+x1)/2-mid) > size {
				continue
			}
			ok := true
			for k := a; k <= b; k++ {
				ok = ok && under(k)
			}
			if ok && b-a+1 > len(cols) {
				cols = cols[:0]
				for k := a; k <= b; k++ {
					cols = append(cols, k)
				}
			}
		}
	}
	return cols
}
