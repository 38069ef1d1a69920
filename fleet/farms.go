package fleet

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"

	"pitboss/bot"
	"pitboss/units"
)

// farms lists the farms pitboss watches, from the latest poll: workers online, hashrate, power and the
// red lines Hive OS sets for them.
func (f *Fleet) farms(ctx context.Context, r *bot.Request) error {
	if f.Legacy {
		return r.Reply(ctx, "The legacy Hive OS API sees one farm, the one its keys belong to: /status shows it.")
	}
	d, _, at, err := f.latest()
	if err != nil {
		return err
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "<b>Farms</b> — %d watched, data %s old\n", len(d.Farms), units.FormatDuration(f.Now().Sub(at)))
	for _, fm := range d.Farms {
		online, gpus := 0, 0
		var power float64
		rates := map[string]float64{}
		var algos []string
		for _, w := range fm.Workers {
			if !w.Online {
				continue
			}
			online++
			gpus += len(w.GPUs)
			power += w.PowerDraw
			for _, h := range w.Hashrates {
				if _, seen := rates[h.Algo]; !seen {
					algos = append(algos, h.Algo)
				}
				rates[h.Algo] += h.Rate
			}
		}
		fmt.Fprintf(&sb, "\n<b>%s</b> (id <code>%d</code>) — %d of %d workers online, %d GPUs\n", bot.Escape(fm.Farm.Name),
			fm.Farm.ID, online, len(fm.Workers), gpus)
		var parts []string
		for _, a := range algos {
			parts = append(parts, bot.Escape(cmp.Or(a, "unknown"))+" "+units.FormatHashrate(rates[a]))
		}
		if power > 0 {
			parts = append(parts, fmt.Sprintf("%.2f kW", power/1000))
		}
		if len(parts) > 0 {
			sb.WriteString(strings.Join(parts, " · ") + "\n")
		}
		var red []string
		if fm.Farm.GPURedTemp > 0 {
			red = append(red, fmt.Sprintf("GPU %g °C", fm.Farm.GPURedTemp))
		}
		if fm.Farm.GPURedMemTemp > 0 {
			red = append(red, fmt.Sprintf("memory %g °C", fm.Farm.GPURedMemTemp))
		}
		if fm.Farm.GPURedFan > 0 {
			red = append(red, fmt.Sprintf("fan %g %%", fm.Farm.GPURedFan))
		}
		if len(red) > 0 {
			sb.WriteString("Red lines: " + strings.Join(red, ", ") + "\n")
		}
	}
	if len(d.Missing) > 0 {
		ids := make([]string, len(d.Missing))
		for i, id := range d.Missing {
			ids[i] = strconv.FormatInt(id, 10)
		}
		fmt.Fprintf(&sb, "\n⚠️ The config names farm %s, which the account does not have.\n", strings.Join(ids, ", "))
	}
	if len(d.Farms) > 1 {
		name := bot.Escape(d.Farms[0].Farm.Name)
		fmt.Fprintf(&sb, "\nThresholds and mutes can be for one farm: /set temp 75 farm %s, /mute 2h farm %s.", name, name)
	}
	return r.Reply(ctx, sb.String())
}
