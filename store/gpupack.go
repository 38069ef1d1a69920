package store

import (
	"encoding/binary"
	"errors"
	"math"
)

// GPUValues are one GPU's values in one poll; NaN marks a value the rig did not report.
type GPUValues struct {
	Temp, Fan, Hash, MemTemp, Power float64
}

// The per-GPU blob of a rig sample. Byte 0 says which columns follow (one bit each, in this order), byte 1
// how many GPUs; then each present column for every GPU: temperatures, fans and memory temperatures as one
// byte each (whole °C or %, 255 for a missing value), hashrates as float32 H/s, powers as uint16 W
// (65535 missing). Eight GPUs with temperature, fan and hashrate take 50 bytes.
const (
	colTemp = 1 << iota
	colFan
	colHash
	colMemTemp
	colPower
	colAll = colTemp | colFan | colHash | colMemTemp | colPower
)

const (
	missingByte   = 255
	missingUint16 = math.MaxUint16
)

// errBadPack is a blob that packGPUs did not write.
var errBadPack = errors.New("store: malformed GPU values")

// packGPUs encodes gs; only the columns some GPU reports are written.
func packGPUs(gs []GPUValues) []byte {
	if len(gs) == 0 {
		return nil
	}
	n := min(len(gs), 255)
	gs = gs[:n]
	cols := 0
	for _, g := range gs {
		cols |= present(g.Temp, colTemp) | present(g.Fan, colFan) | present(g.Hash, colHash) |
			present(g.MemTemp, colMemTemp) | present(g.Power, colPower)
	}
	out := make([]byte, 2, 2+n*13)
	out[0], out[1] = byte(cols), byte(n)
	for _, c := range []struct {
		bit int
		get func(GPUValues) float64
	}{
		{colTemp, func(g GPUValues) float64 { return g.Temp }},
		{colFan, func(g GPUValues) float64 { return g.Fan }},
		{colHash, func(g GPUValues) float64 { return g.Hash }},
		{colMemTemp, func(g GPUValues) float64 { return g.MemTemp }},
		{colPower, func(g GPUValues) float64 { return g.Power }},
	} {
		if cols&c.bit == 0 {
			continue
		}
		for _, g := range gs {
			out = appendValue(out, c.bit, c.get(g))
		}
	}
	return out
}

func present(v float64, bit int) int {
	if math.IsNaN(v) {
		return 0
	}
	return bit
}

func appendValue(out []byte, col int, v float64) []byte {
	switch col {
	case colHash:
		if math.IsNaN(v) {
			return binary.LittleEndian.AppendUint32(out, math.Float32bits(float32(math.NaN())))
		}
		return binary.LittleEndian.AppendUint32(out, math.Float32bits(float32(v)))
	case colPower:
		if math.IsNaN(v) {
			return binary.LittleEndian.AppendUint16(out, missingUint16)
		}
		return binary.LittleEndian.AppendUint16(out, uint16(math.Round(math.Min(math.Max(v, 0), missingUint16-1))))
	}
	if math.IsNaN(v) {
		return append(out, missingByte)
	}
	return append(out, byte(math.Round(math.Min(math.Max(v, 0), missingByte-1))))
}

// unpackGPUs decodes what packGPUs wrote.
func unpackGPUs(b []byte) ([]GPUValues, error) {
	if len(b) == 0 {
		return nil, nil
	}
	if len(b) < 2 || int(b[0])&^colAll != 0 {
		return nil, errBadPack
	}
	cols, n := int(b[0]), int(b[1])
	gs := make([]GPUValues, n)
	for i := range gs {
		gs[i] = GPUValues{Temp: math.NaN(), Fan: math.NaN(), Hash: math.NaN(), MemTemp: math.NaN(), Power: math.NaN()}
	}
	rest := b[2:]
	for _, c := range []struct {
		bit  int
		size int
		set  func(*GPUValues, float64)
	}{
		{colTemp, 1, func(g *GPUValues, v float64) { g.Temp = v }},
		{colFan, 1, func(g *GPUValues, v float64) { g.Fan = v }},
		{colHash, 4, func(g *GPUValues, v float64) { g.Hash = v }},
		{colMemTemp, 1, func(g *GPUValues, v float64) { g.MemTemp = v }},
		{colPower, 2, func(g *GPUValues, v float64) { g.Power = v }},
	} {
		if cols&c.bit == 0 {
			continue
		}
		if len(rest) < n*c.size {
			return nil, errBadPack
		}
		for i := range gs {
			c.set(&gs[i], readValue(rest[i*c.size:], c.size))
		}
		rest = rest[n*c.size:]
	}
	if len(rest) != 0 {
		return nil, errBadPack
	}
	return gs, nil
}

func readValue(b []byte, size int) float64 {
	switch size {
	case 4:
		return float64(math.Float32frombits(binary.LittleEndian.Uint32(b)))
	case 2:
		if v := binary.LittleEndian.Uint16(b); v != missingUint16 {
			return float64(v)
		}
		return math.NaN()
	}
	if b[0] == missingByte {
		return math.NaN()
	}
	return float64(b[0])
}
