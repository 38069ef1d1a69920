package team

import (
	"context"
	"fmt"
	"strings"

	"pitboss/bot"
	"pitboss/store"
)

// whoami shows what the bot knows of the user: id, role and where it comes from, report time zone.
func (t *Team) whoami(ctx context.Context, r *bot.Request) error {
	u := r.User
	var sb strings.Builder
	fmt.Fprintf(&sb, "<b>%s</b>", bot.Escape(bot.DisplayName(r.From)))
	if r.From.UserName != "" {
		fmt.Fprintf(&sb, " (@%s)", bot.Escape(r.From.UserName))
	}
	fmt.Fprintf(&sb, "\nTelegram id: <code>%d</code>\nRole: %s", u.TelegramID, bot.RoleName(u.Role))
	if u.Source == store.SourceConfig {
		sb.WriteString(" (from the config file)")
	} else {
		sb.WriteString(" (joined with an invite)")
	}
	zone := u.Timezone
	if zone == "" {
		zone = t.DefaultZone
	}
	if zone != "" {
		fmt.Fprintf(&sb, "\nTime zone: %s", bot.Escape(zone))
	}
	fmt.Fprintf(&sb, "\nSince: %s", u.CreatedAt.UTC().Format("2006-01-02"))
	return r.Reply(ctx, sb.String())
}
