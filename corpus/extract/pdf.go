package extract

// PDF objects, streams, fonts and ToUnicode CMaps are read with
// github.com/ledongthuc/pdf (BSD, the maintained fork of rsc.io/pdf). Its
// own text functions are not used: Page.Content emits a stray glyph after
// every TJ array and skips form XObjects, and Page walks a cyclic page
// tree forever. The content-stream interpreter below runs on the library's
// exported Interpret, Value and Font instead, positions each text run with
// the real glyph widths, and bounds every walk.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// Limits on walks through a PDF's object graph.
const (
	maxPDFPages     = 5000
	maxPDFTreeNodes = 20000
	maxPDFDepth     = 32 // page tree, Parent chain, nested forms, q/Q
	maxPDFOps       = 5_000_000
	maxPDFForms     = 10_000  // form XObjects run, counting repeats
	maxPDFObjects   = 1 << 21 // object numbers a cross-reference may reach
	pdfExpansion    = 10      // decompressed streams may take this many times Options.MaxBytes
	// Opening a PDF may read it this many times over, and pdfOpenSlack
	// bytes more (4 KiB a cross-reference section at least).
	pdfOpenReads = 4
	pdfOpenSlack = 16 << 20
)

// errPDFLoop is what reading returns once opening a PDF has read too much.
var errPDFLoop = errors.New("cross-reference sections in a loop")

// pdfFile is a PDF's bytes as the library reads them. Opening a file, the
// library follows each cross-reference section's /Prev with no check for
// a loop: a section pointing back to itself or to a later one (a broken
// incremental save) was read forever. So what opening reads is bounded;
// left is unbounded once the file is open.
//
// A loop reads the same section at the same offset again and again, so
// while opening, reads at one offset are counted too (starts): more than
// maxPDFRereads is a loop, found in a few hundred reads where the byte
// budget of a small file takes thousands (16 MiB in small reads: 0.4 s,
// seconds under the race detector).
type pdfFile struct {
	data   *bytes.Reader
	left   int64
	starts map[int64]int // reads at each offset while opening; nil once open
}

// maxPDFRereads is how often opening may read at one offset. The library
// reads a section once, and a few times more when a read straddles its
// buffer; a hundred is far past that and far short of the budget.
const maxPDFRereads = 100

func (f *pdfFile) ReadAt(p []byte, off int64) (int, error) {
	if f.left < 0 {
		return 0, errPDFLoop
	}
	f.left -= int64(len(p))
	if f.starts != nil {
		if f.starts[off]++; f.starts[off] > maxPDFRereads {
			f.left = -1
			return 0, errPDFLoop
		}
	}
	return f.data.ReadAt(p, off)
}

// pdfAbort carries an error out of the library's callbacks by panic.
type pdfAbort struct{ err error }

