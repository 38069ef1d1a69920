package monitor

import (
	"slices"
	"testing"
)

func TestRigsMatchByIDNameFarmAndStart(t *testing.T) {
	rs := Rigs{
		Names: map[string]string{"1": "Main / rig01", "2": "Barn <2> / rig01", "3": "rig03", "4": "garage-a", "5": "garage-b"},
		Farms: map[string]string{"1": "Main", "2": "Barn <2>", "3": "Main", "4": "Barn <2>", "5": "Barn <2>"},
	}
	rs.IDs = []string{"2", "4", "5", "1", "3"}
	cases := []struct {
		arg  string
		want []string
	}{
		{"3", []string{"3"}},
		{"RIG03", []string{"3"}},
		{"Main / rig01", []string{"1"}},
		{"main/rig01", []string{"1"}},
		{"barn/RIG01", []string{"2"}},
		{"rig01", []string{"2", "1"}},           // two farms share the name: a choice
		{"garage", []string{"4", "5"}},          // the start of two names
		{"rig0", []string{"2", "1", "3"}},       // the start of bare names too, where farms are shown
		{"garage-b", []string{"5"}},             // a whole name
		{"main/rig03", []string{"3"}},           // qualified though unambiguous
		{"barn/rig03", nil},                     // rig03 is not the Barn's
		{"rig9", nil},                           // nothing fits
		{"Main / rig01 / x", nil},               // not a farm and a rig
		{"   rig03 ", []string{"3"}},            // spaces around
		{"barn <2> / rig01", []string{"2"}},     // the farm's whole name
		{"m/rig01", []string{"1"}},              // the start of the farm's name
		{"", []string{"2", "4", "5", "1", "3"}}, // the start of every name: the caller asks which
	}
	for _, c := range cases {
		if got := rs.Match(c.arg); !slices.Equal(got, c.want) {
			t.Errorf("Match(%q) = %v, want %v", c.arg, got, c.want)
		}
	}
	if got := rs.Closest("rig02", 5); !slices.Equal(got, []string{"Barn <2> / rig01", "Main / rig01", "rig03"}) {
		t.Errorf("Closest(rig02) = %v", got)
	}
}

func TestRigsOfOrdersByNameAndKnowsFarms(t *testing.T) {
	l := Latest{Names: map[string]string{"b": "rig02", "a": "rig01", "c": ""}, Observation: &Observation{
		Farms: map[string]string{"a": "11", "b": "12"}, FarmNames: map[string]string{"11": "Main", "12": "Barn"}}}
	rs := RigsOf(l)
	if !slices.Equal(rs.IDs, []string{"c", "a", "b"}) || rs.Farms["b"] != "Barn" || rs.Name("c") != "c" {
		t.Fatalf("RigsOf: %+v", rs)
	}
}
