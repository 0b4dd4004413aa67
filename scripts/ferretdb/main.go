// Command ferretdb-embedded runs FerretDB v1 (MongoDB wire protocol, SQLite storage) through FerretDB's
// embeddable package. A plain `go install .../cmd/ferretdb` panics at start because its generated
// build/version/version.txt is absent from the module (FerretDB issue #2982); the embeddable package
// does not read it.
//
// Usage: ferretdb-embedded -dir /abs/data/dir -listen 127.0.0.1:PORT [-log-level warn]
// It prints "ready" on stdout once the listener accepts connections, and exits on SIGINT/SIGTERM or
// when its standard input closes (so it never outlives the process that started it).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	dir := flag.String("dir", "", "directory for SQLite files (created if missing)")
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	watchStdin := flag.Bool("watch-stdin", true, "exit when standard input is closed")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	flag.Parse()

	if *dir == "" {
		fail("-dir is required")
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		fail(err.Error())
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		fail(err.Error())
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail(err.Error())
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	f, err := ferretdb.New(&ferretdb.Config{
		Logger:   logger,
		Listener: ferretdb.ListenerConfig{TCP: *listen},
		Handler:  "sqlite",
		// WAL (FerretDB's default) with synchronous=FULL: every commit fsyncs the WAL before it is
		// acknowledged, so an acknowledged write survives a power cut too. With NORMAL a power cut could
		// drop the last commits, and a ledger checkpoint signed after them would outlive its entries.
		// FerretDB adds busy_timeout, journal_mode(wal) and auto_vacuum(none) to these pragmas.
		SQLiteURL: "file:" + abs + "/?_pragma=synchronous(full)",
	})
	if err != nil {
		fail(err.Error())
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	if *watchStdin {
		// The parent holds our stdin pipe open; when it dies (even by SIGKILL) the pipe closes.
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	go func() {
		for i := 0; i < 600; i++ {
			conn, err := net.DialTimeout("tcp", *listen, 100*time.Millisecond)
			if err == nil {
				_ = conn.Close()
				fmt.Println("ready")
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()

	if err := <-done; err != nil && ctx.Err() == nil {
		fail(err.Error())
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "ferretdb-embedded:", msg)
	os.Exit(1)
}
