package main

import (
	"context"
	"path/filepath"
	"testing"
)

func TestTeamRevokeAndAudit(t *testing.T) {
	w := startControlling(t, 2)
	// Nina joins with an invite; Ada sees her in /team, and the config's users too.
	question := w.sayPrivately(ada, "/invite viewer")
	code := inviteLinkRE.FindStringSubmatch(question.Plain)
	if code == nil {
		t.Fatalf("no invite link in %q", question.Plain)
	}
	w.sayPrivately(nina, "/start "+code[1])
	team := w.sayPrivately(ada, "/team")
	mustContain(t, "/team", team.Plain, "Team — 4", "👑 Ada (@ada) — admin, from the config · reachable",
		"👀 Nina (@nina) — viewer, invited · reachable", "👑 Otto (@otto) — admin, from the config")
	mustContain(t, "viewer's /team", w.sayPrivately(vic, "/team").Plain, "Only admins can use /team.")

	mustContain(t, "revoke a config user", w.sayPrivately(ada, "/revoke @vic").Plain, "is in the config file: remove them from telegram.viewers there")
	mustContain(t, "revoke nobody", w.sayPrivately(ada, "/revoke @nobody").Plain, "No user is called “nobody”.")
	mustContain(t, "revoke", w.sayPrivately(ada, "/revoke @nina").Plain, "Nina (@nina) can no longer use this bot.")
	mustContain(t, "Nina after", w.sayPrivately(nina, "/help").Plain, "You are not authorised")

	// A rocket, then the audit log shows it, newest first, with who did what.
	preview := w.sayPrivately(ada, "/rocket rig01 miner=t-rex")
	w.press(ada, preview, confirmData(preview))
	w.waitEdit(ada.ID, preview.ID, "Done")
	audit := w.sayPrivately(otto, "/audit 3")
	mustContain(t, "/audit", audit.Plain, "Audit log — the newest 3", "Ada (@ada) · rocket miner=t-rex rig_ids=[\"10256\"] → done: Hive OS took the new settings for 1 rig",
		"Ada (@ada) · revoke role=viewer user=3003 → ok", "id 3003 · join role=viewer → ok")
	mustContain(t, "bad /audit", w.sayPrivately(ada, "/audit lots").Plain, "Usage: /audit [n], n from 1 to 100")
	if u, err := w.app.store.User(context.Background(), nina.ID); err == nil {
		t.Fatalf("Nina is still a user: %+v", u)
	}
}

func TestTheLastAdminCannotBeRevoked(t *testing.T) {
	tg := startTelegram(t)
	dbPath := filepath.Join(t.TempDir(), "p.db")
	// Ada is the admin from the config; Nina is invited as an admin.
	p := startPitboss(t, tg, dbPath, defaultSetup())
	question := p.sayPrivately(ada, "/invite admin")
	code := inviteLinkRE.FindStringSubmatch(question.Plain)
	p.sayPrivately(nina, "/start "+code[1])
	p.stop()
	// Ada leaves the config: Nina is now the only admin, and cannot revoke herself.
	p = startPitboss(t, tg, dbPath, setup{viewers: []int64{vic.ID}, hooks: appHooks{chatBurst: 1000}})
	mustContain(t, "last admin", p.sayPrivately(nina, "/revoke @nina").Plain, "is the last admin: invite another admin first.")
}
