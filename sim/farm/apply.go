package farm

import (
	"fmt"
	"slices"
)

// Change is what multiRocket applies to rigs. A nil field leaves that setting as it is.
type Change struct {
	Miner    *string
	Miner2   *string // "0" (or "") removes the second miner, as the Hive OS API documents
	WalletID *int64
	OCID     *int64
}

// Apply changes the listed rigs' settings. It checks everything first, so either every rig is changed or,
// with an error (ErrUnknownRig, ErrUnknownWallet, ErrUnknownOC, ErrUnknownMiner, ErrNoChange), none is.
// A new miner or wallet restarts the rig's miner; a new wallet may change the algorithm and so the rates.
func (f *Farm) Apply(rigIDs []string, change Change) error {
	if change.Miner == nil && change.Miner2 == nil && change.WalletID == nil && change.OCID == nil {
		return ErrNoChange
	}
	if len(rigIDs) == 0 {
		return fmt.Errorf("%w: no rig given", ErrUnknownRig)
	}
	miners := knownMiners()
	if change.Miner != nil && !slices.Contains(miners, *change.Miner) {
		return fmt.Errorf("%w: %q", ErrUnknownMiner, *change.Miner)
	}
	unsetMiner2 := change.Miner2 != nil && (*change.Miner2 == "0" || *change.Miner2 == "")
	if change.Miner2 != nil && !unsetMiner2 && !slices.Contains(miners, *change.Miner2) {
		return fmt.Errorf("%w: %q", ErrUnknownMiner, *change.Miner2)
	}
	var wallet Wallet
	if change.WalletID != nil {
		w, ok := f.Wallet(*change.WalletID)
		if !ok {
			return fmt.Errorf("%w: %d", ErrUnknownWallet, *change.WalletID)
		}
		wallet = w
	}
	if change.OCID != nil {
		if _, ok := f.OCProfile(*change.OCID); !ok {
			return fmt.Errorf("%w: %d", ErrUnknownOC, *change.OCID)
		}
	}

	f.mu.Lock()
	defer f.mu.Unlock()
	idx := make([]int, len(rigIDs))
	for k, id := range rigIDs {
		i, ok := f.rigByID[id]
		if !ok {
			return fmt.Errorf("%w: %q", ErrUnknownRig, id)
		}
		idx[k] = i
	}
	for _, i := range idx {
		r := f.rigs[i]
		restart := false
		if change.Miner != nil && *change.Miner != r.Miner {
			r.Miner, restart = *change.Miner, true
		}
		if change.Miner2 != nil {
			m2 := *change.Miner2
			if unsetMiner2 {
				m2 = ""
			}
			restart = restart || m2 != r.Miner2
			r.Miner2 = m2
		}
		if change.WalletID != nil && wallet.ID != r.WalletID {
			r.WalletID, restart = wallet.ID, true
			for g := range r.gpus {
				r.gpus[g].baseHash = hashFor(wallet.Algo, r.gpus[g].quality)
			}
		}
		if change.OCID != nil {
			r.OCID = *change.OCID
		}
		if restart {
			r.minerStart = f.t
		}
	}
	return nil
}