// extractPDF reads a PDF's text layer page by page and joins its lines
// into paragraphs by indentation, spacing, font size and line length. A
// PDF without a text layer (a scan) is refused with ErrEmpty.
func extractPDF(ctx context.Context, data []byte, opt Options) (doc Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			if a, ok := r.(pdfAbort); ok {
				err = a.err
				return
			}
			err = fmt.Errorf("%w: broken PDF: %s", ErrUndecodable, oneLine(fmt.Sprint(r)))
		}
	}()
	data = pdfCompatible(data)
	if tooManyObjects(data) {
		return Document{}, fmt.Errorf("%w: PDF cross-reference or object streams number too many objects", ErrTooLarge)
	}
	if extendsLoop(data) {
		return Document{}, fmt.Errorf("%w: broken PDF: object streams extend each other in a loop", ErrUndecodable)
	}
	file := &pdfFile{data: bytes.NewReader(data), left: pdfOpenReads*int64(len(data)) + pdfOpenSlack, starts: map[int64]int{}}
	r, err := pdf.NewReader(file, int64(len(data)))
	if err != nil {
		switch {
		case file.left < 0:
			return Document{}, fmt.Errorf("%w: broken PDF: %s", ErrUndecodable, errPDFLoop)
		case errors.Is(err, pdf.ErrInvalidPassword):
			return Document{}, fmt.Errorf("%w: encrypted PDF (needs a password)", ErrUndecodable)
		case strings.Contains(err.Error(), "encryption"):
			return Document{}, fmt.Errorf("%w: encrypted PDF: %s", ErrUndecodable, oneLine(err.Error()))
		}
		return Document{}, fmt.Errorf("%w: broken PDF: %s", ErrUndecodable, oneLine(err.Error()))
	}
	file.left, file.starts = math.MaxInt64, nil
	var pages []pdf.Value
	nodes := maxPDFTreeNodes
	collectPages(r.Trailer().Key("Root").Key("Pages"), 0, &nodes, &pages)
	if len(pages) == 0 {
		return Document{}, fmt.Errorf("%w: broken PDF: no pages", ErrUndecodable)
	}
	in := &pdfInterp{ctx: ctx, ops: maxPDFOps, forms: maxPDFForms, budget: pdfExpansion * opt.maxBytes(), fonts: map[string]*pdfFont{}}
	var (
		all     [][]pdfLine
		failed  int
		lastErr string
	)
	for _, page := range pages {
		if err := ctx.Err(); err != nil {
			return Document{}, err
		}
		runs, err := in.page(page)
		if err != nil {
			var a pdfAbort
			if errors.As(err, &a) {
				return Document{}, a.err
			}
			failed++
			lastErr = err.Error()
		}
		all = append(all, dropLinkLines(pageLines(runs), linkRects(page)))
	}
	total := 0
	for _, lines := range all {
		total += len(lines)
	}
	switch {
	case total == 0 && failed == len(pages):
		return Document{}, fmt.Errorf("%w: broken PDF: %s", ErrUndecodable, oneLine(lastErr))
	case total == 0 && in.unmapped > 0:
		return Document{}, fmt.Errorf("%w: PDF fonts have no Unicode mapping, so the text can't be read", ErrUndecodable)
	case total == 0:
		return Document{}, fmt.Errorf("%w: PDF has no text layer (scanned?)", ErrEmpty)
	}
	dropRunningLines(all)
	paras, sizes, onPage, bold, tables, grids, body := pdfLayout(all)
	b := newBuilder()
	first := pdfTitleIndex(paras, sizes, onPage, body)
	title, last := "", first
	if first >= 0 {
		// A title set over several centred lines ("忠实践行“八八战略”",
		// "坚决做到“两个维护”", …) is one title: the short paragraphs right
		// after it in its size belong to it.
		parts := []string{cleanPara(paras[first])}
		for j := first + 1; j < len(paras) && j <= first+maxTitleLines-1 && math.Abs(sizes[j]-sizes[first]) < 0.5 &&
			utf8.RuneCountInString(paras[j]) <= maxTitleRunes && !endsSentence(paras[j]); j++ {
			parts = append(parts, cleanPara(paras[j]))
			last = j
		}
		title = strings.Join(parts, " ")
	}
	for i, p := range paras {
		switch {
		case i < first || isFurniture(cleanPara(p)) || !hasWordChar(p):
			// Before the headline of a printed web page: its menu, search
			// box and column name; and lines of furniture or separators.
			continue
		case i == first:
			b.title(title)
			continue
		case i > first && i <= last:
			continue // part of the title
		}
		if grids[i] != nil {
			addRows(b, *grids[i])
			continue
		}
		if tables[i] != nil {
			if g, ok := plainTable(tables[i]); ok {
				addRows(b, g)
				continue
			}
		}
		if sizes[i] >= body*headingScale || (bold[i] && boldHeadingText(cleanPara(p))) {
			// A heading set letter-spaced ("一、综    合") reads as its
			// characters together.
			b.heading(cellText(p))
		} else {
			b.para(p)
		}
	}
	doc = b.document(title, false)
	if title == "" {
		if t := siteless(cleanPara(r.Trailer().Key("Info").Key("Title").Text())); !junkTitle(t) {
			title = t // a browser's print sets the page's <title>
		}
	}
	doc.Title = title
	return doc, nil
}

// headingScale is how much larger than the body a line is set to be a
// heading: LibreOffice prints an HTML <h2> at 18 pt over a 16 pt body
// (1.125), Word's and browsers' headings are larger still; body text set a
// little large for emphasis stays below it.
const headingScale = 1.1

// maxTitleLines is how many paragraphs of the title's size a title may
// take: a speech's title and its slogans, one wrapped, not a list of headings.
const maxTitleLines = 4

// maxTitleSearch bounds the paragraphs looked at for a title: a printed
// web page's menu and sidebar may take a page before the headline.
const maxTitleSearch = 60

