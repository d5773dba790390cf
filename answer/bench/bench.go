package bench

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/answer/eval"
	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index"
)

// Config is one measurement: a collection, an analyzer and the questions.
type Config struct {
	// Reports is the collection, read one report at a time while the
	// index is built (index.Reports for reports in memory).
	Reports  index.Source
	Analyzer string
	// Dir is where the index is built; it must not exist.
	Dir string
	// Questions are asked in turn for latency and throughput.
	Questions []string
	// Rounds is how many questions are timed one at a time (default
	// 2000): p99 is the 20th slowest, not the 5th of 500, which moved by
	// half from run to run (2.2 to 3.9 ms at 1,000 distinct reports, gse
	// and cjk alike) and flipped the p99-against-cjk target.
	Rounds int
	// Parallel is how long every core asks at once (default 2 s).
	Parallel time.Duration
	// Cases, when given, are scored for top-1 accuracy on this collection.
	Cases     []eval.Case
	Negatives []string
	// Distinct indexes every report as if none repeated another (see
	// index.Options.KeepRepeats): the cost of 1,000 different reports.
	Distinct bool
}

// Result is what one measurement found.
type Result struct {
	Analyzer string `json:"analyzer"`
	Reports  int    `json:"reports"`
	// Distinct is Config.Distinct: every report indexed as a different one.
	Distinct bool `json:"distinct"`
	Passages int  `json:"passages"`
	// Current is how many passages no newer report repeats.
	Current int `json:"current"`
	// Dictionary is the time to open gse's compiled dictionary, once per
	// process (the answer engine uses it for parts of speech with either
	// analyzer).
	Dictionary time.Duration `json:"dictionary_ns"`
	Build      time.Duration `json:"build_ns"`
	Open       time.Duration `json:"open_ns"`
	IndexBytes int64         `json:"index_bytes"`
	P50        time.Duration `json:"p50_ns"`
	P99        time.Duration `json:"p99_ns"`
	PerSecond  float64       `json:"answers_per_second"`
	Cores      int           `json:"cores"`
	// HeapBytes is the Go heap in use with the index open, after a GC.
	HeapBytes uint64 `json:"heap_bytes"`
	// Passage, Figure and Refused are the accuracies on Cases (0–1).
	Passage float64 `json:"passage_top1"`
	Figure  float64 `json:"figure_top1"`
	Refused float64 `json:"negatives_refused"`
}

// Measure builds cfg's index on disk, reopens it as a restarted bot would,
// and times answers one at a time and on all cores at once: MeasureBuild
// then MeasureAnswers in this process.
func Measure(ctx context.Context, cfg Config) (Result, error) {
	res, err := MeasureBuild(ctx, cfg)
	if err != nil {
		return res, err
	}
	return MeasureAnswers(ctx, cfg, res)
}

// MeasureBuild builds cfg's index in cfg.Dir and times it.
func MeasureBuild(ctx context.Context, cfg Config) (Result, error) {
	res := Result{Analyzer: cfg.Analyzer, Distinct: cfg.Distinct, Cores: runtime.GOMAXPROCS(0)}
	start := time.Now()
	if _, err := index.Dictionary(); err != nil {
		return res, err
	}
	res.Dictionary = time.Since(start)
	counted := cfg.Reports
	counted.Reports = func(yield func(*corpus.Report, error) bool) {
		for r, err := range cfg.Reports.Reports {
			if err == nil {
				res.Reports++
				res.Passages += len(r.Passages)
			}
			if !yield(r, err) {
				return
			}
		}
	}
	start = time.Now()
	ix, err := index.BuildFrom(ctx, cfg.Dir, counted, index.Options{Analyzer: cfg.Analyzer, KeepRepeats: cfg.Distinct})
	if err != nil {
		return res, err
	}
	res.Build = time.Since(start)
	if err := ix.Close(); err != nil {
		return res, err
	}
	res.IndexBytes, err = dirSize(cfg.Dir)
	return res, err
}

// MeasureAnswers opens the index MeasureBuild left in cfg.Dir, as a
// restarted bot would, and adds to res the answers' times, throughput and
// accuracy. It needs cfg's questions, not its reports: a separate process
// measures answering without the memory of the build.
func MeasureAnswers(ctx context.Context, cfg Config, res Result) (Result, error) {
	if cfg.Rounds <= 0 {
		cfg.Rounds = 2000
	}
	if cfg.Parallel <= 0 {
		cfg.Parallel = 2 * time.Second
	}
	if len(cfg.Questions) == 0 {
		return res, errors.New("bench: no questions")
	}
	res.Analyzer, res.Distinct, res.Cores = cfg.Analyzer, cfg.Distinct, runtime.GOMAXPROCS(0)
	if res.Dictionary == 0 { // not opened by MeasureBuild in this process
		start := time.Now()
		if _, err := index.Dictionary(); err != nil {
			return res, err
		}
		res.Dictionary = time.Since(start)
	}
	start := time.Now()
	ix, err := index.Open(cfg.Dir)
	if err != nil {
		return res, err
	}
	defer ix.Close()
	if res.Current, err = ix.DocCount(); err != nil {
		return res, err
	}
	res.Open = time.Since(start)
	eng := answer.New(ix)

	// One pass to warm caches, then the timed rounds.
	for _, q := range cfg.Questions {
		if _, err := eng.Ask(ctx, q); err != nil {
			return res, fmt.Errorf("ask %q: %w", q, err)
		}
	}
	took := make([]time.Duration, cfg.Rounds)
	for i := range took {
		t := time.Now()
		if _, err := eng.Ask(ctx, cfg.Questions[i%len(cfg.Questions)]); err != nil {
			return res, err
		}
		took[i] = time.Since(t)
	}
	slices.Sort(took)
	res.P50 = took[len(took)/2]
	res.P99 = took[min(len(took)-1, len(took)*99/100)]

	if res.PerSecond, err = throughput(ctx, eng, cfg.Questions, cfg.Parallel); err != nil {
		return res, err
	}

	if len(cfg.Cases) > 0 {
		q, err := eval.Run(ctx, eng, cfg.Analyzer, cfg.Cases, cfg.Negatives)
		if err != nil {
			return res, err
		}
		res.Passage, res.Figure, res.Refused = q.PassageAccuracy(), q.FigureAccuracy(), q.RefusedRate()
	}

	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	res.HeapBytes = ms.HeapInuse
	return res, nil
}

// throughput asks questions from one goroutine per core for d and
// returns answers per second.
func throughput(ctx context.Context, eng *answer.Engine, questions []string, d time.Duration) (float64, error) {
	var (
		done     atomic.Int64
		wg       sync.WaitGroup
		firstErr error
		once     sync.Once
	)
	deadline := time.Now().Add(d)
	start := time.Now()
	for w := range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := w; time.Now().Before(deadline) && ctx.Err() == nil; i++ {
				if _, err := eng.Ask(ctx, questions[i%len(questions)]); err != nil {
					once.Do(func() { firstErr = err })
					return
				}
				done.Add(1)
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return 0, firstErr
	}
	return float64(done.Load()) / time.Since(start).Seconds(), ctx.Err()
}

// dirSize is the total size of the files under dir.
func dirSize(dir string) (int64, error) {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		total += info.Size()
		return nil
	})
	return total, err
}
