package hiveos

import (
	"time"

	"pitboss/sim/farm"
)

// The v2 demo account: two farms under one personal token. The first is the legacy demo farm with its
// troublemakers (farm.DemoHotRig, farm.DemoOfflineRig); the second is a smaller farm whose rigs have names
// of their own except one, DemoSharedName, which is also a rig of the first farm, and whose rig of that
// name has a GPU whose memory runs hot now and then.
const (
	// DemoToken is the demo account's personal API token. It guards nothing: the demo simulator listens
	// on loopback only.
	DemoToken = "demo-personal-token-5f0c2e9a7b1d4c38a6e2f9b0c7d1e4a3"

	DemoFarmID       = 1631951
	DemoFarmName     = "Main farm"
	DemoSecondFarmID = 1631952
	DemoSecondName   = "Garage & shed"

	// DemoSharedName is the rig name both farms have: the first farm's rig 10258 and the second's 10257.
	DemoSharedName = "rig03"
	// DemoMemHotRig, DemoMemHotGPU: the second farm's rig whose GPU's memory climbs to DemoMemHotTemp
	// for farm.DemoLasting every farm.DemoEvery, from DemoMemHotFirst after the start.
	DemoMemHotRig   = "10257"
	DemoMemHotGPU   = 1
	DemoMemHotTemp  = 108.0
	DemoMemHotFirst = 75 * time.Second
	// DemoRedMemTemp is both farms' red memory temperature.
	DemoRedMemTemp = 100.0
)

// demoSecondNames names the second farm's rigs.
var demoSecondNames = map[string]string{"10256": "garage-a", "10257": DemoSharedName, "10258": "garage-c"}

// DemoV2 is the v2 simulator demo mode runs, started at now(), behind DemoToken:
//   - "Main farm" (DemoFarmID): farm.NewDemo's six rigs, red temperature 80 °C; rig02 (farm.DemoHotRig)
//     GPU farm.DemoHotGPU climbs towards 88 °C and rig05 (farm.DemoOfflineRig) drops offline, each for
//     farm.DemoLasting every farm.DemoEvery, from farm.DemoHotFirst and farm.DemoOfflineFirst.
//   - "Garage & shed" (DemoSecondFarmID): three rigs of four GPUs, red temperature 78 °C, named garage-a,
//     rig03 and garage-c; rig03 (DemoMemHotRig) GPU DemoMemHotGPU has its memory at DemoMemHotTemp for
//     farm.DemoLasting every farm.DemoEvery from DemoMemHotFirst.
//
// Worker ids are the rig ids in the first farm and 1,000,000 more in the second. Commands are picked up
// 10 s after they are sent.
func DemoV2(now func() time.Time) *SimV2 {
	if now == nil {
		now = time.Now
	}
	start := now()
	second := farm.New(farm.Options{Rigs: 3, GPUsPerRig: 4, Seed: 52, Start: start, RedTemp: 78})
	for id, name := range demoSecondNames {
		_ = second.SetName(id, name) // the rigs exist in every three-rig farm
	}
	_ = second.RepeatMemOverheat(DemoMemHotRig, DemoMemHotGPU, DemoMemHotTemp, start.Add(DemoMemHotFirst), farm.DemoEvery, farm.DemoLasting)
	return NewV2(OptionsV2{
		Token: DemoToken,
		Now:   now,
		Farms: []FarmSpec{
			{ID: DemoFarmID, Name: DemoFarmName, Farm: farm.NewDemo(start), RedMemTemp: DemoRedMemTemp},
			{ID: DemoSecondFarmID, Name: DemoSecondName, Farm: second, RedMemTemp: DemoRedMemTemp, Timezone: "Europe/Berlin"},
		},
	})
}
