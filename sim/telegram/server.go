// Package telegram is a fake Telegram Bot API server for tests and the demo: the real tgbotapi client talks to it
// over loopback HTTP exactly as it would to api.telegram.org. Tests act as users (SendText, PressButton,
// BlockBot, ...) and observe what the bot did (Messages, WaitMessage, WaitAnswer, Calls, ...). The server enforces
// Telegram's rules with Telegram's error codes and descriptions: HTML markup, text and caption lengths, inline
// keyboards, "message is not modified", flood control (429 with retry_after), blocked users and unknown chats.
package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"pitboss/sim/simhttp"
)

// Defaults for Options.
const (
	DefaultBotID       int64 = 7000000001
	DefaultBotUsername       = "pitboss_test_bot"
	DefaultBotName           = "Pitboss"
)

// ErrClosed is returned by the Wait methods once the server is closed.
var ErrClosed = errors.New("telegram sim: server closed")

// Options configure a Server.
type Options struct {
	Token       string // the bot's token; requests with another token get 401
	BotID       int64  // default DefaultBotID
	BotUsername string // default DefaultBotUsername
	BotName     string // the bot's first_name; default DefaultBotName
	Now         func() time.Time
	Limits      Limits // flood control; the zero value means Telegram's limits
}

// Server is the fake Bot API. It is an http.Handler; Start also serves it on a loopback port.
// It is safe for concurrent use.
type Server struct {
	// Faults injects transport failures (slow answers, 502s, dropped connections) in front of the API.
	// A faulted request never reaches the API, so it does not appear in Calls.
	Faults *simhttp.Faults

	token   string
	bot     wireUser
	now     func() time.Time
	handler http.Handler

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every change, to wake the waiters
	done    chan struct{} // closed by Close
	closed  bool
	srv     *simhttp.Server

	users   map[int64]User
	chats   map[int64]*chatState
	blocked map[int64]bool

	updates updateQueue

	queries   map[string]*callbackQuery
	nextQuery int64

	commands map[commandKey][]BotCommand

	files    map[string]*storedFile
	nextFile int

	calls []Call

	subs    map[int]*subscriber
	nextSub int
	dropped int

	limiter *limiter
}

// New returns a server that is not yet listening; use it as an http.Handler, or call Start instead.
func New(opts Options) *Server {
	if opts.BotID == 0 {
		opts.BotID = DefaultBotID
	}
	if opts.BotUsername == "" {
		opts.BotUsername = DefaultBotUsername
	}
	if opts.BotName == "" {
		opts.BotName = DefaultBotName
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{
		Faults:   &simhttp.Faults{},
		token:    opts.Token,
		bot:      wireUser{ID: opts.BotID, IsBot: true, FirstName: opts.BotName, Username: opts.BotUsername},
		now:      opts.Now,
		changed:  make(chan struct{}),
		done:     make(chan struct{}),
		users:    map[int64]User{},
		chats:    map[int64]*chatState{},
		blocked:  map[int64]bool{},
		updates:  newUpdateQueue(),
		queries:  map[string]*callbackQuery{},
		commands: map[commandKey][]BotCommand{},
		files:    map[string]*storedFile{},
		subs:     map[int]*subscriber{},
		limiter:  newLimiter(opts.Limits),
	}
	s.handler = s.Faults.Wrap(http.HandlerFunc(s.serveAPI))
	return s
}

// Start is New plus serving on a loopback port.
func Start(opts Options) (*Server, error) {
	s := New(opts)
	srv, err := simhttp.Serve(s)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.srv = srv
	s.mu.Unlock()
	return s, nil
}

// URL is the base URL (http://127.0.0.1:PORT), empty if the server was not started.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv == nil {
		return ""
	}
	return s.srv.URL
}

// Endpoint is the format string tgbotapi.NewBotAPIWithClient wants: URL()+"/bot%s/%s".
func (s *Server) Endpoint() string { return s.URL() + "/bot%s/%s" }

// Close ends every long poll and every subscription, and stops listening if Start was used.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.done)
	for id, sub := range s.subs {
		close(sub.ch)
		delete(s.subs, id)
	}
	s.notifyLocked()
	srv := s.srv
	s.mu.Unlock()
	if srv != nil {
		return srv.Close()
	}
	return nil
}

// ServeHTTP answers Bot API requests: <base>/bot<token>/<method>.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// apiMethod handles one Bot API method. ctx is the request's context (only getUpdates waits on it).
type apiMethod func(s *Server, ctx context.Context, p *params) (any, *apiError)

