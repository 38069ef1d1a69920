package bot

import (
	"errors"
	"fmt"
)

// UserError is a failure the user can act on; its message is shown in the chat as it is.
type UserError struct{ Msg string }

func (e *UserError) Error() string { return e.Msg }

// UserErrorf makes a UserError. The text is HTML: escape every value that comes from outside.
func UserErrorf(format string, args ...any) error {
	return &UserError{Msg: fmt.Sprintf(format, args...)}
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
