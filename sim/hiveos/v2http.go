package hiveos

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// reply is what a v2 handler answers: a status and a body to marshal (nil for none).
type reply struct {
	status int
	body   any
}

func ok(body any) reply { return reply{http.StatusOK, body} }

// apiError is the v2 error body (reference B.4): message, and a code or field errors.
type apiError struct {
	Message string              `json:"message"`
	Code    int                 `json:"code,omitempty"`
	Errors  map[string][]string `json:"errors,omitempty"`
}

func fail(status int, message string, code int) reply {
	return reply{status, apiError{Message: message, Code: code}}
}

// invalid is the 422 of a request that failed validation, with one message per field.
func invalid(fields map[string][]string) reply {
	return reply{http.StatusUnprocessableEntity, apiError{Message: "The given data was invalid.", Errors: fields}}
}

func invalidField(field, message string) reply {
	return invalid(map[string][]string{field: {message}})
}

var (
	unauthenticated = fail(http.StatusUnauthorized, "Unauthenticated.", http.StatusUnauthorized)
	farmNotFound    = fail(http.StatusNotFound, "Farm not found", http.StatusNotFound)
	workerNotFound  = fail(http.StatusNotFound, "Worker not found", http.StatusNotFound)
	notFound        = fail(http.StatusNotFound, "Not found", http.StatusNotFound)
)

func (rp reply) write(w http.ResponseWriter) {
	if rp.body == nil {
		w.WriteHeader(rp.status)
		return
	}
	// Like PHP's json_encode, leave <, > and & as they are: names with them must reach clients raw.
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if enc.Encode(rp.body) != nil {
		rp.status = http.StatusInternalServerError
		b.Reset()
		b.WriteString(`{"message":"Server Error"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(rp.status)
	_, _ = w.Write(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

// routes maps each endpoint to its handler. Every endpoint but the login needs a valid token.
func (s *SimV2) routes() http.Handler {
	mux := http.NewServeMux()
	open := func(pattern string, h func(*http.Request) reply) {
		method, path, _ := strings.Cut(pattern, " ")
		mux.HandleFunc(method+" "+PathV2+path, func(w http.ResponseWriter, r *http.Request) { h(r).write(w) })
	}
	authed := func(pattern string, h func(*http.Request) reply) {
		open(pattern, func(r *http.Request) reply {
			if !s.authorized(r) {
				return unauthenticated
			}
			s.settle(s.opts.Now())
			return h(r)
		})
	}
	open("POST /auth/login", s.login)
	authed("POST /auth/refresh", s.refresh)
	authed("POST /auth/logout", s.logout)
	authed("GET /auth/check", func(*http.Request) reply { return reply{status: http.StatusNoContent} })
	authed("GET /farms", s.listFarms)
	authed("GET /farms/{farmId}", s.withFarm(s.getFarm))
	authed("GET /farms/{farmId}/workers", s.withFarm(s.listWorkers))
	authed("GET /farms/{farmId}/workers/gpus", s.withFarm(s.listGPUs))
	authed("GET /farms/{farmId}/workers/{workerId}", s.withWorker(s.getWorker))
	authed("GET /farms/{farmId}/workers/{workerId}/messages", s.withWorker(s.listMessages))
	authed("GET /farms/{farmId}/wallets", s.withFarm(s.listWallets))
	authed("GET /farms/{farmId}/metrics", s.withFarm(s.farmMetrics))
	authed("GET /farms/{farmId}/fs", s.withFarm(s.listFarmSheets))
	authed("GET /farms/{farmId}/fs/{fsId}", s.withFarm(s.getFarmSheet))
	authed("GET /fs", s.listOwnerSheets)
	authed("PATCH /farms/{farmId}/workers/{workerId}", s.withWorker(s.editWorker))
	authed("PATCH /farms/{farmId}/workers", s.withFarm(s.editWorkers))
	authed("PATCH /farms/{farmId}/workers/multi", s.withFarm(s.editWorkersEach))
	authed("POST /farms/{farmId}/workers/{workerId}/command", s.withWorker(s.commandWorker))
	authed("POST /farms/{farmId}/workers/command", s.withFarm(s.commandWorkers))
	mux.HandleFunc(PathV2+"/", func(w http.ResponseWriter, r *http.Request) { notFound.write(w) })
	return mux
}

// withFarm resolves {farmId}: an unknown farm is a 404.
func (s *SimV2) withFarm(h func(*http.Request, *v2farm) reply) func(*http.Request) reply {
	return func(r *http.Request) reply {
		id, err := strconv.ParseInt(r.PathValue("farmId"), 10, 64)
		f := s.farmBy[id]
		if err != nil || f == nil {
			return farmNotFound
		}
		return h(r, f)
	}
}

// withWorker resolves {farmId} and {workerId}: a worker that is not the farm's is a 404.
func (s *SimV2) withWorker(h func(*http.Request, *v2farm, string) reply) func(*http.Request) reply {
	return s.withFarm(func(r *http.Request, f *v2farm) reply {
		wid, err := strconv.ParseInt(r.PathValue("workerId"), 10, 64)
		if err != nil {
			return workerNotFound
		}
		rigID, ok := f.rigID(wid)
		if !ok {
			return workerNotFound
		}
		return h(r, f, rigID)
	})
}

// authorized accepts the personal token or a live login token, as a Bearer header or ?token=.
func (s *SimV2) authorized(r *http.Request) bool {
	tok := requestToken(r)
	if tok == "" {
		return false
	}
	if s.opts.Token != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(s.opts.Token)) == 1 {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.tokens[tok]
	return ok && s.opts.Now().Before(exp)
}

func requestToken(r *http.Request) string {
	scheme, tok, found := strings.Cut(r.Header.Get("Authorization"), " ")
	if found && strings.EqualFold(scheme, "Bearer") {
		return strings.TrimSpace(tok)
	}
	return r.URL.Query().Get("token")
}

// rateLimited answers 429 with Retry-After once the requests outrun RateLimit, as a token bucket on the
// simulator's clock: with a stopped test clock the bucket refills only when the test moves the clock.
func (s *SimV2) rateLimited(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if wait, ok := s.take(s.opts.Now()); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(wait))
			fail(http.StatusTooManyRequests, "Too Many Attempts.", http.StatusTooManyRequests).write(w)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// take spends one request from the bucket, or says how many whole seconds until one is there.
func (s *SimV2) take(now time.Time) (retryAfter int, ok bool) {
	if s.limiter == nil || s.limiter.AllowN(now, 1) {
		return 0, true
	}
	return max(1, int(math.Ceil((1-s.limiter.TokensAt(now))/s.opts.RateLimit))), false
}
