package fleet

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"pitboss/apiclients/hiveos2"
	"pitboss/bot"
	"pitboss/monitor"
)

func detail() (*monitor.HiveOS2Detail, map[string]string) {
	d := &monitor.HiveOS2Detail{Farms: []monitor.Farmed{
		{Farm: hiveos2.Farm{ID: 11, Name: "Main"}, Workers: []hiveos2.Worker{{ID: 1, Name: "rig01"}, {ID: 3, Name: "rig03"}}},
		{Farm: hiveos2.Farm{ID: 12, Name: "Barn <2>"}, Workers: []hiveos2.Worker{{ID: 7, Name: "rig01"}, {ID: 8, Name: "garage"}}},
	}}
	return d, map[string]string{"1": "Main / rig01", "3": "rig03", "7": "Barn <2> / rig01", "8": "garage"}
}

func TestResolveWorkersReadsNamesIDsFarmsAndAll(t *testing.T) {
	d, names := detail()
	cases := []struct {
		args []string
		want string // worker ids, or the start of the user's error
	}{
		{[]string{"rig03"}, "3"},
		{[]string{"3,8"}, "3 8"},
		{[]string{"rig03", "garage"}, "3 8"},
		{[]string{"main/rig01,barn/rig01"}, "1 7"},
		{[]string{"ALL"}, "1 3 7 8"},
		{[]string{"rig03,all"}, "3 1 7 8"},
		{[]string{"gar"}, "8"},
		{[]string{"rig01"}, "“rig01” could be Main/rig01, Barn &lt;2&gt;/rig01: say which."},
		{[]string{"rig"}, "“rig” could be"},
		{[]string{"rig09"}, "There is no worker “rig09”."},
		{[]string{","}, "Say which workers"},
	}
	for _, c := range cases {
		ws, err := resolveWorkers(d, names, c.args)
		var got []string
		for _, w := range ws {
			got = append(got, itoa(w.WorkerID))
		}
		if err != nil {
			var ue *bot.UserError
			if !errors.As(err, &ue) {
				t.Errorf("%q: %v is not for the user", c.args, err)
			}
			got = []string{err.Error()}
		}
		if s := strings.Join(got, " "); !strings.HasPrefix(s, c.want) {
			t.Errorf("%q: %s, want %s", c.args, s, c.want)
		}
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestPickSheetByIDNameOrUniqueStart(t *testing.T) {
	sheets := []hiveos2.FlightSheet{{ID: 10, Name: `Owner's "backup"`}, {ID: 101, Name: "ETH <Ethermine> & claymore"},
		{ID: 102, Name: "ETH <Nanopool> & claymore"}}
	for arg, want := range map[string]string{
		"10":                        "10",
		"eth <nanopool> & claymore": "102",
		"owner":                     "10",
		"ETH <E":                    "101",
		"ETH":                       "could be the flight sheet “ETH &lt;Ethermine&gt; &amp; claymore”, “ETH &lt;Nanopool&gt; &amp; claymore”",
		"BTC":                       "Farm Main has no flight sheet “BTC”. Its sheets: ",
	} {
		s, err := pickSheet(sheets, arg, "Main")
		got := itoa(s.ID)
		if err != nil {
			got = err.Error()
		}
		if !strings.Contains(got, want) {
			t.Errorf("%q: %s, want %s", arg, got, want)
		}
	}
	if _, err := pickSheet(nil, "x", "Barn"); err == nil || !strings.Contains(err.Error(), "Farm Barn has no flight sheets.") {
		t.Errorf("no sheets: %v", err)
	}
}

func TestResultTextReadsWhatRigsReport(t *testing.T) {
	for raw, want := range map[string]string{
		`"done"`:           "done",
		`{"exitcode":0}`:   "exit code 0",
		`{"exitcode":137}`: "exit code 137",
		`{"other":1}`:      `{"other":1}`,
		`null`:             "",
		`{}`:               "",
	} {
		if got := resultText(json.RawMessage(raw)); got != want {
			t.Errorf("%s: %q, want %q", raw, got, want)
		}
	}
}
