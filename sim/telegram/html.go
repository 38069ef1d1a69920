package telegram

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// entity is a formatting span of a message, in UTF-16 code units as the Bot API counts them.
type entity struct {
	Type          string `json:"type"`
	Offset        int    `json:"offset"`
	Length        int    `json:"length"`
	URL           string `json:"url,omitempty"`
	Language      string `json:"language,omitempty"`
	CustomEmojiID string `json:"custom_emoji_id,omitempty"`

	// codeLang is the language of a <code class="language-x">: the Bot API shows it only when the code is the
	// whole of a <pre>, which then becomes a pre entity with that language.
	codeLang string
}

// htmlError is why a text was refused; its message follows "can't parse entities: " in the description.
type htmlError struct{ msg string }

func (e *htmlError) Error() string { return "can't parse entities: " + e.msg }

func htmlErrorf(format string, args ...any) *htmlError {
	return &htmlError{msg: fmt.Sprintf(format, args...)}
}

// htmlTags maps each tag Telegram accepts to the entity it makes.
var htmlTags = map[string]string{
	"b": "bold", "strong": "bold",
	"i": "italic", "em": "italic",
	"u": "underline", "ins": "underline",
	"s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
	"span": "spoiler", "tg-spoiler": "spoiler",
	"a":          "text_link",
	"code":       "code",
	"pre":        "pre",
	"blockquote": "blockquote",
	"tg-emoji":   "custom_emoji",
}

type openTag struct {
	name       string
	arg        string
	offset     int // UTF-16 offset in the plain text where the tag opened
	expandable bool
}

// parseHTML does what the Bot API does with parse_mode=HTML: it returns the visible text and its entities, or the
// error Telegram gives. It follows tdlib's parser (the same error texts and byte offsets) with one deliberate
// difference: a "&" that does not start a known entity is refused here, where Telegram keeps it as text, so that a
// bot which forgets to escape "&" fails in tests rather than silently mangling "&lt;"-like values in production.
func parseHTML(text string) (string, []entity, error) {
	var out strings.Builder
	out.Grow(len(text))
	utf16Off := 0
	var stack []openTag
	var ents []entity
	at := func(i int) byte {
		if i < len(text) {
			return text[i]
		}
		return 0
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c == '&' {
			r, n, ok := decodeHTMLEntity(text[i:])
			if !ok {
				return "", nil, htmlErrorf("Unescaped \"&\" at byte offset %d; write it as \"&amp;\"", i)
			}
			out.WriteRune(r)
			utf16Off += utf16RuneLen(r)
			i += n
			continue
		}
		if c != '<' {
			r, size := utf8.DecodeRuneInString(text[i:])
			out.WriteString(text[i : i+size])
			utf16Off += utf16RuneLen(r)
			i += size
			continue
		}

		begin := i
		i++
		if at(i) != '/' {
			for i < len(text) && !isHTMLSpace(text[i]) && text[i] != '>' {
				i++
			}
			if i == len(text) {
				return "", nil, htmlErrorf("Unclosed start tag at byte offset %d", begin)
			}
			name := strings.ToLower(text[begin+1 : i])
			if _, ok := htmlTags[name]; !ok {
				return "", nil, htmlErrorf("Unsupported start tag \"%s\" at byte offset %d", name, begin)
			}
			tag := openTag{name: name, offset: utf16Off}
			for at(i) != '>' {
				for i < len(text) && isHTMLSpace(text[i]) {
					i++
				}
				if at(i) == '>' {
					break
				}
				attrBegin := i
				for i < len(text) && !isHTMLSpace(text[i]) && text[i] != '=' && text[i] != '>' {
					i++
				}
				attr := text[attrBegin:i]
				if attr == "" {
					return "", nil, htmlErrorf("Empty attribute name in the tag \"%s\" at byte offset %d", name, begin)
				}
				for i < len(text) && isHTMLSpace(text[i]) {
					i++
				}
				if at(i) != '=' {
					if name == "blockquote" && attr == "expandable" {
						tag.expandable = true
						continue
					}
					return "", nil, htmlErrorf("Expected equal sign in declaration of an attribute of the tag \"%s\" at byte offset %d", name, begin)
				}
				i++
				for i < len(text) && isHTMLSpace(text[i]) {
					i++
				}
				if i >= len(text) {
					return "", nil, htmlErrorf("Unclosed start tag at byte offset %d", begin)
				}
				var value string
				if q := text[i]; q != '\'' && q != '"' {
					// An unquoted value is a name token: letters, digits, periods and hyphens, case-insensitive.
					tokenBegin := i
					for i < len(text) && (isASCIIAlnum(text[i]) || text[i] == '.' || text[i] == '-') {
						i++
					}
					value = strings.ToLower(text[tokenBegin:i])
					if i < len(text) && !isHTMLSpace(text[i]) && text[i] != '>' {
						return "", nil, htmlErrorf("Unexpected end of name token at byte offset %d", tokenBegin)
					}
				} else {
					i++
					var v strings.Builder
					for i < len(text) && text[i] != q {
						if text[i] == '&' {
							if r, n, ok := decodeHTMLEntity(text[i:]); ok {
								v.WriteRune(r)
								i += n
								continue
							}
						}
						v.WriteByte(text[i])
						i++
					}
					if i < len(text) {
						i++ // the closing quote
					}
					value = v.String()
				}
				if i >= len(text) {
					return "", nil, htmlErrorf("Unclosed start tag at byte offset %d", begin)
				}
				switch {
				case name == "a" && attr == "href":
					tag.arg = value
				case name == "code" && attr == "class" && strings.HasPrefix(value, "language-"):
					tag.arg = value[len("language-"):]
				case name == "span" && attr == "class" && strings.HasPrefix(value, "tg-"):
					tag.arg = value[len("tg-"):]
				case name == "tg-emoji" && attr == "emoji-id":
					tag.arg = value
				}
			}
			if name == "span" && tag.arg != "spoiler" {
				return "", nil, htmlErrorf("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", begin)
			}
			if name == "tg-emoji" && tag.arg == "" {
				return "", nil, htmlErrorf("Tag \"tg-emoji\" must have attribute \"emoji-id\" at byte offset %d", begin)
			}
			stack = append(stack, tag)
			i++ // '>'
			continue
		}

		// An end tag.
		if len(stack) == 0 {
			return "", nil, htmlErrorf("Unexpected end tag at byte offset %d", begin)
		}
		i++ // '/'
		for i < len(text) && !isHTMLSpace(text[i]) && text[i] != '>' {
			i++
		}
		endName := strings.ToLower(text[begin+2 : i])
		for i < len(text) && isHTMLSpace(text[i]) {
			i++
		}
		if at(i) != '>' {
			return "", nil, htmlErrorf("Unclosed end tag at byte offset %d", begin)
		}
		top := stack[len(stack)-1]
		if endName != "" && endName != top.name {
			return "", nil, htmlErrorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", begin, top.name, endName)
		}
		stack = stack[:len(stack)-1]
		i++ // '>'
		if length := utf16Off - top.offset; length > 0 {
			ents = closeEntity(ents, top, length, out.String())
		}
	}
	if len(stack) > 0 {
		return "", nil, htmlErrorf("Can't find end tag corresponding to start tag \"%s\"", stack[len(stack)-1].name)
	}
	sort.SliceStable(ents, func(a, b int) bool {
		if ents[a].Offset != ents[b].Offset {
			return ents[a].Offset < ents[b].Offset
		}
		return ents[a].Length > ents[b].Length
	})
	return out.String(), ents, nil
}

