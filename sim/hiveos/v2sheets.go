package hiveos

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"pitboss/sim/farm"
)

// Flight sheets (reference B.8). The simulator's sheets have one item each: a coin, its pool, a wallet
// and a miner. Each farm has one sheet per wallet and miner its rigs run at the start (and one for each
// wallet no rig mines to), so every rig starts on a sheet; the account's owner has one more, listed in
// every farm. Names carry HTML-special characters and spaces, so that clients and the bot are tested
// for escaping them.

// Ids of the owner and of the owner-level sheet. A farm's own sheets are numbered from
// (farm index + 1) × 100 + 1 in the order GET /farms/{id}/fs lists them.
const (
	OwnerUserID  = 12345
	OwnerLogin   = "pitboss.owner"
	OwnerSheetID = 10
)

type flightSheet struct {
	ID     int64
	FarmID int64 // 0 for the owner-level sheet
	Name   string
	Coin   string
	Pool   string
	Miner  string
	Wallet int64 // the model's wallet id; the owner-level sheet mines to each farm's wallet of Coin
}

// defaultMiners is the miner a sheet for a wallet that no rig mines to runs.
var defaultMiners = map[string]string{"ethash": "phoenixminer", "x16r": "t-rex"}

// farmSheets makes the farm's own sheets from what its rigs run.
func farmSheets(f *v2farm) []flightSheet {
	type pair struct {
		wallet int64
		miner  string
	}
	seen := map[pair]bool{}
	var pairs []pair
	add := func(p pair) {
		if !seen[p] {
			seen[p] = true
			pairs = append(pairs, p)
		}
	}
	for _, r := range f.spec.Farm.Rigs() {
		add(pair{r.WalletID, r.Miner})
	}
	for _, w := range f.spec.Farm.Wallets() {
		if !slices.ContainsFunc(pairs, func(p pair) bool { return p.wallet == w.ID }) {
			add(pair{w.ID, cmp.Or(defaultMiners[w.Algo], "phoenixminer")})
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int { return cmp.Or(cmp.Compare(a.wallet, b.wallet), strings.Compare(a.miner, b.miner)) })
	sheets := make([]flightSheet, len(pairs))
	for j, p := range pairs {
		w, _ := f.spec.Farm.Wallet(p.wallet)
		coin, pool := walletParts(w)
		sheets[j] = flightSheet{ID: int64(f.index+1)*100 + int64(j) + 1, FarmID: f.spec.ID,
			Name: fmt.Sprintf("%s <%s> & %s", coin, pool, p.miner), Coin: coin, Pool: pool, Miner: p.miner, Wallet: p.wallet}
	}
	return sheets
}

// ownerSheet is the owner's own sheet: RVN with t-rex, on the first farm's RVN wallet.
func ownerSheet(first *v2farm) flightSheet {
	sh := flightSheet{ID: OwnerSheetID, Name: `Owner's "backup" <RVN> & t-rex`, Coin: "RVN", Pool: "Ravenminer", Miner: "t-rex"}
	if w, ok := walletOfCoin(first.spec.Farm, sh.Coin); ok {
		sh.Wallet = w.ID
	}
	return sh
}

// walletParts splits a model wallet name such as "ETH - Ethermine" into its coin and pool.
func walletParts(w farm.Wallet) (coin, pool string) {
	_, pool, found := strings.Cut(w.Name, " - ")
	if !found {
		pool = w.Name
	}
	return w.Coin, pool
}

func walletOfCoin(f *farm.Farm, coin string) (farm.Wallet, bool) {
	for _, w := range f.Wallets() {
		if w.Coin == coin {
			return w, true
		}
	}
	return farm.Wallet{}, false
}

// sheet is a sheet visible to the farm: its own or the owner's.
func (s *SimV2) sheet(f *v2farm, id int64) (flightSheet, bool) {
	if id == s.owner.ID {
		return s.owner, true
	}
	for _, sh := range f.sheets {
		if sh.ID == id {
			return sh, true
		}
	}
	return flightSheet{}, false
}

// sheetOfRig is the sheet the worker is on: the one an edit set, else the farm's sheet for what it runs.
func (s *SimV2) sheetOfRig(f *v2farm, r farm.Rig) (flightSheet, bool) {
	s.mu.Lock()
	id, set := s.sheetOf[f.workerID(r.ID)]
	s.mu.Unlock()
	if set {
		return s.sheet(f, id)
	}
	for _, sh := range f.sheets {
		if sh.Wallet == r.WalletID && sh.Miner == r.Miner {
			return sh, true
		}
	}
	return flightSheet{}, false
}

// modelWallet is the model wallet of f that the sheet mines to.
func (sh flightSheet) modelWallet(f *v2farm) (int64, bool) {
	if sh.FarmID != 0 {
		return sh.Wallet, true
	}
	w, ok := walletOfCoin(f.spec.Farm, sh.Coin)
	return w.ID, ok
}

type fsItemJSON struct {
	Coin  string `json:"coin"`
	Pool  string `json:"pool"`
	WalID int64  `json:"wal_id"`
	Miner string `json:"miner"`
}

// fsJSON is FlightSheetF in lists, FSMidInfo on a worker (without workers_count).
type fsJSON struct {
	ID           int64        `json:"id"`
	FarmID       *int64       `json:"farm_id"` // null for an owner-level sheet
	UserID       int64        `json:"user_id"`
	Name         string       `json:"name"`
	IsFavorite   *bool        `json:"is_favorite,omitempty"`
	WorkersCount *int         `json:"workers_count,omitempty"`
	Items        []fsItemJSON `json:"items"`
}

func (s *SimV2) renderSheet(sh flightSheet) fsJSON {
	out := fsJSON{ID: sh.ID, UserID: OwnerUserID, Name: sh.Name}
	walletFarm := s.farms[0] // the owner-level sheet names the first farm's wallet
	if sh.FarmID != 0 {
		id := sh.FarmID
		out.FarmID = &id
		walletFarm = s.farmBy[sh.FarmID]
	}
	walID := walletFarm.walletID(sh.Wallet)
	out.Items = []fsItemJSON{{Coin: sh.Coin, Pool: strings.ToLower(sh.Pool), WalID: walID, Miner: sh.Miner}}
	return out
}

// renderListedSheet adds what lists show: whether it is a favourite and how many of farms' workers use it.
func (s *SimV2) renderListedSheet(sh flightSheet, farms []*v2farm) fsJSON {
	out := s.renderSheet(sh)
	fav := sh.ID == OwnerSheetID
	n := 0
	for _, f := range farms {
		for _, r := range f.spec.Farm.Rigs() {
			if cur, ok := s.sheetOfRig(f, r); ok && cur.ID == sh.ID {
				n++
			}
		}
	}
	out.IsFavorite, out.WorkersCount = &fav, &n
	return out
}

func (s *SimV2) listFarmSheets(_ *http.Request, f *v2farm) reply {
	data := make([]fsJSON, 0, len(f.sheets)+1)
	for _, sh := range append(append([]flightSheet(nil), f.sheets...), s.owner) {
		data = append(data, s.renderListedSheet(sh, []*v2farm{f}))
	}
	return ok(map[string]any{"data": data})
}

func (s *SimV2) getFarmSheet(r *http.Request, f *v2farm) reply {
	id, _ := strconv.ParseInt(r.PathValue("fsId"), 10, 64)
	sh, found := s.sheet(f, id)
	if !found {
		return fail(http.StatusNotFound, "Flight sheet not found", http.StatusNotFound)
	}
	return ok(s.renderListedSheet(sh, []*v2farm{f}))
}

// listOwnerSheets is GET /fs: the sheets that belong to the user rather than to a farm.
func (s *SimV2) listOwnerSheets(*http.Request) reply {
	return ok(map[string]any{"data": []fsJSON{s.renderListedSheet(s.owner, s.farms)}})
}

// Editing workers: all three PATCH forms take fs_id as a number or a numeric string. Checks come in the
// service's order: the route's worker (404), then the body (422), then the listed workers (404).

func (s *SimV2) editWorker(r *http.Request, f *v2farm, rigID string) reply {
	var body map[string]json.RawMessage
	if json.NewDecoder(r.Body).Decode(&body) != nil {
		return invalidField("fs_id", "The fs id field is required.")
	}
	sh, bad := s.fsField(f, body["fs_id"], "fs_id")
	if bad != nil {
		return *bad
	}
	res := s.enqueue(f, []string{rigID}, "config", nil, &sh)
	return ok(res.single())
}

func (s *SimV2) editWorkers(r *http.Request, f *v2farm) reply {
	var body struct {
		WorkerIDs json.RawMessage            `json:"worker_ids"`
		Data      map[string]json.RawMessage `json:"data"`
	}
	if json.NewDecoder(r.Body).Decode(&body) != nil {
		return invalidField("worker_ids", "The worker ids field is required.")
	}
	ids, bad := idList(body.WorkerIDs, "worker_ids")
	if bad != nil {
		return *bad
	}
	sh, bad := s.fsField(f, body.Data["fs_id"], "fs_id")
	if bad != nil {
		return *bad
	}
	rigs, bad := f.rigsOf(ids)
	if bad != nil {
		return *bad
	}
	return ok(s.enqueue(f, rigs, "config", nil, &sh))
}

// editWorkersEach is PATCH /workers/multi: a different edit per worker. Every entry is checked before
// any is queued.
func (s *SimV2) editWorkersEach(r *http.Request, f *v2farm) reply {
	var body struct {
		Data []editEntry `json:"data"`
	}
	if json.NewDecoder(r.Body).Decode(&body) != nil || len(body.Data) == 0 {
		return invalidField("data", "The data field is required.")
	}
	rigs := make([]string, len(body.Data))
	sheets := make([]flightSheet, len(body.Data))
	for i, e := range body.Data {
		var bad *reply
		if rigs[i], sheets[i], bad = s.checkEntry(f, i, e); bad != nil {
			return *bad
		}
	}
	var out commandsResponseJSON
	for i := range rigs {
		res := s.enqueue(f, rigs[i:i+1], "config", nil, &sheets[i])
		out.ID = cmp.Or(out.ID, res.ID)
		out.Commands = append(out.Commands, res.Commands...)
	}
	return ok(out)
}

// editEntry is one worker's edit in PATCH /workers/multi.
type editEntry struct {
	ID   json.RawMessage            `json:"id"`
	Data map[string]json.RawMessage `json:"data"`
}

// checkEntry checks entry i: its worker id, its sheet, and that the worker is the farm's.
func (s *SimV2) checkEntry(f *v2farm, i int, e editEntry) (string, flightSheet, *reply) {
	id, okID := parseID(e.ID)
	if !okID {
		r := invalidField(fmt.Sprintf("data.%d.id", i), fmt.Sprintf("The data.%d.id must be an integer.", i))
		return "", flightSheet{}, &r
	}
	sh, bad := s.fsField(f, e.Data["fs_id"], "fs_id")
	if bad != nil {
		return "", flightSheet{}, bad
	}
	rigs, bad := f.rigsOf([]int64{id})
	if bad != nil {
		return "", flightSheet{}, bad
	}
	return rigs[0], sh, nil
}

// fsField checks fs_id: present, a whole number (or numeric string), and a sheet the farm can see.
func (s *SimV2) fsField(f *v2farm, raw json.RawMessage, field string) (flightSheet, *reply) {
	if len(raw) == 0 || string(raw) == "null" {
		r := invalidField(field, "The fs id field is required.")
		return flightSheet{}, &r
	}
	id, okID := parseID(raw)
	if !okID {
		r := invalidField(field, "The fs id must be an integer.")
		return flightSheet{}, &r
	}
	sh, found := s.sheet(f, id)
	if !found {
		r := invalidField(field, "The selected fs id is invalid.")
		return flightSheet{}, &r
	}
	return sh, nil
}

// rigsOf maps worker ids to the farm's rigs; any worker that is not the farm's is a 404.
func (f *v2farm) rigsOf(ids []int64) ([]string, *reply) {
	rigs := make([]string, len(ids))
	for i, id := range ids {
		rig, found := f.rigID(id)
		if !found {
			return nil, &workerNotFound
		}
		rigs[i] = rig
	}
	return rigs, nil
}

// idList reads a non-empty list of ids, each a whole number or a numeric string.
func idList(raw json.RawMessage, field string) ([]int64, *reply) {
	var elems []json.RawMessage
	if json.Unmarshal(raw, &elems) != nil || len(elems) == 0 {
		r := invalidField(field, "The worker ids field is required.")
		return nil, &r
	}
	ids := make([]int64, len(elems))
	for i, e := range elems {
		id, okID := parseID(e)
		if !okID {
			r := invalidField(fmt.Sprintf("%s.%d", field, i), fmt.Sprintf("The %s.%d must be an integer.", field, i))
			return nil, &r
		}
		ids[i] = id
	}
	return ids, nil
}

// parseID reads a positive whole number given as a JSON number or a numeric string.
func parseID(raw json.RawMessage) (int64, bool) {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		s = string(raw)
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n, err == nil && n > 0
}