// pdfTitleIndex returns the index of the title paragraph, or -1: the
// largest paragraph set larger than the body, short enough for a title,
// with only short lines before it (a printed web page's menu and search
// box, a newspaper's masthead), on the first two pages.
func pdfTitleIndex(paras []string, sizes []float64, onPage []int, body float64) int {
	best := -1
	for i, p := range paras {
		if i >= maxTitleSearch || onPage[i] > onPage[0]+1 {
			break
		}
		if sizes[i] >= body*headingScale && utf8.RuneCountInString(p) <= 2*maxTitleRunes && (best < 0 || sizes[i] > sizes[best]+0.5) {
			best = i
		}
		if utf8.RuneCountInString(p) > maxTitleRunes {
			// Body text: the title is not further down. A larger line after
			// it is a part's heading ("第一部分"); taken for the title, it
			// dropped the real one and the paragraphs before it.
			break
		}
	}
	return best
}

// boldHeadingText reports a bold paragraph short enough, and not a
// sentence, to be a heading set in body size: "一、过去五年的主要工作".
func boldHeadingText(s string) bool {
	return utf8.RuneCountInString(s) <= maxBoldHeadingRunes && !endsSentence(s) && hasWordChar(s)
}

// hasWordChar reports text with a letter or digit, not only separators
// ("|", "·").
func hasWordChar(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
}

// pdfCompatible works around two strict checks of the library: the header
// must be "%PDF-1.x" and a newline at offset 0 (PDF 2.0 and a header not
// followed by a newline fail), and "%%EOF" must be in the last 100 bytes
// (NUL padding hides it). Offsets do not change, and data is not
// modified: a fixed copy is returned.
func pdfCompatible(data []byte) []byte {
	data = bytes.TrimRight(data, "\x00")
	if len(data) < 9 || !bytes.HasPrefix(data, []byte("%PDF-")) ||
		data[5] == '1' && data[6] == '.' && data[7] >= '0' && data[7] <= '7' && (data[8] == '\r' || data[8] == '\n') {
		return data
	}
	fixed := bytes.Clone(data)
	copy(fixed, "%PDF-1.7\n")
	return fixed
}

// A cross-reference stream's /Size, the objects it numbers; its /Index,
// the subsections; and its /W, the bytes of an entry's fields.
var (
	pdfSizeRe  = regexp.MustCompile(`/Size[\s\x00]*(\d+)`)
	pdfIndexRe = regexp.MustCompile(`/Index[\s\x00]*\[([\d\s\x00]*)\]`)
	pdfWRe     = regexp.MustCompile(`/W[\s\x00]*\[[\s\x00]*(\d+)[\s\x00]+(\d+)[\s\x00]+(\d+)[\s\x00]*\]`)
)

// pdfObjStmNRe is an object stream's /N, the objects it holds.
var pdfObjStmNRe = regexp.MustCompile(`/N[\s\x00]*(\d+)`)

// maxObjStmObjects bounds an object stream's /N: looking for an object in
// it, the library reads /N entries, past the stream's end too, so /N of a
// hundred billion was read for ever. Writers put 50 to 200 objects in one.
const maxObjStmObjects = 1 << 16

// maxXrefEntryBytes bounds an xref stream entry's fields together: the
// library makes a buffer that long. (A CID font's /W of three numbers,
// "first last width", stays far under it.)
const maxXrefEntryBytes = 1 << 20

