// Package secret holds credentials (API keys, the bot token) in a type that is not printed, logged or
// marshalled by mistake: fmt, log/slog, encoding/json and text encoders all give [REDACTED]. The one way
// to the value is Reveal, which only the code that puts it on the wire calls.
//
// It imports nothing of pitboss's, so the config, the clients and the main package can all share it.
package secret

import (
	"fmt"
	"io"
	"log/slog"
)

// Redacted is what a String shows instead of its value.
const Redacted = "[REDACTED]"

// String is a secret: a key, a token, a password. Its zero value is "no secret" (compare with "").
//
// Printing it with any fmt verb, logging it with log/slog, or marshalling it as text or JSON gives
// [REDACTED]. Some holes come with its being a string, so avoid them: fmt prints a String held in an
// unexported struct field raw (it cannot call methods there), encoding/json writes a map key of a string
// type as it is, and github.com/pelletier/go-toml/v2 ignores MarshalText on string types. pitboss never
// marshals its configuration to TOML.
type String string

// Reveal returns the secret itself. Call it only where the value must leave as it is: a signature, a
// header, a form field.
func (s String) Reveal() string { return string(s) }

// String gives [REDACTED], for %v, %s and every Stringer-aware printer.
func (s String) String() string { return Redacted }

// GoString gives [REDACTED], for %#v.
func (s String) GoString() string { return Redacted }

// Format gives [REDACTED] for every verb and flag, so that %q, %x or %d cannot print the bytes either.
func (s String) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, Redacted) }

// LogValue gives [REDACTED] to log/slog, whatever the handler.
func (s String) LogValue() slog.Value { return slog.StringValue(Redacted) }

// MarshalText gives [REDACTED] to the encoders that ask for text, such as encoding/xml.
func (s String) MarshalText() ([]byte, error) { return []byte(Redacted), nil }

// MarshalJSON gives "[REDACTED]".
func (s String) MarshalJSON() ([]byte, error) { return []byte(`"` + Redacted + `"`), nil }
