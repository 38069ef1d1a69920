package viabtc

import "context"

// Ping checks that the service answers and accepts the key, with the lightest read there is.
func (c *Client) Ping(ctx context.Context) error {
	_, err := c.Account(ctx)
	return err
}
