package telegram_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	simtelegram "pitboss/sim/telegram"
)

// rawCall sends one request without tgbotapi and returns the status and body as they went over the wire.
func rawCall(t *testing.T, method, url, contentType, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("content type %q", ct)
	}
	return resp.StatusCode, string(b)
}

func TestWireFormatMatchesTheBotAPI(t *testing.T) {
	e := start(t, simtelegram.Limits{PerChatBurst: 1})
	e.srv.AddChat(simtelegram.PrivateChat(alice))
	base := e.srv.URL() + "/bot" + testToken

	cases := []struct {
		name, method, path, contentType, body string
		status                                int
		want                                  string
	}{
		{"JSON body", "POST", "/sendMessage", "application/json", `{"chat_id":111,"text":"hi"}`, 200,
			`{"ok":true,"result":{"message_id":1,"from":{"id":7000000001,"is_bot":true,"first_name":"Pitboss",` +
				`"username":"pitboss_test_bot"},"chat":{"id":111,"first_name":"Alice","last_name":"Miner",` +
				`"username":"alice","type":"private"},"date":1795424400,"text":"hi"}}`},
		{"flood control", "POST", "/sendMessage", "application/x-www-form-urlencoded", "chat_id=111&text=again", 429,
			`{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}`},
		{"query string on GET", "GET", "/getMyCommands?scope=%7B%22type%22%3A%22default%22%7D", "", "", 200,
			`{"ok":true,"result":[]}`},
		{"unknown method", "POST", "/sendDragon", "", "", 404, `{"ok":false,"error_code":404,"description":"Not Found"}`},
		{"no method", "GET", "", "", "", 404, `{"ok":false,"error_code":404,"description":"Not Found"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, body := rawCall(t, c.method, base+c.path, c.contentType, c.body)
			if status != c.status || body != c.want {
				t.Fatalf("got %d %s\nwant %d %s", status, body, c.status, c.want)
			}
		})
	}

	status, body := rawCall(t, "POST", e.srv.URL()+"/bot123:other/getMe", "", "")
	if status != 401 || body != `{"ok":false,"error_code":401,"description":"Unauthorized"}` {
		t.Fatalf("wrong token: %d %s", status, body)
	}
}
