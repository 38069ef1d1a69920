package bot

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
)

// UserError is a failure the user can act on; its message is shown in the chat as it is.
type UserError struct{ Msg string }

func (e *UserError) Error() string { return e.Msg }

// UserErrorf makes a UserError. The text is HTML: escape every value that comes from outside.
func UserErrorf(format string, args ...any) error {
	return &UserError{Msg: fmt.Sprintf(format, args...)}
}

// ServiceError is what a command shows when a call it made to service ("Hive OS") failed: explain's text
// for err, or, when it has none, that the service answered with an error. The error itself goes to log,
// with attrs.
func ServiceError(log *slog.Logger, service string, explain func(error) string, err error, attrs ...any) error {
	log.Warn(strings.ToLower(service)+" call failed", append(attrs, "error", err)...)
	if text := explain(err); text != "" {
		return &UserError{Msg: text}
	}
	return UserErrorf("%s answered with an error (the details are in the log).", service)
}

// internalErrorText is all a user sees of a failure that is not theirs to fix.
const internalErrorText = "Internal error — it has been logged. Please try again in a moment."

// chatText is what the chat shows for err.
func chatText(err error) string {
	var ue *UserError
	if errors.As(err, &ue) {
		return ue.Msg
	}
	return internalErrorText
}
