package extract

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func TestDump(t *testing.T) {
	for _, name := range strings.Fields(os.Getenv("DUMP")) {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		doc, err := Extract(context.Background(), name, data, Options{})
		n := len(doc.Text)
		fmt.Printf("== %s %v err=%v title=%q len=%d\n%s\n", name[max(0, len(name)-50):], time.Since(start), err, doc.Title, n, doc.Text[:min(n, 700)])
	}
}
