package charts

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// t0 is the start of every rendered window.
var t0 = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

var white = color.RGBA{0xff, 0xff, 0xff, 0xff}

// flat is a line at v every step over [from, to), missing the points in skip.
func flat(from, to time.Time, step time.Duration, v float64, skip ...Period) []Point {
	var out []Point
	for at := from; at.Before(to); at = at.Add(step) {
		if !inAny(at, skip) {
			out = append(out, Point{At: at, V: v, Lo: math.NaN(), Hi: math.NaN()})
		}
	}
	return out
}

func inAny(at time.Time, ps []Period) bool {
	for _, p := range ps {
		if !at.Before(p.From) && at.Before(p.To) {
			return true
		}
	}
	return false
}

// drawn is a rendered chart: the decoded PNG and where each panel's plot area is.
type drawn struct {
	img    image.Image
	frames []frame
}

// mustRender renders c, checks that the bytes are a PNG of the size wanted, and decodes them. With
// CHARTS_OUT set to a directory, the picture is also written there as name.png, for a person to look at.
func mustRender(t *testing.T, c Chart, name string, w, h int) drawn {
	t.Helper()
	b, frames, err := render(c)
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("CHARTS_OUT"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name+".png"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if got := img.Bounds().Size(); got != image.Pt(w, h) {
		t.Fatalf("%v pixels, want %d × %d", got, w, h)
	}
	if len(frames) != len(c.Panels) {
		t.Fatalf("%d plot areas for %d panels", len(frames), len(c.Panels))
	}
	return drawn{img: img, frames: frames}
}

// close reports whether two colours differ by at most tol in each channel.
func closeTo(a color.Color, b color.RGBA, tol int) bool {
	r, g, bl, _ := a.RGBA()
	d := func(x uint32, y uint8) bool { return math.Abs(float64(int(x>>8)-int(y))) <= float64(tol) }
	return d(r, b.R) && d(g, b.G) && d(bl, b.B)
}

// colourNear reports whether col (within a small tolerance, for anti-aliasing) is within r pixels of (x, y).
func (d drawn) colourNear(x, y, r int, col color.RGBA) bool {
	for dy := -r; dy <= r; dy++ {
		for dx := -r; dx <= r; dx++ {
			if closeTo(d.img.At(x+dx, y+dy), col, 12) {
				return true
			}
		}
	}
	return false
}

// anyIn reports whether col is drawn anywhere in r.
func (d drawn) anyIn(r image.Rectangle, col color.RGBA) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if closeTo(d.img.At(x, y), col, 2) {
				return true
			}
		}
	}
	return false
}

// mustSee fails unless col is drawn within 3 pixels of where panel p puts v at time at.
func (d drawn) mustSee(t *testing.T, p int, at time.Time, v float64, col color.RGBA, what string) {
	t.Helper()
	f := d.frames[p]
	x, y := f.x(at), f.y(v)
	if !image.Pt(x, y).In(f.rect.Inset(-2)) {
		t.Fatalf("%s: (%d, %d) is outside the plot area %v", what, x, y, f.rect)
	}
	if !d.colourNear(x, y, 3, col) {
		t.Fatalf("%s: no %v near (%d, %d); %v there", what, col, x, y, d.img.At(x, y))
	}
}

// mustNotSee fails if col is drawn within 3 pixels of where panel p puts v at time at.
func (d drawn) mustNotSee(t *testing.T, p int, at time.Time, v float64, col color.RGBA, what string) {
	t.Helper()
	f := d.frames[p]
	if x, y := f.x(at), f.y(v); d.colourNear(x, y, 3, col) {
		t.Fatalf("%s: %v drawn near (%d, %d)", what, col, x, y)
	}
}

// mustBe fails unless the pixel where panel p puts v at time at is exactly col: the shading, or the
// background.
func (d drawn) mustBe(t *testing.T, p int, at time.Time, v float64, col color.RGBA, what string) {
	t.Helper()
	f := d.frames[p]
	x, y := f.x(at), f.y(v)
	if !closeTo(d.img.At(x, y), col, 2) {
		t.Fatalf("%s: (%d, %d) is %v, want %v", what, x, y, d.img.At(x, y), col)
	}
}

