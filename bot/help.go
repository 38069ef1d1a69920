package bot

import (
	"context"
	"fmt"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"pitboss/store"
)

// help lists exactly the commands the user's role may use: the same list as their command menu.
func (b *Bot) help(ctx context.Context, r *Request) error {
	var sb strings.Builder
	fmt.Fprintf(&sb, "<b>pitboss</b> — you are %s.\n\n", Article(r.Role))
	for _, c := range b.router.CommandsFor(r.Role) {
		sb.WriteString("/" + c.Name)
		if c.Args != "" {
			sb.WriteString(" " + Escape(c.Args))
		}
		sb.WriteString(" — " + Escape(c.Help) + "\n")
	}
	return r.Reply(ctx, sb.String())
}

// menuFor is the command menu Telegram shows to role.
func (b *Bot) menuFor(role store.Role) []tgbotapi.BotCommand {
	var cmds []tgbotapi.BotCommand
	for _, c := range b.router.CommandsFor(role) {
		cmds = append(cmds, tgbotapi.BotCommand{Command: c.Name, Description: c.Help})
	}
	return cmds
}

// setMenus sets the default menu (what strangers see) and each known user's menu by role.
func (b *Bot) setMenus(ctx context.Context) {
	cfg := tgbotapi.NewSetMyCommands(b.menuFor(Anyone)...)
	if err := b.tg.request(ctx, cfg); err != nil {
		b.log.Warn("setting the default command menu failed", "error", err)
	}
	users, err := b.store.Users(ctx)
	if err != nil {
		b.log.Warn("listing users for their menus failed", "error", err)
		return
	}
	for _, u := range users {
		if u.ChatID != 0 {
			b.setMenu(ctx, u.ChatID, u.Role)
		}
	}
}

// setMenu sets the menu of one private chat to its user's role.
func (b *Bot) setMenu(ctx context.Context, chatID int64, role store.Role) {
	cfg := tgbotapi.NewSetMyCommandsWithScope(tgbotapi.NewBotCommandScopeChat(chatID), b.menuFor(role)...)
	if err := b.tg.request(ctx, cfg); err != nil {
		b.log.Warn("setting a chat's command menu failed", "chat", chatID, "error", err)
	}
}

// ResetMenus sets every user's menu again, after their roles changed, and the default (a stranger's)
// menu in the chats of users who are gone.
func (b *Bot) ResetMenus(ctx context.Context, gone []int64) {
	b.setMenus(ctx)
	for _, chat := range gone {
		b.setMenu(ctx, chat, Anyone)
	}
}
