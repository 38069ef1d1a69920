package viabtc

import "testing"

const (
	docKey    = "16289e05354c3c3814b8f3045950395f"
	docSecret = "d186ababcb0eb1f6af5c1519424f462b84c631f86c06309992ae1f15604668b0"
)

func TestSignMatchesTheDocVectors(t *testing.T) {
	for _, tc := range []struct {
		name, payload, want string
	}{
		{"query string, verbatim from the seed", "coin=BTC&amount=1.0&tonce=1513746038205",
			"4a1c9e4c73629b62fd999cbbcd2bc8b87a07f1791ae61ba576427f820dd3bc59"},
		{"valid JSON body", `{"coin": "BTC", "amount": "1.0", "tonce": 1513746038205}`,
			"3a316ba17fd9d8aa33176402ca0f636f3e05cc3c33a85fe4c18a228e84d0e4df"},
		{"the doc's typo body, byte for byte", `{"coin": "BTC", "amount": "1.0", tonce: 1513746038205}`,
			"2dd2cc09cb5b11c7f24d457b1c01e46f2f2b17f06a62bf29eda35b5fb45ce354"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Sign(docSecret, []byte(tc.payload)); got != tc.want {
				t.Fatalf("Sign = %s, want %s", got, tc.want)
			}
		})
	}
}