func colour(i int) color.RGBA {
	c, _ := palette(i)
	return c
}

func TestFarmChartDrawsALinePerAlgorithmAndShadesTheAlerts(t *testing.T) {
	gap := Period{t0.Add(10 * time.Hour), t0.Add(11 * time.Hour)} // pitboss was down
	alert := Period{t0.Add(3 * time.Hour), t0.Add(5 * time.Hour)}
	c := Chart{Title: "Farm hashrate · last 24 h · every poll", From: t0, To: t0.Add(24 * time.Hour), Alerts: []Period{alert},
		Panels: []Panel{{Unit: Hashrate, Lines: []Line{
			{Name: "ethash", Points: flat(t0, t0.Add(24*time.Hour), time.Minute, 40e12, gap)},
			{Name: "kawpow", Points: flat(t0, t0.Add(24*time.Hour), time.Minute, 10e12, gap)},
		}}}}
	d := mustRender(t, c, "farm", 1280, 720)
	for _, at := range []time.Time{t0.Add(2 * time.Hour), t0.Add(4 * time.Hour), t0.Add(20 * time.Hour)} {
		d.mustSee(t, 0, at, 40e12, colour(0), "ethash")
		d.mustSee(t, 0, at, 10e12, colour(1), "kawpow")
	}
	d.mustNotSee(t, 0, t0.Add(10*time.Hour+30*time.Minute), 40e12, colour(0), "ethash while nothing was polled")
	d.mustBe(t, 0, t0.Add(4*time.Hour), 25e12, shadeColour, "between the lines while an alert fired")
	d.mustBe(t, 0, t0.Add(7*time.Hour+20*time.Minute), 25e12, white, "between the lines with no alert")
	// The legend is above the plot area, not in it.
	strip := image.Rect(0, 0, 1280, d.frames[0].rect.Min.Y)
	for _, col := range []color.RGBA{colour(0), colour(1), shadeColour} {
		if !d.anyIn(strip, col) {
			t.Fatalf("no legend entry in %v above the plot area", col)
		}
	}
}

func TestRigChartStacksTemperaturesWithTheThresholdOverTheHashrate(t *testing.T) {
	alert := Period{t0.Add(2 * time.Hour), t0.Add(3 * time.Hour)}
	end := t0.Add(6 * time.Hour)
	c := Chart{Title: "rig02 · last 6 h · every poll", From: t0, To: end, Alerts: []Period{alert},
		Panels: []Panel{
			{Title: "GPU temperature", Unit: Celsius, Marks: []Mark{{Name: "your line 80 °C (farm red_temp)", Value: 80}},
				Lines: []Line{{Name: "GPU 0", Points: flat(t0, end, time.Minute, 60)}, {Name: "GPU 1", Points: flat(t0, end, time.Minute, 72)}}},
			{Title: "Hashrate", Unit: Hashrate, Lines: []Line{{Name: "hashrate (ethash)", Points: flat(t0, end, time.Minute, 250e6)}}},
		}}
	d := mustRender(t, c, "rig", 1280, 960)
	if top, bottom := d.frames[0].rect, d.frames[1].rect; top.Max.Y >= bottom.Min.Y || top.Min.X != bottom.Min.X || top.Max.X != bottom.Max.X {
		t.Fatalf("panels at %v and %v: not stacked over one time axis", top, bottom)
	}
	at := t0.Add(90 * time.Minute)
	d.mustSee(t, 0, at, 60, colour(0), "GPU 0")
	d.mustSee(t, 0, at, 72, colour(1), "GPU 1")
	d.mustSee(t, 1, at, 250e6, colour(2), "the hashrate, in the lower panel")
	d.mustNotSee(t, 0, at, 66, colour(2), "the hashrate's colour among the temperatures")
	// The threshold is dashed: somewhere along 20 pixels of its height it shows.
	f := d.frames[0]
	seen := false
	for x := f.x(at) - 10; x <= f.x(at)+10 && !seen; x++ {
		seen = closeTo(d.img.At(x, f.y(80)), thresholdColour, 12)
	}
	if !seen {
		t.Fatal("no threshold line at 80 °C")
	}
	for p, v := range []float64{66, 125e6} {
		d.mustBe(t, p, t0.Add(150*time.Minute), v, shadeColour, "the alert in both panels")
		d.mustBe(t, p, t0.Add(260*time.Minute), v, white, "no alert")
	}
}

