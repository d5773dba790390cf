package extract

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
)

// pdfOf writes a one-page PDF whose /Contents are the given streams (an
// array when more than one; each FlateDecode when flate), with the
// standard font Helvetica as /F1: enough to test extraction on inputs a
// test builds.
func pdfOf(flate bool, contents ...string) []byte {
	var objs []string
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	catalog := add("") // filled in below
	pages := add("")
	font := add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	var refs []string
	for _, c := range contents {
		data, filter := c, ""
		if flate {
			var b bytes.Buffer
			w := zlib.NewWriter(&b)
			w.Write([]byte(c))
			w.Close()
			data, filter = b.String(), " /Filter /FlateDecode"
		}
		refs = append(refs, fmt.Sprintf("%d 0 R", add(fmt.Sprintf("<< /Length %d%s >>\nstream\n%s\nendstream", len(data), filter, data))))
	}
	contentsRef := refs[0]
	if len(refs) > 1 {
		contentsRef = "[" + strings.Join(refs, " ") + "]"
	}
	page := add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> /Contents %s >>", pages, font, contentsRef))
	objs[catalog-1] = fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pages)
	objs[pages-1] = fmt.Sprintf("<< /Type /Pages /Kids [%d 0 R] /Count 1 >>", page)
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, catalog, xref)
	return b.Bytes()
}

// pdfText is a content stream showing each line in its size at its y.
func pdfText(lines ...struct {
	size, y float64
	text    string
}) string {
	var b strings.Builder
	for _, l := range lines {
		fmt.Fprintf(&b, "BT /F1 %g Tf 50 %g Td (%s) Tj ET\n", l.size, l.y, l.text)
	}
	return b.String()
}
