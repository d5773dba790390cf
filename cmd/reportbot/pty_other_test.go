//go:build !linux

package main

import (
	"errors"
	"os"
	"os/exec"
)

// startOnPty is for Linux only: the tests skip elsewhere.
func startOnPty(*exec.Cmd) (ptmx, tty *os.File, err error) {
	return nil, nil, errors.ErrUnsupported
}

func cooked(*os.File) (bool, error) { return false, errors.ErrUnsupported }
