package viabtc

type sweepJSON struct {
	Coin    string `json:"coin"`
	Balance string `json:"balance"`
}

// postSweep settles coin's balance: it is paid to the withdraw address (code 2 if there is none) and
// recorded as a payment. An empty balance settles nothing and records nothing.
func (s *Sim) postSweep(rq *request) (any, *apiError) {
	coin, aerr := s.coinParam(rq)
	if aerr != nil {
		return nil, aerr
	}
	c := s.coin[coin]
	if isZero(c.balance) {
		return sweepJSON{Coin: coin, Balance: "0"}, nil
	}
	if c.withdrawAddress == "" {
		return nil, fail(CodeInvalidArgument)
	}
	amount := c.balance
	s.addPayment(coin, amount, c.withdrawAddress, rq.now)
	c.balance = "0"
	return sweepJSON{Coin: coin, Balance: amount}, nil
}
