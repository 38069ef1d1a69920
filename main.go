// Command pitboss is a self-hosted Telegram bot that watches a crypto-mining operation (Hive OS rigs,
// the ViaBTC pool, a Coinhive site) and lets its owners act on it from a chat.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // report time zones must load on machines without a zoneinfo database
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Environ()))
}

// run is the whole program; it returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, env []string) int {
	return runWith(ctx, args, stdin, stdout, stderr, env, appHooks{})
}

func runWith(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, env []string, hooks appHooks) int {
	fs := flag.NewFlagSet("pitboss", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "config.toml", "the configuration `file`")
	demo := fs.Bool("demo", false, "run against built-in simulators, with a chat in this terminal")
	demoAPI := fs.String("demo-api", HiveOSV2, "the Hive OS API the demo runs: v2, or legacy")
	check := fs.Bool("check-config", false, "check the configuration, print every problem, and exit")
	showVersion := fs.Bool("version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *showVersion {
		fmt.Fprintln(stdout, "pitboss", version)
		return 0
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	if *demo {
		if *demoAPI != HiveOSV2 && *demoAPI != HiveOSLegacy {
			fmt.Fprintf(stderr, "-demo-api %q: use v2 or legacy\n", *demoAPI)
			return 2
		}
		return runDemo(ctx, *demoAPI, stdin, stdout, stderr, hooks)
	}
	explicit := false
	fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "config" })
	if _, statErr := os.Stat(*configPath); !explicit && errors.Is(statErr, os.ErrNotExist) {
		fmt.Fprintf(stderr, "%s not found: using the defaults and PITBOSS_* environment variables (copy config.example.toml to start a config file)\n", *configPath)
	}
	cfg, err := LoadConfig(*configPath, !explicit, env)
	if *check {
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		fmt.Fprintln(stdout, "OK")
		for _, n := range cfg.Notes() {
			fmt.Fprintln(stdout, n)
		}
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "%v\n(pitboss -check-config lists every problem in the configuration)\n", err)
		return 1
	}
	return serve(ctx, cfg, newLogger(stderr), hooks)
}

// serve runs pitboss until ctx ends, then closes the store once the bot has finished.
func serve(ctx context.Context, cfg *Config, log *slog.Logger, hooks appHooks) int {
	app, err := newApp(ctx, cfg, log, hooks)
	if err != nil {
		log.Error("pitboss cannot start", "error", err)
		return 1
	}
	defer app.Close()
	if err := app.Run(ctx); err != nil {
		log.Error("pitboss stopped on an error", "error", err)
		return 1
	}
	return 0
}
