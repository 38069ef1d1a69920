// Command simfarm serves a large simulated Hive OS farm and a simulated Telegram on loopback, writes a
// pitboss config for them, and has each of its users open their chat with the bot once pitboss polls
// Telegram. It is for measuring pitboss as a whole process on a farm far past a typical one:
//
//	go run ./sim/cmd/simfarm -rigs 2000 -gpus 8 -users 100 -config /tmp/big.toml &
//	/usr/bin/time -v pitboss -config /tmp/big.toml
//
// On Ctrl-C it prints how many times the farm was polled.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"pitboss/sim/farm"
	simhiveos "pitboss/sim/hiveos"
	"pitboss/sim/simhttp"
	simtelegram "pitboss/sim/telegram"
)

const token = "7000000001:SIMFARM-simfarm-simfarm-simfarm-sim"

func main() {
	rigs := flag.Int("rigs", 2000, "rigs in the farm")
	gpus := flag.Int("gpus", 8, "GPUs per rig")
	users := flag.Int("users", 100, "chat users (the first two are admins)")
	hot := flag.Int("hot", 3, "rigs with a GPU running hot")
	poll := flag.String("poll", "@every 10s", "how often pitboss polls the farm")
	config := flag.String("config", "simfarm.toml", "where to write pitboss's config")
	api := flag.String("api", "legacy", `the Hive OS API pitboss is given: "legacy" or "v2"`)
	flag.Parse()
	if *api != "legacy" && *api != "v2" {
		fmt.Fprintln(os.Stderr, `simfarm: -api is "legacy" or "v2"`)
		os.Exit(2)
	}
	if err := run(*rigs, *gpus, *users, *hot, *poll, *config, *api); err != nil {
		fmt.Fprintln(os.Stderr, "simfarm:", err)
		os.Exit(1)
	}
}

func run(rigs, gpus, users, hot int, poll, config, api string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()
	f := farm.New(farm.Options{Rigs: rigs, GPUsPerRig: gpus, Seed: 1, Start: start})
	for i := range min(hot, rigs) {
		if err := f.Overheat(fmt.Sprint(farm.FirstRigID+i*(rigs/max(hot, 1))), 0, 92, start.Add(24*time.Hour)); err != nil {
			return err
		}
	}
	var (
		hive    http.Handler
		rec     *simhttp.Recorder
		hiveCfg string
	)
	if api == "v2" {
		v2 := simhiveos.NewV2(simhiveos.OptionsV2{Token: simhiveos.DemoToken, Farms: []simhiveos.FarmSpec{{ID: 1, Name: "Big farm", Farm: f}}})
		hive, rec = v2, v2.Recorder
	} else {
		legacy := simhiveos.New(simhiveos.Options{PublicKey: simhiveos.DemoPublicKey, SecretKey: simhiveos.DemoSecretKey, Farm: f})
		hive, rec = legacy, legacy.Recorder
	}
	hs, err := simhttp.Serve(hive)
	if err != nil {
		return err
	}
	defer hs.Close()
	if api == "v2" {
		hiveCfg = fmt.Sprintf("api = \"v2\"\nurl = %q\ntoken = %q\n", hs.URL+simhiveos.PathV2, simhiveos.DemoToken)
	} else {
		hiveCfg = fmt.Sprintf("url = %q\npublic_key = %q\nsecret_key = %q\n", hs.URL+simhiveos.Path,
			simhiveos.DemoPublicKey, simhiveos.DemoSecretKey)
	}
	tg, err := simtelegram.Start(simtelegram.Options{Token: token})
	if err != nil {
		return err
	}
	defer tg.Close()

	ids := make([]string, users)
	for i := range ids {
		ids[i] = fmt.Sprint(900000 + i)
	}
	admins, viewers := ids[:min(2, users)], ids[min(2, users):]
	db := filepath.Join(os.TempDir(), fmt.Sprintf("simfarm-%d.db", os.Getpid()))
	cfg := fmt.Sprintf(`[telegram]
token = %q
api_endpoint = %q
admins = [%s]
viewers = [%s]
[database]
path = %q
[http]
listen = ""
[hiveos]
%spoll = %q
`, token, tg.Endpoint(), strings.Join(admins, ", "), strings.Join(viewers, ", "), db, hiveCfg, poll)
	if err := os.WriteFile(config, []byte(cfg), 0o600); err != nil {
		return err
	}
	fmt.Printf("simfarm: %d rigs × %d GPUs, %d users; config in %s, database %s\n", rigs, gpus, users, config, db)

	if err := tg.WaitPoll(ctx); err != nil {
		return nil // stopped before pitboss came
	}
	for i := range users {
		u := simtelegram.User{ID: int64(900000 + i), FirstName: fmt.Sprintf("User%d", i)}
		tg.SendText(u, simtelegram.PrivateChat(u), "/start")
	}
	fmt.Println("simfarm: pitboss is polling Telegram; every user has sent /start")
	<-ctx.Done()
	polls := 0
	for _, r := range rec.Requests() {
		if strings.Contains(string(r.Body), "getCurrentStats") || strings.HasSuffix(r.Path, "/workers") {
			polls++
		}
	}
	fmt.Printf("simfarm: the farm was polled %d times in %s\n", polls, time.Since(start).Round(time.Second))
	return nil
}