// methods maps lower-cased method names to handlers: the Bot API matches method names case-insensitively.
var methods = map[string]struct {
	name string
	fn   apiMethod
}{
	"getme":                  {"getMe", (*Server).getMe},
	"getupdates":             {"getUpdates", (*Server).getUpdates},
	"deletewebhook":          {"deleteWebhook", (*Server).deleteWebhook},
	"getwebhookinfo":         {"getWebhookInfo", (*Server).getWebhookInfo},
	"sendmessage":            {"sendMessage", (*Server).sendMessage},
	"editmessagetext":        {"editMessageText", (*Server).editMessageText},
	"editmessagereplymarkup": {"editMessageReplyMarkup", (*Server).editMessageReplyMarkup},
	"deletemessage":          {"deleteMessage", (*Server).deleteMessage},
	"sendphoto":              {"sendPhoto", (*Server).sendPhoto},
	"sendchataction":         {"sendChatAction", (*Server).sendChatAction},
	"answercallbackquery":    {"answerCallbackQuery", (*Server).answerCallbackQuery},
	"setmycommands":          {"setMyCommands", (*Server).setMyCommands},
	"getmycommands":          {"getMyCommands", (*Server).getMyCommands},
	"deletemycommands":       {"deleteMyCommands", (*Server).deleteMyCommands},
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	at := s.now()
	p, perr := readParams(r)
	rest, isBot := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, hasMethod := strings.Cut(rest, "/")
	name := method
	m, known := methods[strings.ToLower(method)]
	if known {
		name = m.name
	}

	var result any
	var aerr *apiError
	switch {
	case !isBot || !hasMethod:
		aerr = errNotFound
	case token != s.token:
		aerr = errUnauthorized
	case !known:
		aerr = errNotFound
	case perr != nil:
		aerr = badRequest(perr.Error())
	default:
		result, aerr = m.fn(s, r.Context(), p)
	}

	call := Call{Method: name, Params: p.forCall(), Status: http.StatusOK, At: at}
	resp := wireResponse{OK: true, Result: result}
	if aerr != nil {
		call.Status, call.Description = aerr.code, aerr.desc
		resp = wireResponse{ErrorCode: aerr.code, Description: aerr.desc}
		if aerr.retryAfter > 0 {
			resp.Parameters = &wireParameters{RetryAfter: aerr.retryAfter}
		}
	}
	s.mu.Lock()
	s.calls = append(s.calls, call)
	s.notifyLocked()
	s.mu.Unlock()

	body, err := json.Marshal(resp)
	if err != nil {
		// Only our own result types are marshalled; failing here is a bug in this package.
		panic(fmt.Sprintf("telegram sim: marshal %s result: %v", name, err))
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(call.Status)
	_, _ = w.Write(body)
}

// notifyLocked wakes everything waiting for a change. The caller holds s.mu.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitFor blocks until check (run with s.mu held) is true, ctx ends, or the server closes.
func (s *Server) waitFor(ctx context.Context, check func() bool) error {
	s.mu.Lock()
	for {
		if check() {
			s.mu.Unlock()
			return nil
		}
		ch, closed := s.changed, s.closed
		s.mu.Unlock()
		if closed {
			return ErrClosed
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ch:
		}
		s.mu.Lock()
	}
}

// params are a request's parameters, from the query string and a form, multipart or JSON body.
type params struct {
	v     url.Values
	files map[string]upload
}

type upload struct {
	name string
	data []byte
}

func (p *params) get(key string) string { return p.v.Get(key) }

// forCall copies the parameters for a Call, noting each uploaded file by name and size.
func (p *params) forCall() url.Values {
	out := url.Values{}
	if p == nil {
		return out
	}
	for k, vs := range p.v {
		out[k] = append([]string(nil), vs...)
	}
	for field, f := range p.files {
		out.Add(field, fmt.Sprintf("<file %s, %d bytes>", f.name, len(f.data)))
	}
	return out
}

// maxBody bounds what a request may upload; the Bot API's own limit for uploads is 50 MB.
const maxBody = 50 << 20

func readParams(r *http.Request) (*params, error) {
	p := &params{v: url.Values{}, files: map[string]upload{}}
	for k, vs := range r.URL.Query() {
		p.v[k] = append(p.v[k], vs...)
	}
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mediaType {
	case "application/x-www-form-urlencoded":
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
		if err != nil {
			return p, fmt.Errorf("can't read request body")
		}
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return p, fmt.Errorf("can't parse request body")
		}
		for k, vs := range form {
			p.v[k] = append(p.v[k], vs...)
		}
	case "multipart/form-data":
		r.Body = http.MaxBytesReader(nil, r.Body, maxBody)
		if err := r.ParseMultipartForm(maxBody); err != nil {
			return p, fmt.Errorf("can't parse multipart request body")
		}
		defer func() { _ = r.MultipartForm.RemoveAll() }()
		for k, vs := range r.MultipartForm.Value {
			p.v[k] = append(p.v[k], vs...)
		}
		for field, headers := range r.MultipartForm.File {
			if len(headers) == 0 {
				continue
			}
			f, err := headers[0].Open()
			if err != nil {
				return p, fmt.Errorf("can't read uploaded file")
			}
			data, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				return p, fmt.Errorf("can't read uploaded file")
			}
			p.files[field] = upload{name: headers[0].Filename, data: data}
		}
	case "application/json":
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
		if err != nil {
			return p, fmt.Errorf("can't read request body")
		}
		if len(bytes.TrimSpace(body)) == 0 {
			break
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(body, &obj); err != nil {
			return p, fmt.Errorf("can't parse JSON object")
		}
		for k, raw := range obj {
			// Strings travel as themselves; numbers, booleans, objects and arrays as their JSON text, which is
			// what the form encoding of the same request would carry.
			var str string
			if err := json.Unmarshal(raw, &str); err == nil {
				p.v.Set(k, str)
			} else {
				p.v.Set(k, string(raw))
			}
		}
	}
	return p, nil
}
