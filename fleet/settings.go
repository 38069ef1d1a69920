package fleet

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"pitboss/bot"
	"pitboss/farm"
)

// StartFS starts the /fs walk-through: /rocket alone, through API v2.
func (f *Fleet) StartFS(ctx context.Context, r *bot.Request) error { return f.startWalk(ctx, r) }

// Wallets lists each watched farm's wallets, asked of Hive OS.
func (f *Fleet) Wallets(ctx context.Context, r *bot.Request) error {
	d, _, _, err := f.latest()
	if err != nil {
		return err
	}
	_ = r.Typing(ctx)
	var lines []string
	total := 0
	for _, fm := range d.Farms {
		ws, err := f.Client.Wallets(ctx, fm.Farm.ID)
		if err != nil {
			return f.serviceError(err)
		}
		total += len(ws)
		if len(d.Farms) > 1 {
			lines = append(lines, "\n<b>"+bot.Escape(fm.Farm.Name)+"</b>")
		}
		for _, w := range ws {
			lines = append(lines, farm.WalletLine(w.ID, w.Name, w.Coin, w.Address))
		}
	}
	if total == 0 {
		return r.Reply(ctx, "Hive OS lists no wallets.")
	}
	return r.Reply(ctx, fmt.Sprintf("<b>Wallets</b> — %d", total)+strings.Join(lines, "\n")+"\nFlight sheets bind wallets to miners: /fs applies one.")
}

// RigSettings is what /rig shows of a worker beyond its readings: its farm, flight sheet, miners and what
// Hive OS reports wrong with it, from the latest poll.
func (f *Fleet) RigSettings(id string) string {
	d, _, _, err := f.latest()
	if err != nil {
		return ""
	}
	w, farm, ok := d.Worker(id)
	if !ok {
		return ""
	}
	var sb strings.Builder
	if len(d.Farms) > 1 {
		fmt.Fprintf(&sb, "Farm: %s\n", bot.Escape(farm.Name))
	}
	sheet := "none"
	if w.FlightSheet != nil {
		sheet = fmt.Sprintf("%s (#%d)", w.FlightSheet.Name, w.FlightSheet.ID)
	}
	fmt.Fprintf(&sb, "Flight sheet: %s\n", bot.Escape(sheet))
	for _, h := range w.Hashrates {
		line := "Miner: " + bot.Escape(cmp.Or(h.Miner, "unknown")) + " · " + bot.Escape(cmp.Or(h.Algo, "unknown algorithm"))
		if h.Coin != "" {
			line += " · " + bot.Escape(h.Coin)
		}
		sb.WriteString(line + "\n")
	}
	if w.PowerDraw > 0 {
		fmt.Fprintf(&sb, "Power: %g W\n", w.PowerDraw)
	}
	if len(w.Problems) > 0 {
		sb.WriteString("Hive OS reports: " + bot.Escape(strings.Join(w.Problems, ", ")) + "\n")
	}
	return sb.String()
}
