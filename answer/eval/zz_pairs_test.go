package eval

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"testing"
)

func TestZZAllPairs(t *testing.T) {
	if os.Getenv("ZZ_PAIRS") == "" {
		t.Skip()
	}
	ctx := context.Background()
	s, err := LoadSuite("testdata")
	if err != nil {
		t.Fatal(err)
	}
	reps, err := s.Reports(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cs, closeAll, err := Contenders(ctx, reps, []string{"zh_gse"})
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll()
	eng := cs[0].Answer
	byReport := map[string][]string{}
	for _, set := range s.Sets {
		if set.HeldOut {
			continue
		}
		for _, c := range set.Cases {
			byReport[set.Report] = append(byReport[set.Report], c.Question)
		}
		byReport[set.Report] = append(byReport[set.Report], set.Negatives...)
	}
	for _, ps := range s.Followups {
		if ps.HeldOut {
			continue
		}
		for _, p := range ps.Pairs {
			byReport[ps.Report] = append(byReport[ps.Report], p.First)
			if p.Reading != "" {
				byReport[ps.Report] = append(byReport[ps.Report], p.Reading)
			}
		}
	}
	step := 5
	total, changed := 0, 0
	for rep, qs := range byReport {
		alone := map[string]any{}
		for _, q := range qs {
			a, _ := eng.Ask(ctx, q)
			alone[q] = a
		}
		for i, first := range qs {
			_, turn, err := eng.Follow(ctx, nil, first)
			if err != nil {
				continue
			}
			for j := i % step; j < len(qs); j += step {
				second := qs[j]
				if j == i {
					continue
				}
				a, _, err := eng.Follow(ctx, turn, second)
				if err != nil {
					continue
				}
				total++
				if !reflect.DeepEqual(any(a), alone[second]) {
					changed++
					r := ""
					if a.Reading != nil {
						r = a.Reading.Phrase() + " / " + a.Reading.Because
					}
					fmt.Printf("CHANGED %s | %s → %s | read %s | found %v\n", rep, first, second, r, a.Found)
				}
			}
		}
	}
	fmt.Printf("pairs %d changed %d\n", total, changed)
}