// tooManyObjects reports a cross-reference numbering objects past
// maxPDFObjects: a table's subsection ("1000000000 1"), a stream's /Size
// or /Index; or a stream's entries wider than maxXrefEntryBytes. The library makes its table of objects as long as the largest
// number before reading any, so a file of a few hundred bytes took
// gigabytes.
func tooManyObjects(data []byte) bool {
	over := func(b []byte) bool {
		n, err := strconv.Atoi(string(b))
		return err != nil || n > maxPDFObjects
	}
	for _, m := range pdfSizeRe.FindAllSubmatch(data, -1) {
		if over(m[1]) {
			return true
		}
	}
	for _, m := range pdfIndexRe.FindAllSubmatch(data, -1) {
		f := bytes.Fields(bytes.ReplaceAll(m[1], []byte{0}, []byte{' '}))
		for k := 0; k+1 < len(f); k += 2 {
			first, _ := strconv.Atoi(string(f[k]))
			count, _ := strconv.Atoi(string(f[k+1]))
			if over(f[k]) || over(f[k+1]) || first+count > maxPDFObjects {
				return true
			}
		}
	}
	if bytes.Contains(data, []byte("/ObjStm")) {
		for _, m := range pdfObjStmNRe.FindAllSubmatch(data, -1) {
			if n, err := strconv.Atoi(string(m[1])); err != nil || n > maxObjStmObjects {
				return true
			}
		}
	}
	for _, m := range pdfWRe.FindAllSubmatch(data, -1) {
		total := 0
		for _, w := range m[1:] {
			n, err := strconv.Atoi(string(w))
			if err != nil || n > maxXrefEntryBytes {
				return true
			}
			total += n
		}
		if total > maxXrefEntryBytes {
			return true
		}
	}
	for i := 0; ; {
		k := bytes.Index(data[i:], []byte("xref"))
		if k < 0 {
			return false
		}
		i += k + len("xref")
		if i-len("startxref") >= 0 && string(data[i-len("startxref"):i]) == "startxref" {
			continue
		}
		// The table's subsections: "first count" and count entries of
		// three fields, up to the trailer (or the next table: each byte
		// is read once).
		table := data[i:]
		if end := bytes.Index(table, []byte("xref")); end >= 0 {
			table = table[:end]
		}
		if end := bytes.Index(table, []byte("trailer")); end >= 0 {
			table = table[:end]
		}
		field := func() []byte {
			table = bytes.TrimLeft(table, " \t\r\n\f\x00")
			n := bytes.IndexAny(table, " \t\r\n\f\x00")
			if n < 0 {
				n = len(table)
			}
			f := table[:n]
			table = table[n:]
			return f
		}
		for len(table) > 0 {
			a, b := field(), field()
			first, err1 := strconv.Atoi(string(a))
			count, err2 := strconv.Atoi(string(b))
			if err1 != nil || err2 != nil {
				break
			}
			if over(a) || over(b) || first+count > maxPDFObjects {
				return true
			}
			for k := 0; k < 3*count && len(table) > 0; k++ {
				field()
			}
		}
	}
}

// Object streams and what they extend, as the file writes them.
var (
	pdfObjRe     = regexp.MustCompile(`(\d+)[\s\x00]+\d+[\s\x00]+obj\b`)
	pdfExtendsRe = regexp.MustCompile(`/Extends[\s\x00]*(\d+)[\s\x00]+\d+[\s\x00]+R`)
)

// extendsLoop reports object streams whose /Extends lead back to one of
// them. Looking for an object its cross-reference places in an object
// stream, the library goes on to the stream that one extends with no
// check for a loop, so a broken file was read forever.
func extendsLoop(data []byte) bool {
	if !bytes.Contains(data, []byte("/Extends")) {
		return false
	}
	objs := pdfObjRe.FindAllSubmatchIndex(data, -1)
	next := map[int]int{}
	for _, m := range pdfExtendsRe.FindAllSubmatchIndex(data, -1) {
		// The object holding it is the last one begun before it.
		k := sort.Search(len(objs), func(i int) bool { return objs[i][0] > m[0] }) - 1
		if k < 0 {
			continue
		}
		from, err1 := strconv.Atoi(string(data[objs[k][2]:objs[k][3]]))
		to, err2 := strconv.Atoi(string(data[m[2]:m[3]]))
		if err1 == nil && err2 == nil {
			next[from] = to
		}
	}
	// Walk each chain once: a chain that reaches a stream of its own walk
	// loops; one that reaches a stream walked before does not.
	walked := map[int]int{} // the walk that reached each stream
	for start := range next {
		for n, ok := start, true; ok; n, ok = next[n] {
			if w, seen := walked[n]; seen {
				if w == start {
					return true
				}
				break
			}
			walked[n] = start
		}
	}
	return false
}

// collectPages walks the page tree depth first, within bounds, so a
// cyclic or absurd tree ends.
func collectPages(node pdf.Value, depth int, nodes *int, out *[]pdf.Value) {
	if depth > maxPDFDepth || *nodes <= 0 || len(*out) >= maxPDFPages || node.Kind() != pdf.Dict {
		return
	}
	*nodes--
	kids := node.Key("Kids")
	if node.Key("Type").Name() == "Page" || (kids.Kind() != pdf.Array && !node.Key("Contents").IsNull()) {
		*out = append(*out, node)
		return
	}
	for i := 0; i < kids.Len() && *nodes > 0; i++ {
		collectPages(kids.Index(i), depth+1, nodes, out)
	}
}