// closeEntity appends the entity a closed tag makes. plain is the text so far, for a link without href.
func closeEntity(ents []entity, tag openTag, length int, plain string) []entity {
	e := entity{Type: htmlTags[tag.name], Offset: tag.offset, Length: length}
	switch tag.name {
	case "a":
		e.URL = tag.arg
		if e.URL == "" {
			// Telegram links the text itself when href is missing.
			e.URL = utf16Tail(plain, length)
		}
	case "code":
		e.codeLang = tag.arg
	case "pre":
		if n := len(ents); n > 0 {
			last := ents[n-1]
			if last.Type == "code" && last.Offset == e.Offset && last.Length == e.Length && last.codeLang != "" {
				ents[n-1] = entity{Type: "pre", Offset: e.Offset, Length: e.Length, Language: last.codeLang}
				return ents
			}
		}
	case "blockquote":
		if tag.expandable {
			e.Type = "expandable_blockquote"
		}
	case "tg-emoji":
		e.CustomEmojiID = tag.arg
	}
	return append(ents, e)
}

// decodeHTMLEntity decodes the entity at the start of s (which begins with '&'): &lt; &gt; &amp; &quot; and
// numeric ones (&#NNN; &#xHHH;). As in tdlib the closing ';' is optional. ok is false for anything else.
func decodeHTMLEntity(s string) (r rune, n int, ok bool) {
	at := func(i int) byte {
		if i < len(s) {
			return s[i]
		}
		return 0
	}
	end := 1
	if at(1) == '#' {
		end = 2
		base := uint64(10)
		if at(2) == 'x' {
			base, end = 16, 3
		}
		var v uint64
		for end < len(s) {
			d, isDigit := digitValue(s[end], base)
			if !isDigit {
				break
			}
			if v < 0x110000 {
				v = v*base + d
			}
			end++
		}
		// tdlib refuses zero, anything from U+10FFFF up, and references of ten or more characters.
		if v == 0 || v >= 0x10ffff || end >= 10 || (v >= 0xd800 && v <= 0xdfff) {
			return 0, 0, false
		}
		r = rune(v)
	} else {
		for end < len(s) && isASCIIAlpha(s[end]) {
			end++
		}
		switch s[1:end] {
		case "lt":
			r = '<'
		case "gt":
			r = '>'
		case "amp":
			r = '&'
		case "quot":
			r = '"'
		default:
			return 0, 0, false
		}
	}
	if at(end) == ';' {
		end++
	}
	return r, end, true
}

func digitValue(c byte, base uint64) (uint64, bool) {
	switch {
	case c >= '0' && c <= '9':
		return uint64(c - '0'), true
	case base == 16 && c >= 'a' && c <= 'f':
		return uint64(c-'a') + 10, true
	case base == 16 && c >= 'A' && c <= 'F':
		return uint64(c-'A') + 10, true
	}
	return 0, false
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func isASCIIAlpha(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

func isASCIIAlnum(c byte) bool { return isASCIIAlpha(c) || (c >= '0' && c <= '9') }

// utf16RuneLen is how many UTF-16 code units r takes (an invalid byte counts as one, as U+FFFD).
func utf16RuneLen(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// utf16Len is the length of s as Telegram measures text: in UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16RuneLen(r)
	}
	return n
}

// utf16Tail returns the last units UTF-16 code units of s.
func utf16Tail(s string, units int) string {
	i := len(s)
	for units > 0 && i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
		units -= utf16RuneLen(r)
	}
	return s[i:]
}
