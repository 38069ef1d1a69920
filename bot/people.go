package bot

import (
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"pitboss/store"
)

// RoleName is a role as a word: "admin", "viewer", or "a stranger" for Anyone.
func RoleName(r store.Role) string {
	if r == Anyone {
		return "a stranger"
	}
	return string(r)
}

// Article is a role with its article: "an admin", "a viewer".
func Article(r store.Role) string {
	if r == store.RoleAdmin {
		return "an admin"
	}
	return "a " + RoleName(r)
}

// DisplayName is how pitboss names a Telegram user: first and last name, else the @username.
func DisplayName(u *tgbotapi.User) string {
	name := u.FirstName
	if u.LastName != "" {
		name += " " + u.LastName
	}
	if name == "" {
		name = u.UserName
	}
	return name
}