// inherited finds a page attribute on the page or its ancestors.
func inherited(page pdf.Value, key string) pdf.Value {
	v := page
	for range maxPDFDepth {
		if v.Kind() != pdf.Dict {
			break
		}
		if x := v.Key(key); !x.IsNull() {
			return x
		}
		v = v.Key("Parent")
	}
	return pdf.Value{}
}

// pdfRun is a piece of text shown by one operator, in page coordinates.
type pdfRun struct {
	x, y, endX, size float64
	text             string
	bold             bool
}

// matrix is a PDF transformation [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m×n: m applied first.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func translate(x, y float64) matrix { return matrix{1, 0, 0, 1, x, y} }

// gstate is the part of the graphics state that places text.
type gstate struct {
	ctm                  matrix
	font                 *pdfFont
	size                 float64
	tc, tw, th, tl, rise float64
}

// pdfInterp runs content streams and collects text runs.
type pdfInterp struct {
	ctx      context.Context
	ops      int   // operators left before giving up
	forms    int   // form XObjects left to run
	budget   int64 // decompressed stream bytes left
	unmapped int   // glyphs shown in fonts without a Unicode mapping
	runs     []pdfRun
	fonts    map[string]*pdfFont // by the font dictionary's text
}

// spend charges the decompressed size of a content stream (or array of
// them) to the budget, so a compression bomb ends with ErrTooLarge.
func (in *pdfInterp) spend(strm pdf.Value) {
	parts := []pdf.Value{strm}
	if strm.Kind() == pdf.Array {
		parts = parts[:0]
		// Every part: the interpreter reads them all, so a part left out
		// (past the 1024th) was a bomb decompressed for free. Each costs an
		// operator of the page's budget too, and the deadline is checked:
		// millions of references to one tiny stream cost nothing in bytes.
		for i := 0; i < strm.Len(); i++ {
			parts = append(parts, strm.Index(i))
		}
	}
	for i, p := range parts {
		if in.ops--; in.ops < 0 {
			panic(pdfAbort{fmt.Errorf("%w: a page of too many content streams", ErrTooLarge)})
		}
		if i%256 == 255 && in.ctx.Err() != nil {
			panic(pdfAbort{in.ctx.Err()})
		}
		rc := p.Reader()
		n, _ := io.CopyN(io.Discard, rc, in.budget+1)
		rc.Close()
		if in.budget -= n; in.budget < 0 {
			panic(pdfAbort{fmt.Errorf("%w: PDF streams decompress to too much", ErrTooLarge)})
		}
	}
}

// font returns the font named in a resource dictionary, parsed once per
// document however many pages and forms use it.
func (in *pdfInterp) font(res pdf.Value, name string) *pdfFont {
	v := res.Key("Font").Key(name)
	key := v.String()
	if len(key) > 4096 {
		key = key[:4096]
	}
	if f, ok := in.fonts[key]; ok {
		return f
	}
	f := newPDFFont(v, &in.budget)
	in.fonts[key] = f
	return f
}

// page returns the text runs of one page. A panic inside the library on a
// malformed page becomes an error; cancellation becomes a pdfAbort.
func (in *pdfInterp) page(page pdf.Value) (runs []pdfRun, err error) {
	in.runs = nil
	defer func() {
		if r := recover(); r != nil {
			if a, ok := r.(pdfAbort); ok {
				err = a
				return
			}
			err = fmt.Errorf("%v", r)
		}
		runs = in.runs
	}()
	contents := page.Key("Contents")
	if contents.IsNull() {
		return nil, nil
	}
	in.stream(contents, inherited(page, "Resources"), gstate{ctm: identity, th: 1}, 0)
	return in.runs, nil
}

func (a pdfAbort) Error() string { return a.err.Error() }

