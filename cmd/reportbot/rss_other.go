//go:build !unix

package main

import "os"

// peakRSS is not measured on this system.
func peakRSS(*os.ProcessState) int64 { return 0 }

// selfPeakRSS is not measured on this system.
func selfPeakRSS() int64 { return 0 }
