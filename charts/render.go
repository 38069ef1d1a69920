package charts

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"time"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Chart is a picture to draw: a title, a legend, and one or more panels stacked over the same span of
// time, with the periods when alerts fired shaded in each. Render draws it; it holds plain data so that
// tests and other features can make one without a bot or a database.
type Chart struct {
	Title    string
	From, To time.Time
	Zone     *time.Location // the time axis's zone; nil means UTC
	// Width and Height are in pixels; zero means 1280 × 720 for one panel, 1280 × 960 for more.
	Width, Height int
	Alerts        []Period
	Panels        []Panel // top first
}

// Period is a span of time, such as an alert's from firing to resolving.
type Period struct{ From, To time.Time }

// Unit is what a panel's values are, which decides how its axis is labelled.
type Unit int

// The units.
const (
	Hashrate Unit = iota // H/s, labelled with one SI prefix for the whole axis: 0, 50, 100 MH/s
	Celsius              // °C
)

// Panel is one plot area.
type Panel struct {
	Title string // over the panel; "" for none (a chart of one panel says it in its title)
	Unit  Unit
	Lines []Line
	Marks []Mark // horizontal lines, such as a threshold
}

// Line is one series of a panel, in the legend by its name.
type Line struct {
	Name   string
	Points []Point // in time order; the line breaks where a point is missing (a gap in the polls)
}

// Point is a line's value at a time, with an optional band around it (an hour's lowest and highest):
// drawn when both Lo and Hi are finite.
type Point struct {
	At     time.Time
	V      float64
	Lo, Hi float64
}

// Mark is a horizontal line across a panel, drawn dashed in the threshold colour.
type Mark struct {
	Name  string
	Value float64
}

// Default sizes, in pixels: Telegram shows photos up to 1280 on their long side, and a phone shows one
// the width of the screen, about a third of that, so the text is drawn large.
const (
	defaultWidth      = 1280
	defaultHeight     = 720
	twoPanelHeight    = 960
	margin            = 24
	titleSize         = 36
	panelTitleSize    = 28
	legendSize        = 26
	tickSize          = 24
	lineWidth         = 3
	maxRenderedPixels = 4000 * 4000
)

// Colours. Red is kept for what needs attention: the alert shading and the threshold.
var (
	shadeColour     = color.RGBA{R: 0xff, G: 0xdc, B: 0xdc, A: 0xff}
	thresholdColour = color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}
	gridColour      = color.RGBA{R: 0xdd, G: 0xdd, B: 0xdd, A: 0xff}
)

// palette is Tableau's ten colours without its red; lines after the ninth repeat them dashed.
func palette(i int) (color.RGBA, []vg.Length) {
	cs := [...]color.RGBA{
		{0x1f, 0x77, 0xb4, 0xff}, {0xff, 0x7f, 0x0e, 0xff}, {0x2c, 0xa0, 0x2c, 0xff}, {0x94, 0x67, 0xbd, 0xff},
		{0x8c, 0x56, 0x4b, 0xff}, {0xe3, 0x77, 0xc2, 0xff}, {0x7f, 0x7f, 0x7f, 0xff}, {0xbc, 0xbd, 0x22, 0xff},
		{0x17, 0xbe, 0xcf, 0xff},
	}
	var dash []vg.Length
	if i >= len(cs) {
		dash = []vg.Length{10, 6}
	}
	return cs[i%len(cs)], dash
}

// errEmptyChart is a chart without a panel or a span of time: a mistake of the caller.
var errEmptyChart = errors.New("charts: nothing to draw")

// Render draws c as a PNG.
func Render(c Chart) ([]byte, error) {
	png, _, err := render(c)
	return png, err
}

// frame is where a panel's data went in the picture, for tests to look at its pixels.
type frame struct {
	rect image.Rectangle // the plot area, in pixels
	x    func(time.Time) int
	y    func(float64) int
}

// render draws c, and says where each panel's plot area is.
func render(c Chart) ([]byte, []frame, error) {
	if len(c.Panels) == 0 || !c.To.After(c.From) {
		return nil, nil, errEmptyChart
	}
	w, h := size(c)
	if w <= 0 || h <= 0 || w*h > maxRenderedPixels {
		return nil, nil, fmt.Errorf("charts: a picture of %d × %d pixels", w, h)
	}
	if c.Zone == nil {
		c.Zone = time.UTC
	}
	// At 72 dots per inch a point is a pixel, so every size here is in pixels.
	img := vgimg.NewWith(vgimg.UseWH(vg.Length(w), vg.Length(h)), vgimg.UseDPI(72))
	dc := draw.New(img)
	area := draw.Crop(dc, margin, -margin, margin/2, -margin/2)
	area.Max.Y -= drawTitle(area, c.Title)
	entries := legendEntries(c)
	area.Max.Y -= drawLegend(area, entries)

	plots := make([][]*plot.Plot, len(c.Panels))
	for i, p := range c.Panels {
		plots[i] = []*plot.Plot{panelPlot(c, p, i == len(c.Panels)-1, firstColour(c, i))}
	}
	tiles := draw.Tiles{Rows: len(plots), Cols: 1, PadY: 12}
	canvases := plot.Align(plots, tiles, area)
	frames := make([]frame, len(plots))
	for i, row := range plots {
		row[0].Draw(canvases[i][0])
		frames[i] = frameOf(row[0], canvases[i][0], h)
	}
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&buf); err != nil {
		return nil, nil, fmt.Errorf("charts: encoding the PNG: %w", err)
	}
	return buf.Bytes(), frames, nil
}