// stream interprets one content stream (or array of them) with its
// resources.
func (in *pdfInterp) stream(strm, res pdf.Value, g gstate, depth int) {
	if depth > maxPDFDepth {
		return
	}
	in.spend(strm)
	fonts := map[string]*pdfFont{}
	var stack []gstate
	tm, tlm := identity, identity
	nextLine := func() {
		tlm = translate(0, -g.tl).mul(tlm)
		tm = tlm
	}
	pdf.Interpret(strm, func(stk *pdf.Stack, op string) {
		in.ops--
		if in.ops <= 0 {
			panic(pdfAbort{fmt.Errorf("%w: PDF content too complex", ErrTooLarge)})
		}
		if in.ops%4096 == 0 && in.ctx.Err() != nil {
			panic(pdfAbort{in.ctx.Err()})
		}
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		num := func(i int) float64 {
			if i < len(args) {
				return args[i].Float64()
			}
			return 0
		}
		switch op {
		case "q":
			if len(stack) < 256 {
				stack = append(stack, g)
			}
		case "Q":
			if n := len(stack); n > 0 {
				g, stack = stack[n-1], stack[:n-1]
			}
		case "cm":
			if len(args) == 6 {
				g.ctm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}.mul(g.ctm)
			}
		case "BT":
			tm, tlm = identity, identity
		case "Tf":
			if len(args) == 2 {
				name := args[0].Name()
				f, ok := fonts[name]
				if !ok {
					f = in.font(res, name)
					fonts[name] = f
				}
				g.font, g.size = f, num(1)
			}
		case "Tc":
			g.tc = num(0)
		case "Tw":
			g.tw = num(0)
		case "Tz":
			g.th = num(0) / 100
		case "TL":
			g.tl = num(0)
		case "Ts":
			g.rise = num(0)
		case "TD":
			g.tl = -num(1)
			fallthrough
		case "Td":
			tlm = translate(num(0), num(1)).mul(tlm)
			tm = tlm
		case "Tm":
			if len(args) == 6 {
				tlm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}
				tm = tlm
			}
		case "T*":
			nextLine()
		case "'", "\"":
			if op == "\"" && len(args) == 3 {
				g.tw, g.tc = num(0), num(1)
			}
			nextLine()
			if len(args) > 0 {
				tm = in.show(g, tm, args[len(args)-1].RawString())
			}
		case "Tj":
			if len(args) == 1 {
				tm = in.show(g, tm, args[0].RawString())
			}
		case "TJ":
			if len(args) == 1 {
				a := args[0]
				for i := 0; i < a.Len(); i++ {
					if x := a.Index(i); x.Kind() == pdf.String {
						tm = in.show(g, tm, x.RawString())
					} else {
						tm = translate(-x.Float64()/1000*g.size*g.th, 0).mul(tm)
					}
				}
			}
		case "Do":
			if len(args) == 1 {
				x := res.Key("XObject").Key(args[0].Name())
				if x.Kind() == pdf.Stream && x.Key("Subtype").Name() == "Form" && in.forms > 0 {
					in.forms--
					fg := g
					if m := x.Key("Matrix"); m.Len() == 6 {
						fg.ctm = matrix{m.Index(0).Float64(), m.Index(1).Float64(), m.Index(2).Float64(),
							m.Index(3).Float64(), m.Index(4).Float64(), m.Index(5).Float64()}.mul(g.ctm)
					}
					xres := x.Key("Resources")
					if xres.IsNull() {
						xres = res
					}
					in.stream(x, xres, fg, depth+1)
				}
			}
		}
	})
}

// show records the text of one string operand and returns the text
// matrix advanced past it.
func (in *pdfInterp) show(g gstate, tm matrix, raw string) matrix {
	f := g.font
	if f == nil {
		f = &pdfFont{}
	}
	trm := matrix{g.size * g.th, 0, 0, g.size, 0, g.rise}.mul(tm).mul(g.ctm)
	size := math.Hypot(trm[2], trm[3])
	text, codes := f.decode(raw)
	if text == "" && len(codes) > 0 && f.unmapped {
		in.unmapped += len(codes)
	}
	adv := 0.0
	for _, c := range codes {
		w := f.width(c)/1000*g.size + g.tc
		if c == 32 && !f.twoByte {
			w += g.tw
		}
		adv += w * g.th
	}
	next := translate(adv, 0).mul(tm)
	end := matrix{g.size * g.th, 0, 0, g.size, 0, g.rise}.mul(next).mul(g.ctm)
	if text != "" && size > 0.5 && len(in.runs) < maxPDFOps/10 {
		in.runs = append(in.runs, pdfRun{x: trm[4], y: trm[5], endX: end[4], size: size, text: text, bold: f.bold})
	}
	return next
}
