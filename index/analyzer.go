package index

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/token/unicodenorm"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/reportbot/reportbot/lang"
)

// Analyzer names usable in Options.Analyzer.
const (
	// AnalyzerGse segments Chinese with gse in search mode, folds width and
	// case, and drops stop words. It is the default.
	AnalyzerGse = "zh_gse"
	// AnalyzerCJK is bleve's bigram cjk analyzer, kept as the baseline.
	AnalyzerCJK = cjk.AnalyzerName
)

// StopTokenMapName names the Chinese stop word list in bleve's registry.
const StopTokenMapName = "zh_stop"

func init() {
	must(registry.RegisterTokenMap(StopTokenMapName, func(config map[string]any, cache *registry.Cache) (analysis.TokenMap, error) {
		// The list lives in package lang, as data with its provenance.
		m := analysis.NewTokenMap()
		if err := m.LoadBytes(lang.StopWords()); err != nil {
			return nil, err
		}
		return m, nil
	}))
	must(registry.RegisterTokenFilter(StopTokenMapName, func(config map[string]any, cache *registry.Cache) (analysis.TokenFilter, error) {
		m, err := cache.TokenMapNamed(StopTokenMapName)
		if err != nil {
			return nil, err
		}
		return stop.NewStopTokensFilter(m), nil
	}))
	must(registry.RegisterAnalyzer(AnalyzerGse, func(config map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
		tokenizer, err := cache.TokenizerNamed(TokenizerName)
		if err != nil {
			return nil, err
		}
		var filters []analysis.TokenFilter
		for _, name := range []string{nfkcFilterName, lowercase.Name, StopTokenMapName} {
			f, err := cache.TokenFilterNamed(name)
			if err != nil {
				return nil, err
			}
			filters = append(filters, f)
		}
		return &analysis.DefaultAnalyzer{Tokenizer: tokenizer, TokenFilters: filters}, nil
	}))
	must(registry.RegisterTokenFilter(nfkcFilterName, func(config map[string]any, cache *registry.Cache) (analysis.TokenFilter, error) {
		return unicodenorm.NewUnicodeNormalizeFilter(unicodenorm.NFKC)
	}))
}

// nfkcFilterName folds full-width Latin letters and digits to ASCII.
const nfkcFilterName = "zh_nfkc"

// must panics on a registration error, as bleve's own analysis packages do:
// a name clash is a programming error found at start-up.
func must(err error) {
	if err != nil {
		panic(err)
	}
}

// Fingerprint identifies what an analyzer produces: the gse analyzer's
// output changes with its dictionary and stop words, and every index's
// figures and scopes with the numeric grammar, the scope words and the
// dictionary that tells a scope word from a word ending in 全
// (ReportScope), whatever the analyzer. An index whose fingerprint
// differs from the running binary's must be rebuilt, as must one laid
// out by an older binary.
func Fingerprint(analyzer string) string {
	if analyzer != AnalyzerGse {
		return analyzer + "-" + gseFingerprint() + "-" + storedFingerprint() + "-v" + layoutVersion
	}
	return gseFingerprint() + "-" + storedFingerprint() + "-v" + layoutVersion
}

// FingerprintAnalyzer is the analyzer an index of fingerprint fp was
// built with, read from its form (Fingerprint), whatever the dictionary
// and layout; "" when the form is not known (an older binary's).
func FingerprintAnalyzer(fp string) string {
	gse := AnalyzerGse + "-"
	if strings.HasPrefix(fp, gse) {
		return AnalyzerGse
	}
	if name, rest, ok := strings.Cut(fp, "-"); ok && name != "" && strings.HasPrefix(rest, gse) {
		return name
	}
	return ""
}

// storedFingerprint identifies the data what is stored with each passage
// was read with: the numeric grammar of its figures and the scope words
// of its report's scope (ReportScope). A change to either of lang's files
// rebuilds indexes.
var storedFingerprint = sync.OnceValue(func() string {
	h := sha256.Sum256([]byte(lang.Units() + "\n" + strings.Join(lang.Default().ScopeWords(), "\n")))
	return hex.EncodeToString(h[:])[:8]
})

// gseFingerprint hashes the dictionary's text and the stop words. The
// text is not in the binary, only its compiled table, which keeps the
// SHA-256 state after the text: the fingerprint is the one hashing the
// text gave, so indexes built before the table are not rebuilt.
var gseFingerprint = sync.OnceValue(func() string {
	d, err := Dictionary()
	if err != nil {
		// No gse index can be built either; this one never matches.
		return AnalyzerGse + "-" + err.Error()
	}
	h, err := d.SourceHash()
	if err != nil {
		return AnalyzerGse + "-" + err.Error()
	}
	h.Write(lang.StopWords())
	return AnalyzerGse + "-" + hex.EncodeToString(h.Sum(nil))[:12]
})