func size(c Chart) (w, h int) {
	w, h = c.Width, c.Height
	if w == 0 {
		w = defaultWidth
	}
	if h == 0 {
		h = defaultHeight
		if len(c.Panels) > 1 {
			h = twoPanelHeight
		}
	}
	return w, h
}

// firstColour is the palette index of panel i's first line: lines are numbered across the chart, so
// that no two lines share a colour and the one legend serves every panel.
func firstColour(c Chart, panel int) int {
	n := 0
	for _, p := range c.Panels[:panel] {
		n += len(p.Lines)
	}
	return n
}

func sans(size vg.Length, weight xfont.Weight) text.Style {
	return text.Style{Color: color.Black, Font: font.From(font.Font{Typeface: "Liberation", Variant: "Sans", Weight: weight}, size),
		Handler: plot.DefaultTextHandler}
}

// drawTitle writes the title at the top left of c and returns the height it took.
func drawTitle(c draw.Canvas, title string) vg.Length {
	if title == "" {
		return 0
	}
	sty := sans(titleSize, xfont.WeightBold)
	sty.YAlign = draw.YTop
	c.FillText(sty, vg.Point{X: c.Min.X, Y: c.Max.Y}, title)
	return sty.Height(title) + 8
}

// panelPlot makes a gonum plot of one panel; only the bottom one writes the times under its axis.
func panelPlot(c Chart, p Panel, bottom bool, colour int) *plot.Plot {
	pl := plot.New()
	pl.BackgroundColor = color.Transparent
	if p.Title != "" {
		pl.Title.Text = p.Title
		pl.Title.TextStyle = sans(panelTitleSize, xfont.WeightNormal)
		pl.Title.TextStyle.XAlign, pl.Title.TextStyle.YAlign = draw.XCenter, draw.YTop
		pl.Title.Padding = 6
	}
	pl.X.Min, pl.X.Max = unix(c.From), unix(c.To)
	pl.Y.Min, pl.Y.Max = valueRange(p)
	for _, ax := range []*plot.Axis{&pl.X, &pl.Y} {
		ax.Padding = 0
		ax.Tick.Label = sans(tickSize, xfont.WeightNormal)
		ax.Tick.Length = 8
		ax.Tick.Width, ax.Width = 1, 1
	}
	pl.Y.Tick.Label.XAlign, pl.Y.Tick.Label.YAlign = draw.XRight, draw.YCenter
	pl.X.Tick.Label.XAlign, pl.X.Tick.Label.YAlign = draw.XCenter, draw.YTop
	pl.X.Tick.Marker = timeTicks{zone: c.Zone, blank: !bottom}
	pl.Y.Tick.Marker = valueTicks{unit: p.Unit}
	if bottom {
		pl.X.Label.Text = "time in " + c.Zone.String()
		pl.X.Label.TextStyle = sans(tickSize, xfont.WeightNormal)
		pl.X.Label.TextStyle.XAlign, pl.X.Label.TextStyle.YAlign = draw.XCenter, draw.YBottom
		pl.X.Label.Padding = 6
	}
	pl.Add(shading{periods: c.Alerts, colour: shadeColour})
	pl.Add(grid{x: pl.X.Tick.Marker, y: pl.Y.Tick.Marker})
	for i, l := range p.Lines {
		col, _ := palette(colour + i)
		pl.Add(band{points: l.Points, colour: color.NRGBA{R: col.R, G: col.G, B: col.B, A: 0x40}})
	}
	for _, m := range p.Marks {
		pl.Add(hline{value: m.Value, style: thresholdStyle()})
	}
	for i, l := range p.Lines {
		col, dash := palette(colour + i)
		pl.Add(series{points: l.Points, style: draw.LineStyle{Color: col, Width: lineWidth, Dashes: dash}})
	}
	return pl
}

func thresholdStyle() draw.LineStyle {
	return draw.LineStyle{Color: thresholdColour, Width: lineWidth, Dashes: []vg.Length{14, 8}}
}

// valueRange is the panel's vertical axis: hashrates from 0, so that a drop looks its size; temperatures
// around the values and the marks, so that the threshold is always in sight.
func valueRange(p Panel) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	see := func(v float64) {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	for _, l := range p.Lines {
		for _, pt := range l.Points {
			see(pt.V)
			if isFinite(pt.Lo) && isFinite(pt.Hi) {
				see(pt.Lo)
				see(pt.Hi)
			}
		}
	}
	for _, m := range p.Marks {
		see(m.Value)
	}
	switch {
	case math.IsInf(hi, -1) && p.Unit == Celsius: // nothing to show
		return 0, 100
	case p.Unit == Hashrate && hi <= 0:
		return 0, 1
	case p.Unit == Hashrate:
		return 0, hi * 1.1
	}
	pad := math.Max(3, (hi-lo)*0.1)
	return math.Floor(lo - pad), math.Ceil(hi + pad)
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func unix(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }

// frameOf finds where pl drew its data on c, in the pixels of a picture h high (whose y runs down).
func frameOf(pl *plot.Plot, c draw.Canvas, h int) frame {
	dc := pl.DataCanvas(c)
	tx, ty := pl.Transforms(&dc)
	px := func(y vg.Length) int { return h - int(math.Round(float64(y))) }
	return frame{
		rect: image.Rect(int(math.Round(float64(dc.Min.X))), px(dc.Max.Y), int(math.Round(float64(dc.Max.X))), px(dc.Min.Y)),
		x:    func(t time.Time) int { return int(math.Round(float64(tx(unix(t))))) },
		y:    func(v float64) int { return px(ty(v)) },
	}
}
