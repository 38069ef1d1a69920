package charts

import (
	"image/color"
	"slices"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The chart's own plotters. gonum's Line joins every point; these break a line where polls are missing,
// shade whole spans of time, and draw bands, so a gap in history shows as a gap.

// shading fills the periods, the full height of the plot area.
type shading struct {
	periods []Period
	colour  color.Color
}

func (s shading) Plot(c draw.Canvas, p *plot.Plot) {
	tx, _ := p.Transforms(&c)
	for _, pr := range s.periods {
		x0, x1 := max(tx(unix(pr.From)), c.Min.X), min(tx(unix(pr.To)), c.Max.X)
		if x1 <= x0 {
			continue
		}
		x1 = max(x1, x0+2) // an alert of a minute still shows
		c.FillPolygon(s.colour, []vg.Point{{X: x0, Y: c.Min.Y}, {X: x1, Y: c.Min.Y}, {X: x1, Y: c.Max.Y}, {X: x0, Y: c.Max.Y}})
	}
}

// grid draws light lines at the labelled ticks of both axes.
type grid struct{ x, y plot.Ticker }

func (g grid) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	sty := draw.LineStyle{Color: gridColour, Width: 1}
	for _, t := range g.x.Ticks(p.X.Min, p.X.Max) {
		if x := tx(t.Value); !t.IsMinor() && c.ContainsX(x) {
			c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
		}
	}
	for _, t := range g.y.Ticks(p.Y.Min, p.Y.Max) {
		if y := ty(t.Value); !t.IsMinor() && c.ContainsY(y) {
			c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
		}
	}
}

// hline is a horizontal line across the plot area.
type hline struct {
	value float64
	style draw.LineStyle
}

func (h hline) Plot(c draw.Canvas, p *plot.Plot) {
	_, ty := p.Transforms(&c)
	if y := ty(h.value); c.ContainsY(y) {
		c.StrokeLine2(h.style, c.Min.X, y, c.Max.X, y)
	}
}

// series draws a line through points, broken where they are further apart than polls usually are.
type series struct {
	points []Point
	style  draw.LineStyle
}

func (s series) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	for _, run := range runs(s.points) {
		line := make([]vg.Point, 0, len(run))
		for _, pt := range run {
			line = append(line, vg.Point{X: tx(unix(pt.At)), Y: ty(pt.V)})
		}
		if len(line) == 1 { // a lone point still shows, as a short dash
			line = append(line, vg.Point{X: line[0].X + lineWidth, Y: line[0].Y})
		}
		c.StrokeLines(s.style, c.ClipLinesXY(line)...)
	}
}

// band fills between each point's Lo and Hi where both are known.
type band struct {
	points []Point
	colour color.Color
}

func (b band) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	for _, run := range runs(b.points) {
		var lo, hi []vg.Point
		flush := func() {
			if len(lo) > 1 {
				slices.Reverse(hi)
				c.FillPolygon(b.colour, c.ClipPolygonXY(append(lo, hi...)))
			}
			lo, hi = nil, nil
		}
		for _, pt := range run {
			if !isFinite(pt.Lo) || !isFinite(pt.Hi) {
				flush()
				continue
			}
			x := tx(unix(pt.At))
			lo, hi = append(lo, vg.Point{X: x, Y: ty(pt.Lo)}), append(hi, vg.Point{X: x, Y: ty(pt.Hi)})
		}
		flush()
	}
}

// runs cuts points into stretches without gaps: a gap is a missing value, or more than twice the
// usual time between points (the poll interval, or an hour) with nothing in it.
func runs(points []Point) [][]Point {
	gap := 2 * usualStep(points)
	var out [][]Point
	start := -1
	for i, pt := range points {
		if !isFinite(pt.V) {
			if start >= 0 {
				out = append(out, points[start:i])
			}
			start = -1
			continue
		}
		if start >= 0 && gap > 0 && pt.At.Sub(points[i-1].At) > gap {
			out = append(out, points[start:i])
			start = -1
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, points[start:])
	}
	return out
}

// usualStep is the median time between consecutive points; 0 when there are fewer than two.
func usualStep(points []Point) time.Duration {
	if len(points) < 2 {
		return 0
	}
	steps := make([]time.Duration, 0, len(points)-1)
	for i := 1; i < len(points); i++ {
		steps = append(steps, points[i].At.Sub(points[i-1].At))
	}
	slices.Sort(steps)
	return steps[len(steps)/2]
}
