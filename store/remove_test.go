package store

import (
	"context"
	"errors"
	"testing"
)

// TestRemovable: Removable names the report Remove would remove, and
// refuses with Remove's own errors what Remove refuses: an ID no report
// has, and the only report.
func TestRemovable(t *testing.T) {
	ctx := context.Background()
	st, plan := withPlan(t)
	metas, err := st.Reports()
	if err != nil || len(metas) != 2 {
		t.Fatalf("reports: %+v, %v", metas, err)
	}
	for _, want := range metas {
		if m, err := st.Removable(want.ID); err != nil || m.ID != want.ID || m.Title != want.Title || m.Passages != want.Passages {
			t.Errorf("Removable(%q) = %+v, %v; want %+v", want.ID, m, err, want)
		}
	}
	if _, err := st.Removable("../etc"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Removable of an unknown ID: %v, want ErrNotFound", err)
	}
	if _, err := st.Remove(ctx, "../etc"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Remove of an unknown ID: %v, want ErrNotFound", err)
	}
	if _, err := st.Remove(ctx, plan.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Removable(plan.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Removable of a removed report: %v, want ErrNotFound", err)
	}
	// The report left: the one that is not the plan, wherever Reports
	// lists it.
	only := metas[0].ID
	if only == plan.ID {
		only = metas[1].ID
	}
	if _, err := st.Removable(only); !errors.Is(err, ErrLastReport) {
		t.Errorf("Removable of the only report: %v, want ErrLastReport", err)
	}
	if _, err := st.Remove(ctx, only); !errors.Is(err, ErrLastReport) {
		t.Errorf("Remove of the only report: %v, want ErrLastReport", err)
	}
	if after, _ := st.Reports(); len(after) != 1 || after[0].ID != only {
		t.Errorf("reports after the refusals: %+v", after)
	}
}
