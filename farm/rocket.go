package farm

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"pitboss/apiclients/hiveos"
	"pitboss/bot"
)

// rocketArgs is a /rocket as typed: the rigs, and the settings to apply as given (names or ids).
type rocketArgs struct {
	rigs   []string // names or ids, or "all"
	miner  *string
	miner2 *string // "0" removes the second miner
	wallet *string
	oc     *string
}

var minerRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$`)

const rocketUsage = "Usage: /rocket &lt;rigs|all&gt; [miner=…] [miner2=…] [wallet=…] [oc=…]\n" +
	"Rigs by name or id, separated by spaces or commas. For example: /rocket rig01,rig02 miner=t-rex wallet=107800\n" +
	"miner2=0 removes the second miner. /rocket alone asks step by step."

// parseRocket reads /rocket's arguments. Its errors are for the user.
func parseRocket(args string) (rocketArgs, error) {
	var ra rocketArgs
	seen := map[string]bool{}
	for _, tok := range strings.Fields(args) {
		key, value, isSetting := strings.Cut(tok, "=")
		if !isSetting {
			for _, rig := range strings.Split(tok, ",") {
				if rig != "" {
					ra.rigs = append(ra.rigs, rig)
				}
			}
			continue
		}
		key = strings.ToLower(key)
		var dst **string
		switch key {
		case "miner":
			dst = &ra.miner
		case "miner2":
			dst = &ra.miner2
		case "wallet":
			dst = &ra.wallet
		case "oc":
			dst = &ra.oc
		case "fs":
			return ra, bot.UserErrorf("Flight sheets are applied through Hive OS API v2, and pitboss uses the legacy API: " +
				"set api = \"v2\" and a token in [hiveos] to use them, or use miner=, wallet= and oc=.")
		default:
			return ra, bot.UserErrorf("There is no setting %s: use miner, miner2, wallet or oc.\n%s", bot.Quote(key), rocketUsage)
		}
		switch {
		case seen[key]:
			return ra, bot.UserErrorf("%s is given twice.", key)
		case value == "":
			return ra, bot.UserErrorf("%s= needs a value, such as %s=t-rex.", key, key)
		case (key == "miner" || key == "miner2") && !minerRE.MatchString(value):
			return ra, bot.UserErrorf("%s is not a miner's name (letters, digits, dots, dashes).", bot.Quote(value))
		}
		seen[key] = true
		*dst = &value
	}
	switch {
	case len(ra.rigs) == 0:
		return ra, bot.UserErrorf("Say which rigs.\n%s", rocketUsage)
	case ra.miner == nil && ra.miner2 == nil && ra.wallet == nil && ra.oc == nil:
		return ra, bot.UserErrorf("Say what to change: miner=…, miner2=…, wallet=… or oc=….\n%s", rocketUsage)
	}
	return ra, nil
}

// catalog is what a rocket is resolved against: the rigs as Hive OS lists them, its wallets and profiles.
type catalog struct {
	rigs    []hiveos.Rig
	wallets []hiveos.Wallet
	ocs     []hiveos.OCProfile
}

// loadCatalog reads the rigs, and the wallets and profiles when needed.
func (f *Farm) loadCatalog(ctx context.Context, wallets, ocs bool) (*catalog, error) {
	c := &catalog{}
	var err error
	if c.rigs, err = f.Client.GetRigs(ctx); err != nil {
		return nil, err
	}
	if wallets {
		if c.wallets, err = f.Client.GetWallets(ctx); err != nil {
			return nil, err
		}
	}
	if ocs {
		if c.ocs, err = f.Client.GetOC(ctx); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// rocketParams is what a confirmed rocket sends: exactly the chosen rig ids and fields.
type rocketParams struct {
	RigIDs   []string `json:"rig_ids"`
	Miner    *string  `json:"miner,omitempty"`
	Miner2   *string  `json:"miner2,omitempty"`
	WalletID *int64   `json:"wallet_id,omitempty"`
	OCID     *int64   `json:"oc_id,omitempty"`
}

// resolve turns what was typed into ids, against the catalog.
func (c *catalog) resolve(ra rocketArgs) (rocketParams, error) {
	var p rocketParams
	if len(ra.rigs) == 1 && strings.EqualFold(ra.rigs[0], "all") {
		for _, r := range c.rigs {
			p.RigIDs = append(p.RigIDs, r.ID)
		}
	} else {
		for _, name := range ra.rigs {
			r, err := pick(c.rigs, name, "rig", func(r hiveos.Rig) (string, string) { return r.ID, r.Name })
			if err != nil {
				return p, err
			}
			if !slices.Contains(p.RigIDs, r.ID) {
				p.RigIDs = append(p.RigIDs, r.ID)
			}
		}
	}
	if len(p.RigIDs) == 0 {
		return p, bot.UserErrorf("Hive OS lists no rigs.")
	}
	p.Miner, p.Miner2 = ra.miner, ra.miner2
	if ra.wallet != nil {
		w, err := pick(c.wallets, *ra.wallet, "wallet", func(w hiveos.Wallet) (string, string) { return strconv.FormatInt(w.ID, 10), w.Name })
		if err != nil {
			return p, err
		}
		p.WalletID = &w.ID
	}
	if ra.oc != nil {
		o, err := pick(c.ocs, *ra.oc, "OC profile", func(o hiveos.OCProfile) (string, string) { return strconv.FormatInt(o.ID, 10), o.Name })
		if err != nil {
			return p, err
		}
		p.OCID = &o.ID
	}
	return p, nil
}

// pick finds one of xs by id, by name in any case, or by the unique start of a name (bot.Pick); its
// errors, for the user, call xs noun.
func pick[T any](xs []T, arg, noun string, key func(T) (id, name string)) (T, error) {
	x, prefixed, ok := bot.Pick(xs, arg, key)
	names := func(ys []T) string {
		ns := make([]string, len(ys))
		for i, y := range ys {
			_, n := key(y)
			ns[i] = bot.Escape(n)
		}
		return bot.Few(ns, 12)
	}
	switch {
	case ok:
		return x, nil
	case len(prefixed) > 1:
		return x, bot.UserErrorf("%s could be the %s %s: say which.", bot.Quote(arg), noun, names(prefixed))
	case len(xs) == 0:
		return x, bot.UserErrorf("Hive OS lists no %s.", noun)
	}
	return x, bot.UserErrorf("There is no %s %s. Known: %s.", noun, bot.Quote(arg), names(xs))
}

// preview says, rig by rig, what will change: current → new for every field that changes.
func (c *catalog) preview(p rocketParams) string {
	var lines []string
	for _, id := range p.RigIDs {
		r := c.rig(id)
		var changes []string
		add := func(what, from, to string) {
			if from != to {
				changes = append(changes, fmt.Sprintf("%s %s → <b>%s</b>", what, bot.Escape(from), bot.Escape(to)))
			}
		}
		if p.Miner != nil {
			add("miner", orNone(r.Miner), *p.Miner)
		}
		if p.Miner2 != nil {
			to := *p.Miner2
			if to == "0" {
				to = "none"
			}
			add("second miner", orNone(r.Miner2), to)
		}
		if p.WalletID != nil {
			add("wallet", cmp.Or(r.WalletName, c.walletName(r.WalletID)), c.walletName(*p.WalletID))
		}
		if p.OCID != nil {
			add("OC", c.ocName(r.OCID), c.ocName(*p.OCID))
		}
		line := "• <b>" + bot.Escape(cmp.Or(r.Name, r.ID)) + "</b>: "
		if len(changes) == 0 {
			line += "already so, nothing changes"
		} else {
			line += strings.Join(changes, "; ")
		}
		lines = append(lines, line)
	}
	return fmt.Sprintf("<b>multiRocket on %d rig%s</b>\n%s", len(p.RigIDs), plural(len(p.RigIDs)), strings.Join(lines, "\n"))
}

// walletName is the name of the wallet id (when the catalog has the wallets), "#<id>", or "none" for 0.
func (c *catalog) walletName(id int64) string {
	for _, w := range c.wallets {
		if w.ID == id {
			return w.Name
		}
	}
	return idOrNone(id)
}

// ocName is the name of the OC profile id (when the catalog has the profiles), "#<id>", or "none" for 0.
func (c *catalog) ocName(id int64) string {
	for _, o := range c.ocs {
		if o.ID == id {
			return o.Name
		}
	}
	return idOrNone(id)
}

func idOrNone(id int64) string {
	if id == 0 {
		return "none"
	}
	return fmt.Sprintf("#%d", id)
}

func (c *catalog) rig(id string) hiveos.Rig {
	for _, r := range c.rigs {
		if r.ID == id {
			return r
		}
	}
	return hiveos.Rig{ID: id}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// rocket is /rocket: with arguments it resolves them and proposes the action; without, it asks step by step.
func (f *Farm) rocket(ctx context.Context, r *bot.Request) error {
	if f.V2 != nil {
		return f.rocketV2(ctx, r)
	}
	if f.Client == nil {
		return errNoHiveOS
	}
	if strings.TrimSpace(r.Args) == "" {
		return f.startWalk(ctx, r)
	}
	ra, err := parseRocket(r.Args)
	if err != nil {
		return err
	}
	_ = r.Typing(ctx)
	cat, err := f.loadCatalog(ctx, ra.wallet != nil, ra.oc != nil)
	if err != nil {
		return f.serviceError(err)
	}
	p, err := cat.resolve(ra)
	if err != nil {
		return err
	}
	return f.Control.Propose(ctx, r, "rocket", p, cat.preview(p))
}

// rocketV2 is /rocket for an account reached through API v2, which has no multiRocket: "fs=<sheet>"
// applies a flight sheet, as /fs does, and /rocket alone walks through it.
func (f *Farm) rocketV2(ctx context.Context, r *bot.Request) error {
	args := strings.TrimSpace(r.Args)
	if args == "" {
		return f.V2.StartFS(ctx, r)
	}
	const usage = "With Hive OS API v2, /rocket applies a flight sheet: /rocket &lt;rigs|all&gt; fs=&lt;flight sheet&gt;, " +
		"such as /rocket rig01,rig02 fs=ETH Hiveon. /fs does the same."
	i := strings.Index(strings.ToLower(args), "fs=")
	if i < 0 || (i > 0 && args[i-1] != ' ') {
		return bot.UserErrorf("%s", usage)
	}
	rigs, sheet := strings.Fields(args[:i]), strings.TrimSpace(args[i+len("fs="):])
	for _, tok := range rigs {
		if strings.Contains(tok, "=") {
			return bot.UserErrorf("%s is not something API v2 sets per rig.\n%s", bot.Quote(tok), usage)
		}
	}
	switch {
	case len(rigs) == 0:
		return bot.UserErrorf("Say which rigs.\n%s", usage)
	case sheet == "":
		return bot.UserErrorf("fs= needs a flight sheet's name or id.\n%s", usage)
	}
	return f.V2.ProposeFS(ctx, r, rigs, sheet)
}

// executeRocket sends the confirmed multiRocket, once.
func (f *Farm) executeRocket(ctx context.Context, raw json.RawMessage) (string, error) {
	var p rocketParams
	if err := json.Unmarshal(raw, &p); err != nil {
		return "", fmt.Errorf("rocket params: %w", err)
	}
	if f.Client == nil {
		return "", errors.New("hive os is not configured")
	}
	_, err := f.Client.MultiRocket(ctx, hiveos.MultiRocketParams{RigIDs: p.RigIDs, Miner: p.Miner, Miner2: p.Miner2,
		WalletID: p.WalletID, OCID: p.OCID})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Hive OS took the new settings for %d rig%s; each applies them when it next reports.", len(p.RigIDs), plural(len(p.RigIDs))), nil
}

// explain says why Hive OS refused a control call.
func explain(err error) string {
	var rpc *hiveos.RPCError
	switch {
	case errors.Is(err, hiveos.ErrAuth):
		return "Hive OS refuses our keys: check them in the config."
	case errors.As(err, &rpc):
		return "Hive OS refused it: " + bot.Escape(rpc.Message)
	case errors.Is(err, hiveos.ErrInvalidParams):
		return "Hive OS would refuse these settings: " + bot.Escape(err.Error())
	case errors.Is(err, hiveos.ErrUnavailable):
		return "Hive OS did not answer, and nothing was changed. Try again later."
	}
	return ""
}

// serviceError is what a command shows when a Hive OS call it made failed.
func (f *Farm) serviceError(err error) error {
	return bot.ServiceError(f.Log, "Hive OS", explain, err)
}
