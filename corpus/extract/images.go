package extract

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNameBytes is the longest image name kept.
const maxNameBytes = 100

// imageName returns a safe base name for the image at ref (a URL, a
// relative or Windows path, or a zip member), or "image-N.ext" when ref
// gives none.
func imageName(ref string, n int, ext string) string {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(ref)), "data:") {
		ref = ""
	}
	if i := strings.IndexAny(ref, "?#"); i >= 0 {
		ref = ref[:i]
	}
	if u, err := url.PathUnescape(ref); err == nil {
		ref = u
	}
	if i := strings.LastIndexAny(ref, `/\`); i >= 0 {
		ref = ref[i+1:]
	}
	name := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`<>:"/\|?*`, r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, ref)
	name = strings.TrimLeft(strings.TrimSpace(name), ".")
	if len(name) > maxNameBytes {
		e := path.Ext(name)
		if len(e) > 10 {
			e = ""
		}
		cut := maxNameBytes - len(e)
		for cut > 0 && !utf8.RuneStart(name[cut]) {
			cut--
		}
		name = name[:cut] + e
	}
	if name == "" {
		return fmt.Sprintf("image-%d%s", n, ext)
	}
	return name
}

// dataURI decodes a base64 "data:image/...;base64," URI. It returns the
// bytes and an extension for the media type, or nil if ref is none or the
// bytes would take more than *budget, which is then reduced.
func dataURI(ref string, budget *int64) ([]byte, string) {
	ref = strings.TrimSpace(ref)
	if len(ref) < 5 || !strings.EqualFold(ref[:5], "data:") {
		return nil, ""
	}
	meta, payload, ok := strings.Cut(ref[5:], ",")
	if !ok || !strings.HasSuffix(strings.ToLower(meta), ";base64") {
		return nil, ""
	}
	mediaType := strings.ToLower(strings.TrimSuffix(strings.ToLower(meta), ";base64"))
	if i := strings.IndexByte(mediaType, ';'); i >= 0 {
		mediaType = mediaType[:i]
	}
	if !strings.HasPrefix(mediaType, "image/") || int64(base64.StdEncoding.DecodedLen(len(payload))) > *budget {
		return nil, ""
	}
	payload = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, payload)
	data, err := base64.StdEncoding.DecodeString(payload)
	if err != nil {
		if data, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(payload, "=")); err != nil {
			return nil, ""
		}
	}
	*budget -= int64(len(data))
	ext := "." + strings.TrimPrefix(mediaType, "image/")
	switch ext {
	case ".jpeg":
		ext = ".jpg"
	case ".svg+xml":
		ext = ".svg"
	}
	return data, ext
}

// junkAlt reports alt text that describes nothing: a file name, a generic
// word, or a generated description.
func junkAlt(alt, title string) bool {
	alt = strings.TrimSpace(alt)
	switch strings.ToLower(alt) {
	case "", "图片", "图", "照片", "配图", "插图", "image", "img", "photo", "picture", "pic", "logo", "icon", "图标", "二维码", "qrcode":
		return true
	}
	if title != "" && alt == title {
		return true
	}
	lower := strings.ToLower(alt)
	for _, ext := range []string{".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".svg"} {
		if strings.HasSuffix(lower, ext) {
			return true
		}
	}
	return strings.Contains(alt, "自动生成") || strings.Contains(lower, "automatically generated")
}
