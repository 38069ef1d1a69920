package monitor

import (
	"slices"
	"strings"
)

// nameSep joins a farm's name and a rig's where the rig's alone is ambiguous: "Main / rig01".
const nameSep = " / "

// TidyName writes a typed "farm / rig" the way rigs are named, whatever the spaces around the slash:
// "Main/rig01" is "Main / rig01". Anything else is only trimmed.
func TidyName(s string) string {
	farm, rig, ok := strings.Cut(s, "/")
	if !ok || strings.Contains(rig, "/") {
		return strings.TrimSpace(s)
	}
	return strings.TrimSpace(farm) + nameSep + strings.TrimSpace(rig)
}

// Rigs is a source's rigs as the chat names them: their ids, in the order to offer them (by name), with
// their names and, where the source has several farms, each rig's farm's name.
type Rigs struct {
	IDs   []string
	Names map[string]string // by id
	Farms map[string]string // by id; nil for a source of one farm
}

// RigsOf lists the rigs of a source's latest state, ordered by name.
func RigsOf(l Latest) Rigs {
	rs := Rigs{Names: l.Names}
	if o := l.Observation; o != nil && len(o.FarmNames) > 0 {
		rs.Farms = make(map[string]string, len(o.Farms))
		for id, farm := range o.Farms {
			rs.Farms[id] = o.FarmNames[farm]
		}
	}
	rs.IDs = make([]string, 0, len(l.Names))
	for id := range l.Names {
		rs.IDs = append(rs.IDs, id)
	}
	slices.SortFunc(rs.IDs, func(a, b string) int { return strings.Compare(rs.Name(a)+"\x00"+a, rs.Name(b)+"\x00"+b) })
	return rs
}

// Name is the rig's name, or its id when it has none.
func (rs Rigs) Name(id string) string {
	if n := rs.Names[id]; n != "" {
		return n
	}
	return id
}

// bare is a rig's own name, without the farm's that an ambiguous name carries.
func (rs Rigs) bare(id string) string {
	name := rs.Name(id)
	if farm := rs.Farms[id]; farm != "" {
		return strings.TrimPrefix(name, farm+nameSep)
	}
	return name
}

// Match finds the rigs arg names: an id or a name in any case (one rig); "farm/rig", the farm by the start
// of its name and the rig by its own name; a rig's own name that rigs of several farms share; or the
// start of a name, or of a rig's own name. Several ids mean the user must choose; none, that nothing fits.
func (rs Rigs) Match(arg string) []string {
	arg = TidyName(arg)
	farm, rig, qualified := strings.Cut(arg, nameSep)
	var exact, bare, qualifiedMatches, prefixed []string
	low := strings.ToLower(arg)
	for _, id := range rs.IDs {
		name := rs.Name(id)
		switch {
		case id == arg || strings.EqualFold(name, arg):
			exact = append(exact, id)
		case qualified && strings.HasPrefix(strings.ToLower(rs.Farms[id]), strings.ToLower(farm)) && strings.EqualFold(rs.bare(id), rig):
			qualifiedMatches = append(qualifiedMatches, id)
		case !qualified && strings.EqualFold(rs.bare(id), arg):
			bare = append(bare, id)
		case strings.HasPrefix(strings.ToLower(name), low) || !qualified && strings.HasPrefix(strings.ToLower(rs.bare(id)), low):
			// The start of its name, or of its bare name where it is shown as "farm / rig".
			prefixed = append(prefixed, id)
		}
	}
	for _, found := range [][]string{exact, qualifiedMatches, bare} {
		if len(found) > 0 {
			return found
		}
	}
	return prefixed
}

// Closest lists, by name, up to n rigs whose names are near arg: they contain it, or differ from it by a
// couple of letters.
func (rs Rigs) Closest(arg string, n int) []string {
	var near []string
	a := strings.ToLower(arg)
	for _, id := range rs.IDs {
		name := strings.ToLower(rs.Name(id))
		if strings.Contains(name, a) || distance(name, a) <= 2 || distance(strings.ToLower(rs.bare(id)), a) <= 2 {
			near = append(near, rs.Name(id))
		}
		if len(near) == n {
			break
		}
	}
	return near
}

// distance is the Levenshtein distance between a and b, by runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

// Only keeps the rigs keep accepts.
func (rs Rigs) Only(keep func(id string) bool) Rigs {
	out := rs
	out.IDs = slices.DeleteFunc(slices.Clone(rs.IDs), func(id string) bool { return !keep(id) })
	return out
}
