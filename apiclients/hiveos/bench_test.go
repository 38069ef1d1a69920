package hiveos

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"pitboss/sim/farm"
	simhiveos "pitboss/sim/hiveos"
)

// BenchmarkDecodeCurrentStats2000Rigs8GPUs measures what each poll spends turning a getCurrentStats
// answer into CurrentStats, for a farm of 2,000 rigs with 8 GPUs each as the simulator renders it.
func BenchmarkDecodeCurrentStats2000Rigs8GPUs(b *testing.B) {
	f := farm.New(farm.Options{Rigs: 2000, GPUsPerRig: 8, Seed: 1, Start: t0})
	sim := simhiveos.New(simhiveos.Options{PublicKey: testPublic, SecretKey: testSecret, Farm: f,
		Now: func() time.Time { return t0.Add(time.Minute) }})
	form := encodeForm("getCurrentStats", nil, testPublic)
	req := httptest.NewRequest(http.MethodPost, simhiveos.Path, bytes.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HMAC", sign([]byte(testSecret), form))
	rec := httptest.NewRecorder()
	sim.ServeHTTP(rec, req)
	body := rec.Body.Bytes()
	if rec.Code != http.StatusOK {
		b.Fatalf("simulator answered %d: %.200s", rec.Code, body)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		st, err := decodeCurrentStats(http.StatusOK, body)
		if err != nil || len(st.Rigs) != 2000 || len(st.Rigs[0].GPUs) != 8 {
			b.Fatalf("decoded %d rigs: %v", len(st.Rigs), err)
		}
	}
}
