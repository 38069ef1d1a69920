package hiveauth

import "time"

// Demo credentials: configure the client with these to talk to Demo's simulator.
const (
	DemoID        = "com.pitboss.demo.operator"
	DemoSecretKey = "demo-hive-blockchain-secret-key"
)

// Demo lifetimes are short so that a demo run shows the token being refreshed (every few minutes) and,
// when the bot sleeps past the refresh token, issued afresh.
const (
	DemoAccessTTL  = 10 * time.Minute
	DemoRefreshTTL = time.Hour
)

// Demo returns a simulator for `-demo` mode that accepts DemoID and DemoSecretKey.
func Demo(now func() time.Time) *Sim {
	return New(Options{ID: DemoID, SecretKey: DemoSecretKey, Now: now, AccessTTL: DemoAccessTTL, RefreshTTL: DemoRefreshTTL})
}
