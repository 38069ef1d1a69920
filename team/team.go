// Package team is the chat's side of who may use pitboss: joining with an invite, seeing who you are to
// the bot, inviting others.
package team

import (
	"context"
	"log/slog"
	"time"

	"pitboss/bot"
	"pitboss/store"
)

// Store is what the team commands need of the database.
type Store interface {
	RedeemInvite(ctx context.Context, code string, telegramID, chatID int64, name, username string) (*store.User, error)
	CreateInvite(ctx context.Context, inv *store.Invite) error
	Audit(ctx context.Context, actorID int64, action string, params any, result string) error
}

// Team registers /start, /whoami, /invite, /team, /revoke and /audit.
type Team struct {
	Store       Store
	Members     Members
	Log         *slog.Logger
	Now         func() time.Time
	InviteTTL   time.Duration // how long an invite link works; 0 means 24 h
	DefaultZone string        // the time zone of users who set none
}

// Register adds the team's commands and buttons to the router.
func (t *Team) Register(rt *bot.Router) {
	if t.Log == nil {
		t.Log = slog.New(slog.DiscardHandler)
	}
	if t.Now == nil {
		t.Now = time.Now
	}
	if t.InviteTTL <= 0 {
		t.InviteTTL = 24 * time.Hour
	}
	rt.Command(bot.Command{Name: "start", Args: "[invite code]", Help: "start, or join with an invite", Role: bot.Anyone, Handle: t.start})
	rt.Command(bot.Command{Name: "whoami", Help: "who you are to this bot", Role: store.RoleViewer, Handle: t.whoami})
	rt.Command(bot.Command{Name: "invite", Args: "[viewer|admin]", Help: "a one-time link that lets someone in", Role: store.RoleAdmin, Handle: t.invite})
	rt.Command(bot.Command{Name: "team", Help: "who uses this bot, and whether alerts reach them", Role: store.RoleAdmin, Handle: t.team})
	rt.Command(bot.Command{Name: "revoke", Args: "<user>", Help: "remove an invited user", Role: store.RoleAdmin, Handle: t.revoke})
	rt.Command(bot.Command{Name: "audit", Args: "[n]", Help: "the newest control actions, who did them and how they ended", Role: store.RoleAdmin, Handle: t.audit})
	rt.Callback(bot.Callback{Name: "invite", Role: store.RoleAdmin, Handle: t.inviteButton})
}
