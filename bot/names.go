package bot

import "strings"

// Pick finds the one of xs that arg names: the first whose id is arg or whose name is arg in any case,
// else the only one whose name starts with arg. When there is none, ok is false and prefixed holds the
// ones whose names start with arg: several, for the user to choose among, or none.
func Pick[T any](xs []T, arg string, key func(T) (id, name string)) (found T, prefixed []T, ok bool) {
	low := strings.ToLower(arg)
	for _, x := range xs {
		id, name := key(x)
		if id == arg || strings.EqualFold(name, arg) {
			return x, nil, true
		}
		if strings.HasPrefix(strings.ToLower(name), low) {
			prefixed = append(prefixed, x)
		}
	}
	if len(prefixed) == 1 {
		return prefixed[0], nil, true
	}
	return found, prefixed, false
}

// Few lists names for a sentence, at most n of them and "…" for the rest: "rig01, rig02, …".
func Few(names []string, n int) string {
	if len(names) > n {
		names = append(names[:n:n], "…")
	}
	return strings.Join(names, ", ")
}
