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

// Set at build time with -ldflags "-X main.version=... -X main.commit=... -X main.date=...". A build in a
// git checkout has its commit and date in its VCS stamp already; an image built without .git needs these.
var (
	version = "dev"
	commit  = ""
	date    = ""
)

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
	showVersion := fs.Bool("version", false, "print the version, commit and build date, and exit")
	healthURL := fs.String("healthcheck", "", "GET this `URL` (the health endpoint) and exit 0 if it answers 200, else 1")
	backupTo := fs.String("backup", "", "write a consistent copy of the configured database to `FILE`, while pitboss runs or not, and exit")
	restoreFrom := fs.String("restore", "", "check the backup `FILE` and put it in place of the configured database (pitboss must be stopped), and exit")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *showVersion {
		fmt.Fprint(stdout, versionText())
		return 0
	}
	if *healthURL != "" {
		return healthcheck(ctx, *healthURL, stderr)
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // the first signal shuts down in order; a second one ends the process at once
	}()

	if *demo {
		if *demoAPI != HiveOSV2 && *demoAPI != HiveOSLegacy {
			fmt.Fprintf(stderr, "-demo-api %q: use v2 or legacy\n", *demoAPI)
			return 2
		}
		return runDemo(ctx, *demoAPI, stdin, stdout, stderr, hooks)
	}
	if *backupTo != "" && *restoreFrom != "" {
		fmt.Fprintln(stderr, "-backup and -restore: one at a time")
		return 2
	}
	explicit := false
	fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "config" })
	if _, statErr := os.Stat(*configPath); !explicit && errors.Is(statErr, os.ErrNotExist) {
		fmt.Fprintf(stderr, "%s not found: using the defaults and PITBOSS_* environment variables (copy config.example.toml to start a config file)\n", *configPath)
	}
	if *backupTo != "" || *restoreFrom != "" {
		// Only the database matters: a backup job need not have the bot's token or the services' keys.
		cfg, problems := loadConfig(*configPath, !explicit, env)
		if problems = problems.About("database"); cfg == nil || len(problems) > 0 {
			fmt.Fprintln(stderr, problems)
			return 1
		}
		if *backupTo != "" {
			return backup(ctx, cfg, *backupTo, stdout, stderr)
		}
		return restore(ctx, cfg, *restoreFrom, stdout, stderr)
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
	reload := func() (*Config, error) { return LoadConfig(*configPath, !explicit, env) }
	return serve(ctx, cfg, newLogger(stderr), hooks, reload)
}

// serve runs pitboss until ctx ends, then closes the store once the bot has finished. On SIGHUP it reads
// the config again with reload (nil: never) and puts in force what can change while it runs.
func serve(ctx context.Context, cfg *Config, log *slog.Logger, hooks appHooks, reload func() (*Config, error)) int {
	app, err := newApp(ctx, cfg, log, hooks)
	if err != nil {
		log.Error("pitboss cannot start", "error", err)
		return 1
	}
	defer app.Close()
	if reload != nil {
		hup := make(chan os.Signal, 1)
		signal.Notify(hup, syscall.SIGHUP)
		defer signal.Stop(hup)
		go reloadOnHUP(ctx, app, hup, reload, log)
	}
	if err := app.Run(ctx); err != nil {
		log.Error("pitboss stopped on an error", "error", err)
		return 1
	}
	return 0
}

// reloadOnHUP reloads the config on each signal until ctx ends. A config that does not load, or that the
// app refuses, changes nothing: the running one stays, and the log says why.
func reloadOnHUP(ctx context.Context, app *App, hup <-chan os.Signal, reload func() (*Config, error), log *slog.Logger) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
		}
		log.Info("SIGHUP: reloading the config")
		cfg, err := reload()
		if err == nil {
			err = app.Reload(ctx, cfg)
		}
		if err != nil {
			log.Error("the new config is refused; the running one stays", "error", err)
		}
	}
}