func TestPoolChartDrawsTheHourlyRangeAsABand(t *testing.T) {
	var ps []Point
	for h := range 7 * 24 {
		ps = append(ps, Point{At: t0.Add(time.Duration(h)*time.Hour + 30*time.Minute), V: 40e12, Lo: 30e12, Hi: 50e12})
	}
	alert := Period{t0.Add(48 * time.Hour), t0.Add(60 * time.Hour)}
	c := Chart{Title: "ViaBTC BTC hashrate · last 7 days · hourly averages", From: t0, To: t0.Add(7 * 24 * time.Hour),
		Alerts: []Period{alert}, Panels: []Panel{{Unit: Hashrate, Lines: []Line{{Name: "BTC pool hashrate (10 min)", Points: ps}}}}}
	d := mustRender(t, c, "pool", 1280, 720)
	at := t0.Add(30 * time.Hour)
	d.mustSee(t, 0, at, 40e12, colour(0), "the average")
	// The band is the line's colour at a quarter strength over the background: over white, and over the
	// shading.
	tint := func(bg color.RGBA) color.RGBA {
		c := colour(0)
		mix := func(a, b uint8) uint8 {
			return uint8(math.Round(float64(a)*0x40/255 + float64(b)*(1-float64(0x40)/255)))
		}
		return color.RGBA{mix(c.R, bg.R), mix(c.G, bg.G), mix(c.B, bg.B), 0xff}
	}
	d.mustBe(t, 0, at, 45e12, tint(white), "the band over the average")
	d.mustBe(t, 0, at, 35e12, tint(white), "the band under the average")
	d.mustBe(t, 0, t0.Add(54*time.Hour), 45e12, tint(shadeColour), "the band where the alert fired")
	d.mustBe(t, 0, t0.Add(54*time.Hour), 52.5e12, shadeColour, "over the band where the alert fired")
	d.mustBe(t, 0, at, 52.5e12, white, "over the band")
}

func TestSiteChartDrawsTheSitesHashrate(t *testing.T) {
	end := t0.Add(24 * time.Hour)
	alert := Period{t0.Add(12 * time.Hour), end} // still firing
	c := Chart{Title: "Coinhive: example.com hashrate · last 24 h · every poll", From: t0, To: end, Alerts: []Period{alert},
		Panels: []Panel{{Unit: Hashrate, Lines: []Line{{Name: "site hashrate", Points: flat(t0, end, 5*time.Minute, 812)}}}}}
	d := mustRender(t, c, "site", 1280, 720)
	d.mustSee(t, 0, t0.Add(7*time.Hour), 812, colour(0), "the site before the alert")
	d.mustSee(t, 0, t0.Add(18*time.Hour), 812, colour(0), "the site while the alert fires")
	d.mustBe(t, 0, t0.Add(18*time.Hour), 400, shadeColour, "the alert, to the end")
	d.mustBe(t, 0, t0.Add(7*time.Hour+20*time.Minute), 400, white, "before the alert")
}

func TestRenderRefusesAChartWithoutPanelsOrTime(t *testing.T) {
	for _, c := range []Chart{
		{From: t0, To: t0.Add(time.Hour)},
		{From: t0, To: t0, Panels: []Panel{{}}},
		{From: t0, To: t0.Add(time.Hour), Panels: []Panel{{}}, Width: 100000, Height: 100000},
	} {
		if _, err := Render(c); err == nil {
			t.Fatalf("rendered %+v", c)
		}
	}
}

func TestAnEmptyPanelStillDraws(t *testing.T) {
	c := Chart{From: t0, To: t0.Add(time.Hour), Panels: []Panel{{Unit: Celsius}, {Unit: Hashrate}}}
	mustRender(t, c, "empty", 1280, 960)
}
