package bot

import "strings"

// parseCommand splits "/name@bot args" into its parts. ok is false when text is not a command. It reads
// the text alone, not the message's entities: their offsets count UTF-16 units, and slicing Go strings
// by them (as tgbotapi's Command does) can panic on text the bot did not write.
func parseCommand(text string) (name, at, args string, ok bool) {
	if !strings.HasPrefix(text, "/") {
		return "", "", "", false
	}
	head, rest, _ := strings.Cut(text[1:], " ")
	if i := strings.IndexAny(head, "\n\t"); i >= 0 {
		rest = head[i+1:] + " " + rest
		head = head[:i]
	}
	name, at, _ = strings.Cut(head, "@")
	if name == "" || len(name) > 32 || strings.IndexFunc(name, notCommandRune) >= 0 {
		return "", "", "", false
	}
	return strings.ToLower(name), at, strings.TrimSpace(rest), true
}

// notCommandRune reports a character Telegram does not allow in a command name.
func notCommandRune(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_')
}
