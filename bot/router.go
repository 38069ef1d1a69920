package bot

import (
	"context"
	"fmt"

	"pitboss/store"
)

// HandlerFunc handles one request. It replies itself; an error it returns is either a UserError, whose
// message the user sees, or an internal failure, which is logged while the user sees "internal error".
type HandlerFunc func(ctx context.Context, r *Request) error

// Middleware wraps a handler with a concern every request shares.
type Middleware func(HandlerFunc) HandlerFunc

// Anyone is the access level of a route open to strangers too (/start); the access middleware still lets
// strangers reach only the routes that accept them.
const Anyone = store.Role("")

// Command is a chat command: its name (without the slash), the arguments it takes, one line of help,
// and the least role that may use it.
type Command struct {
	Name   string
	Args   string
	Help   string
	Role   store.Role
	Handle HandlerFunc
}

// Callback is a button route: callback data "name:args" reaches Handle.
type Callback struct {
	Name   string
	Role   store.Role
	Handle HandlerFunc
}

// Router dispatches requests to commands and callbacks. It is built once at start-up and only read after.
type Router struct {
	commands  map[string]Command
	order     []string
	callbacks map[string]Callback
}

func newRouter() *Router {
	return &Router{commands: map[string]Command{}, callbacks: map[string]Callback{}}
}

// Command adds a command; names must be unique.
func (rt *Router) Command(c Command) {
	if _, dup := rt.commands[c.Name]; dup {
		panic(fmt.Sprintf("bot: command /%s registered twice", c.Name))
	}
	rt.commands[c.Name] = c
	rt.order = append(rt.order, c.Name)
}

// Callback adds a button route.
func (rt *Router) Callback(c Callback) {
	if _, dup := rt.callbacks[c.Name]; dup {
		panic(fmt.Sprintf("bot: callback %q registered twice", c.Name))
	}
	rt.callbacks[c.Name] = c
}

// allows reports whether role may use something that needs need. Admins may do all a viewer may.
func allows(role, need store.Role) bool {
	switch need {
	case Anyone:
		return true
	case store.RoleViewer:
		return role == store.RoleViewer || role == store.RoleAdmin
	case store.RoleAdmin:
		return role == store.RoleAdmin
	}
	return false
}

// CommandsFor returns the commands role may use, in registration order: the menu and /help both use it.
// Commands open to Anyone (/start) are what strangers see; users are past them.
func (rt *Router) CommandsFor(role store.Role) []Command {
	var out []Command
	for _, name := range rt.order {
		c := rt.commands[name]
		if (role == Anyone) != (c.Role == Anyone) {
			continue
		}
		if allows(role, c.Role) {
			out = append(out, c)
		}
	}
	return out
}

// route finds what handles r and the role it needs; ok is false when nothing does.
func (rt *Router) route(r *Request) (h HandlerFunc, need store.Role, ok bool) {
	if r.Callback != nil {
		c, ok := rt.callbacks[r.Route]
		return c.Handle, c.Role, ok
	}
	c, ok := rt.commands[r.Command]
	return c.Handle, c.Role, ok
}
