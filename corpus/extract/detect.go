package extract

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"path"
	"strings"
)

// Formats, as reported in Document.Format.
const (
	formatText     = "text"
	formatMarkdown = "markdown"
	formatHTML     = "html"
	formatDOCX     = "docx"
	formatPDF      = "pdf"
	formatODT      = "odt"
	formatFlatODT  = "fodt" // OpenDocument text as one XML file
)

// magic is a signature at the start of a file that is not text.
type magic struct {
	prefix string
	what   string
	err    error // ErrBinary or ErrUnsupported
}

// magics lists signatures of files people upload by mistake. ZIP, PDF and
// OLE2 are handled before this table.
var magics = [...]magic{
	{"\x89PNG\r\n\x1a\n", "PNG image", ErrBinary},
	{"\xff\xd8\xff", "JPEG image", ErrBinary},
	{"GIF87a", "GIF image", ErrBinary},
	{"GIF89a", "GIF image", ErrBinary},
	{"II*\x00", "TIFF image", ErrBinary},
	{"MM\x00*", "TIFF image", ErrBinary},
	{"\x00\x00\x01\x00", "icon image", ErrBinary},
	{"\x7fELF", "ELF executable", ErrBinary},
	{"\xfe\xed\xfa\xce", "Mach-O executable", ErrBinary},
	{"\xfe\xed\xfa\xcf", "Mach-O executable", ErrBinary},
	{"\xcf\xfa\xed\xfe", "Mach-O executable", ErrBinary},
	{"\xce\xfa\xed\xfe", "Mach-O executable", ErrBinary},
	{"\xca\xfe\xba\xbe", "Mach-O or Java class file", ErrBinary},
	{"\x00asm", "WebAssembly module", ErrBinary},
	{"SQLite format 3\x00", "SQLite database", ErrBinary},
	{"ID3", "MP3 audio", ErrBinary},
	{"OggS", "Ogg media", ErrBinary},
	{"fLaC", "FLAC audio", ErrBinary},
	{"\x1a\x45\xdf\xa3", "Matroska/WebM video", ErrBinary},
	{"\x1f\x8b", "gzip archive", ErrUnsupported},
	{"BZh", "bzip2 archive", ErrUnsupported},
	{"\xfd7zXZ\x00", "xz archive", ErrUnsupported},
	{"7z\xbc\xaf\x27\x1c", "7-Zip archive", ErrUnsupported},
	{"Rar!\x1a\x07", "RAR archive", ErrUnsupported},
	{"\x28\xb5\x2f\xfd", "zstd archive", ErrUnsupported},
	{"{\\rtf", "RTF document; save it as .docx", ErrUnsupported},
	{"%!PS", "PostScript file", ErrUnsupported},
}

// unsupportedExt names formats recognised only by their extension.
var unsupportedExt = map[string]string{
	".doc": "legacy Word document (.doc); save it as .docx", ".wps": "WPS document (.wps); save it as .docx",
	".xls": "spreadsheet (.xls)", ".xlsx": "spreadsheet (.xlsx)", ".et": "spreadsheet (.et)",
	".ods": "spreadsheet (.ods)", ".csv": "spreadsheet (.csv)", ".numbers": "spreadsheet (.numbers)",
	".ppt": "presentation (.ppt)", ".pptx": "presentation (.pptx)", ".dps": "presentation (.dps)",
	".odp": "presentation (.odp)", ".key": "presentation (.key)", ".pages": "Pages document (.pages)", ".rtf": "RTF document; save it as .docx", ".epub": "e-book (.epub)",
	".mht": "MHTML web archive; save the page as HTML", ".mhtml": "MHTML web archive; save the page as HTML",
	".zip": "zip archive", ".rar": "RAR archive", ".7z": "7-Zip archive", ".tar": "tar archive", ".gz": "gzip archive",
	".xps": "XPS document", ".ofd": "OFD document; export it as PDF",
}

