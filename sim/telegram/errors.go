package telegram

import (
	"fmt"
	"net/http"
)

// apiError is an answer with "ok":false, as the Bot API shapes it: the HTTP status equals error_code.
type apiError struct {
	code       int
	desc       string
	retryAfter int
}

func badRequest(msg string) *apiError {
	return &apiError{code: http.StatusBadRequest, desc: "Bad Request: " + msg}
}

// The descriptions the real Bot API gives, verbatim, so a bot that logs or classifies them sees the real thing.
const (
	descNotModified = "message is not modified: specified new message content and reply markup are exactly the " +
		"same as a current content and reply markup of the message"
	descQueryInvalid = "query is too old and response timeout expired or query ID is invalid"
	descConflict     = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
)

var (
	errUnauthorized   = &apiError{code: http.StatusUnauthorized, desc: "Unauthorized"}
	errNotFound       = &apiError{code: http.StatusNotFound, desc: "Not Found"}
	errConflict       = &apiError{code: http.StatusConflict, desc: descConflict}
	errBlocked        = &apiError{code: http.StatusForbidden, desc: "Forbidden: bot was blocked by the user"}
	errChatNotFound   = badRequest("chat not found")
	errChatIDEmpty    = badRequest("chat_id is empty")
	errTextEmpty      = badRequest("message text is empty")
	errTooLong        = badRequest("message is too long")
	errCaptionTooLong = badRequest("message caption is too long")
	errNotModified    = badRequest(descNotModified)
	errEditNotFound   = badRequest("message to edit not found")
	errDeleteNotFound = badRequest("message to delete not found")
	errCantEdit       = badRequest("message can't be edited")
	errCantDelete     = badRequest("message can't be deleted")
	errNoTextToEdit   = badRequest("there is no text in the message to edit")
	errNoMessageID    = badRequest("message identifier is not specified")
	errReplyNotFound  = badRequest("message to be replied not found")
	errQueryInvalid   = badRequest(descQueryInvalid)
	errButtonData     = badRequest("BUTTON_DATA_INVALID")
	errButtonURL      = badRequest("BUTTON_URL_INVALID")
	errNotUTF8        = badRequest("strings must be encoded in UTF-8")
	errBadAction      = badRequest("wrong parameter action in request")
	errNoPhoto        = badRequest("there is no photo in the request")
	errWrongFileID    = badRequest("wrong file identifier/HTTP URL specified")
	errURLContent     = badRequest("failed to get HTTP URL content")
	errImageProcess   = badRequest("IMAGE_PROCESS_FAILED")
	errPhotoDims      = badRequest("PHOTO_INVALID_DIMENSIONS")
	errParseMode      = badRequest("unsupported parse_mode")
	errCommandInvalid = badRequest("BOT_COMMAND_INVALID")
	errTooManyCmds    = badRequest("BOT_COMMANDS_TOO_MUCH")
	errCmdDescEmpty   = badRequest("command description must be non-empty")
	errCmdDescInvalid = badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
)

// tooManyRequests is the flood-control answer; retry_after is whole seconds, at least 1.
func tooManyRequests(retryAfter int) *apiError {
	if retryAfter < 1 {
		retryAfter = 1
	}
	return &apiError{code: http.StatusTooManyRequests, desc: fmt.Sprintf("Too Many Requests: retry after %d", retryAfter),
		retryAfter: retryAfter}
}
