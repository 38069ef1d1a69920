package charts

import (
	"image/color"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The legend is a strip of its own between the title and the panels, entries side by side and wrapped
// into rows, so that it never covers data, whatever the data does.

// legendEntry is one entry: a swatch of how something is drawn, and its name.
type legendEntry struct {
	name string
	line draw.LineStyle // for lines and marks
	fill color.Color    // for the shading; nil for a line
}

const (
	swatchWidth = 40
	entryGap    = 28
	swatchGap   = 10
)

// legendEntries lists the lines of every panel, then the marks, then the shading if any.
func legendEntries(c Chart) []legendEntry {
	var out []legendEntry
	n := 0
	for _, p := range c.Panels {
		for _, l := range p.Lines {
			col, dash := palette(n)
			n++
			out = append(out, legendEntry{name: l.Name, line: draw.LineStyle{Color: col, Width: lineWidth + 1, Dashes: dash}})
		}
	}
	for _, p := range c.Panels {
		for _, m := range p.Marks {
			sty := thresholdStyle()
			sty.Dashes = []vg.Length{10, 5}
			out = append(out, legendEntry{name: m.Name, line: sty})
		}
	}
	if len(c.Alerts) > 0 {
		out = append(out, legendEntry{name: "your alerts firing", fill: shadeColour})
	}
	return out
}

// drawLegend draws the entries at the top of c, left to right, wrapping as the width runs out; it
// returns the height it took.
func drawLegend(c draw.Canvas, entries []legendEntry) vg.Length {
	if len(entries) == 0 {
		return 0
	}
	sty := sans(legendSize, xfont.WeightNormal)
	sty.YAlign = draw.YCenter
	rowHeight := sty.Height("Mg") * 1.35
	x, y := c.Min.X, c.Max.Y-rowHeight/2
	rows := 1
	for _, e := range entries {
		w := swatchWidth + swatchGap + sty.Width(e.name)
		if x > c.Min.X && x+w > c.Max.X {
			x, y, rows = c.Min.X, y-rowHeight, rows+1
		}
		if e.fill != nil {
			h := rowHeight * 0.6
			c.FillPolygon(e.fill, []vg.Point{{X: x, Y: y - h/2}, {X: x + swatchWidth, Y: y - h/2}, {X: x + swatchWidth, Y: y + h/2}, {X: x, Y: y + h/2}})
		} else {
			c.StrokeLine2(e.line, x, y, x+swatchWidth, y)
		}
		c.FillText(sty, vg.Point{X: x + swatchWidth + swatchGap, Y: y}, e.name)
		x += w + entryGap
	}
	return rowHeight*vg.Length(rows) + 6
}