// binaryExt names extensions of files that are never documents.
var binaryExt = map[string]string{
	".png": "PNG image", ".jpg": "JPEG image", ".jpeg": "JPEG image", ".gif": "GIF image", ".webp": "WebP image",
	".bmp": "BMP image", ".tif": "TIFF image", ".tiff": "TIFF image", ".heic": "HEIC image", ".exe": "Windows executable",
	".dll": "Windows library", ".so": "shared library", ".iso": "disk image",
	".mp3": "audio file", ".mp4": "video file", ".mov": "video file",
}

// detect names the format of data, or returns an error wrapping ErrBinary,
// ErrUnsupported or ErrUndecodable for content this package won't read.
func detect(name string, data []byte) (string, error) {
	ext := fileExt(name)
	head := data[:min(len(data), 1024)]
	switch {
	case looksPDF(ext, head):
		return formatPDF, nil
	case hasPrefix(data, "PK\x03\x04"), hasPrefix(data, "PK\x05\x06"), hasPrefix(data, "PK\x07\x08"):
		return detectZip(ext, data)
	case hasPrefix(data, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
		what := "legacy Office file (.doc/.xls/.ppt); save it as .docx"
		if ext == ".xls" || ext == ".ppt" {
			what = unsupportedExt[ext]
		}
		return "", fmt.Errorf("%w: %s", ErrUnsupported, what)
	case hasPrefix(data, "RIFF") && len(data) >= 12 && string(data[8:12]) == "WEBP":
		return "", fmt.Errorf("%w: WebP image", ErrBinary)
	case hasPrefix(data, "BM") && len(data) >= 14 && binary.LittleEndian.Uint32(data[6:10]) == 0:
		return "", fmt.Errorf("%w: BMP image", ErrBinary)
	case len(data) >= 12 && string(data[4:8]) == "ftyp":
		return "", fmt.Errorf("%w: %s media file (HEIC/AVIF image or MP4 video)", ErrBinary, strings.TrimSpace(string(data[8:12])))
	case hasPrefix(data, "MZ") && bytes.IndexByte(head, 0) >= 0:
		return "", fmt.Errorf("%w: Windows executable", ErrBinary)
	}
	for _, m := range magics {
		if hasPrefix(data, m.prefix) {
			return "", fmt.Errorf("%w: %s", m.err, m.what)
		}
	}
	if looksFlatODT(head) {
		return formatFlatODT, nil
	}
	if looksHTML(head) {
		return formatHTML, nil
	}
	switch ext {
	case ".docx", ".docm", ".dotx":
		return "", fmt.Errorf("%w: broken docx: not a zip archive", ErrUndecodable)
	case ".pdf":
		return "", fmt.Errorf("%w: broken PDF: no %%PDF header", ErrUndecodable)
	case ".md", ".markdown", ".mdown", ".mkd", ".mkdn":
		return formatMarkdown, nil
	case ".html", ".htm", ".xhtml", ".shtml":
		return formatHTML, nil
	case ".txt", ".text":
		return formatText, nil
	}
	if what, ok := unsupportedExt[ext]; ok {
		return "", fmt.Errorf("%w: %s", ErrUnsupported, what)
	}
	if what, ok := binaryExt[ext]; ok {
		return "", fmt.Errorf("%w: %s", ErrBinary, what)
	}
	if looksMarkdown(head) {
		return formatMarkdown, nil
	}
	return formatText, nil
}

// detectZip tells a DOCX from the other zip-based formats.
func detectZip(ext string, data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		// A truncated zip has no central directory, but the names in its
		// local file headers tell what it was meant to be.
		if ext == ".docx" || (unsupportedExt[ext] == "" && bytes.Contains(data[:min(len(data), 1<<16)], []byte("word/"))) {
			return "", fmt.Errorf("%w: broken docx: %s", ErrUndecodable, oneLine(err.Error()))
		}
		if ext == ".odt" || bytes.Contains(data[:min(len(data), 1<<10)], []byte("opendocument.text")) {
			return "", fmt.Errorf("%w: broken odt: %s", ErrUndecodable, oneLine(err.Error()))
		}
		if what, ok := unsupportedExt[ext]; ok {
			return "", fmt.Errorf("%w: %s (and a broken zip)", ErrUnsupported, what)
		}
		return "", fmt.Errorf("%w: broken zip archive", ErrUnsupported)
	}
	names := make(map[string]bool, len(zr.File))
	for _, f := range zr.File {
		names[f.Name] = true
	}
	switch {
	case names["word/document.xml"] || hasDocumentRel(zr):
		return formatDOCX, nil
	case names["xl/workbook.xml"]:
		return "", fmt.Errorf("%w: Excel spreadsheet (.xlsx)", ErrUnsupported)
	case names["ppt/presentation.xml"]:
		return "", fmt.Errorf("%w: PowerPoint presentation (.pptx)", ErrUnsupported)
	case names["content.xml"] && (odfMime(zr) == "application/vnd.oasis.opendocument.text" || (odfMime(zr) == "" && ext == ".odt")):
		return formatODT, nil
	case names["mimetype"] && names["content.xml"]:
		return "", fmt.Errorf("%w: OpenDocument %s", ErrUnsupported, strings.TrimPrefix(odfMime(zr), "application/vnd.oasis.opendocument."))
	case names["META-INF/container.xml"]:
		return "", fmt.Errorf("%w: e-book (.epub)", ErrUnsupported)
	case ext == ".docx":
		return "", fmt.Errorf("%w: broken docx: no word/document.xml in the archive", ErrUndecodable)
	}
	return "", fmt.Errorf("%w: zip archive", ErrUnsupported)
}

func hasPrefix(data []byte, prefix string) bool {
	return len(data) >= len(prefix) && string(data[:len(prefix)]) == prefix
}

// fileExt returns the lower-case extension of name, which may use either
// slash as separator.
func fileExt(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return strings.ToLower(path.Ext(name))
}

// asciiView drops NUL bytes so UTF-16 text can be sniffed like ASCII.
func asciiView(head []byte) []byte {
	if bytes.IndexByte(head, 0) < 0 {
		return head
	}
	return bytes.ReplaceAll(head, []byte{0}, nil)
}

// looksHTML reports whether the start of a file is an HTML document.
func looksHTML(head []byte) bool {
	s := bytes.ToLower(asciiView(head))
	s = bytes.TrimLeft(s, "\xef\xbb\xbf\xff\xfe \t\r\n")
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<meta ", "<title>"} {
		if bytes.HasPrefix(s, []byte(p)) {
			return true
		}
	}
	// A comment or XML declaration first ("<!-- saved from url=... -->").
	if bytes.HasPrefix(s, []byte("<!--")) || bytes.HasPrefix(s, []byte("<?xml")) {
		return bytes.Contains(s, []byte("<html")) || bytes.Contains(s, []byte("<!doctype html"))
	}
	return false
}

// looksMarkdown reports whether text with an unknown extension uses
// Markdown headings or images.
func looksMarkdown(head []byte) bool {
	for _, line := range bytes.Split(head, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if bytes.HasPrefix(line, []byte("# ")) || bytes.HasPrefix(line, []byte("## ")) ||
			(bytes.HasPrefix(line, []byte("![")) && bytes.Contains(line, []byte("]("))) {
			return true
		}
	}
	return false
}

// maxMimeBytes bounds the mimetype member read from an OpenDocument zip.
const maxMimeBytes = 100

// odfMime returns the media type an OpenDocument zip names in its
// "mimetype" member, or "".
func odfMime(zr *zip.Reader) string {
	for _, f := range zr.File {
		if f.Name != "mimetype" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return ""
		}
		defer rc.Close()
		b, _ := io.ReadAll(io.LimitReader(rc, maxMimeBytes))
		return strings.TrimSpace(string(b))
	}
	return ""
}

// looksFlatODT reports a flat OpenDocument text (.fodt): an XML document
// whose root is office:document with the text media type.
func looksFlatODT(head []byte) bool {
	return bytes.Contains(head, []byte("<office:document")) && bytes.Contains(head, []byte("application/vnd.oasis.opendocument.text"))
}
