import AttnCore
import Foundation

// A heatmap as a standalone SVG picture: what `save_svg` writes and what
// `attn render` puts inline in a page.
//
// - cells in viridis (`Viridis.color(at:)`, matplotlib's lookup), each with a
//   `<title>` tooltip naming its row, column and value; masked cells light
//   grey with a diagonal stroke, missing (NaN) ones mid grey;
// - row labels on the left, column labels on top (turned 45° when they are
//   wider than a cell), the title above, panels (heads) in a grid of up to
//   four across with their names;
// - a colour bar on the right with ticks at round numbers (steps of 1, 2
//   or 5 times a power of ten) and a legend for masked and missing cells;
// - at most 64 rows and 64 columns per panel and 16 panels, elided as the
//   terminal drawing elides them (`Elision`), with `…` where the gap is;
// - no external reference (no fonts, images, links or scripts): a generic
//   font stack, and the only URI is the SVG namespace. No `id`s either, so
//   any number of them can sit inline in one page;
// - every label, the title and the tooltips are escaped (`XMLText`); labels
//   are cut to 16 columns (tooltips to 200), so the file is valid XML and its
//   size bounded whatever the input.
// Cells carry `class="cell"` (plus `masked` or `missing`) and the bar's
// steps `class="bar"`, which the tests read back.

extension Heatmap {
    /// Most rows and columns per panel in SVG.
    public static let maxSVGCells = 64

    /// The heatmap as an SVG document; without `declaration`, the `<svg>`
    /// element alone, to put inline in HTML.
    public func svg(declaration: Bool = true) -> String {
        SVGDrawing(self).text(declaration: declaration)
    }
}

/// The geometry of the SVG picture, in pixels.
struct SVGDrawing {
    static let fontSize = 12.0
    /// The width of one column of text at `fontSize`, to estimate label widths.
    static let characterWidth = 7.2
    static let maxLabelColumns = 16
    static let maxTooltipColumns = 200
    static let margin = 12.0
    static let panelGap = 28.0
    static let panelsAcross = 4
    static let barWidth = 16.0
    static let barSteps = 64
    static let fonts = "DejaVu Sans, Helvetica, Arial, sans-serif"
    static let maskedFill = "#f0f0f0"

    let map: Heatmap
    let rows: [Int?]
    let columns: [Int?]
    let panels: [Int?]
    let cell: Double
    let labelWidth: Double
    /// Whether column labels are turned 45°.
    let turned: Bool
    let columnLabelHeight: Double
    let titleHeight: Double
    let nameHeight: Double

    init(_ map: Heatmap) {
        self.map = map
        rows = Elision.shown(count: map.rowCount, room: Heatmap.maxSVGCells)
        columns = Elision.shown(count: map.columnCount, room: Heatmap.maxSVGCells)
        panels = Elision.shown(count: map.panelCount, room: Heatmap.maxPanels)
        cell = map.showValues ? 44 : 26
        let rowColumns = rows.compactMap { $0 }.map { DisplayWidth.of(SVGDrawing.label(map.rowLabel($0))) }.max() ?? 1
        labelWidth = Double(rowColumns) * SVGDrawing.characterWidth + 8
        let widest = Double(columns.compactMap { $0 }.map { DisplayWidth.of(SVGDrawing.label(map.columnLabel($0))) }.max() ?? 1)
            * SVGDrawing.characterWidth
        turned = widest > cell - 4
        columnLabelHeight = turned ? widest * 0.71 + 12 : 18
        titleHeight = map.title.isEmpty ? 0 : 28
        nameHeight = map.panelCount > 1 ? 20 : 0
    }

    /// A label cut to fit beside or above the cells.
    static func label(_ text: String) -> String { DisplayWidth.truncate(text, to: maxLabelColumns) }

    var gridWidth: Double { Double(columns.count) * cell }
    var gridHeight: Double { Double(rows.count) * cell }
    var panelWidth: Double { labelWidth + gridWidth }
    var panelHeight: Double { nameHeight + columnLabelHeight + gridHeight }
    var across: Int { min(SVGDrawing.panelsAcross, panels.count) }
    var down: Int { (panels.count + across - 1) / across }
    var barHeight: Double { max(120, gridHeight) }
    var barX: Double { SVGDrawing.margin + Double(across) * panelWidth + Double(across - 1) * SVGDrawing.panelGap + 24 }
    /// The title as drawn (cut to 80 columns).
    var titleText: String { DisplayWidth.truncate(map.title, to: 80) }
    /// Wide enough for the panels and bar, and for the title (15 px bold).
    var width: Double {
        max(barX + SVGDrawing.barWidth + 70, Double(DisplayWidth.of(titleText)) * 9.5 + 2 * SVGDrawing.margin)
    }
    var height: Double {
        let panelsHeight = Double(down) * panelHeight + Double(down - 1) * SVGDrawing.panelGap
        return SVGDrawing.margin * 2 + titleHeight + max(panelsHeight, nameHeight + columnLabelHeight + barHeight + legendHeight)
    }
    var legendHeight: Double { (map.scale.hasMasked ? 20 : 0) + (map.scale.hasNaN ? 20 : 0) }

    func text(declaration: Bool) -> String {
        var out = declaration ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" : ""
        let name = map.title.isEmpty ? "heatmap" : map.title
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" "
            + "viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"\(SVGDrawing.fonts)\" font-size=\"\(n(SVGDrawing.fontSize))\" "
            + "role=\"img\" aria-label=\"\(XMLText.attribute(SVGDrawing.tooltip(name)))\">\n"
        out += "<title>\(XMLText.text(SVGDrawing.tooltip(name)))</title>\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>\n"
        if !map.title.isEmpty {
            out += "<text x=\"\(n(width / 2))\" y=\"\(n(SVGDrawing.margin + 16))\" text-anchor=\"middle\" font-size=\"15\" "
                + "font-weight=\"bold\">\(XMLText.text(titleText))</text>\n"
        }
        for (k, p) in panels.enumerated() {
            let x = SVGDrawing.margin + Double(k % across) * (panelWidth + SVGDrawing.panelGap)
            let y = SVGDrawing.margin + titleHeight + Double(k / across) * (panelHeight + SVGDrawing.panelGap)
            if let p {
                out += panel(p, x: x, y: y)
            } else {
                let skipped = map.panelCount - (panels.count - 1)
                out += "<text x=\"\(n(x + panelWidth / 2))\" y=\"\(n(y + panelHeight / 2))\" text-anchor=\"middle\" fill=\"#555555\">"
                    + "… \(Heatmap.count(skipped, "more panel"))</text>\n"
            }
        }
        out += colorBar(y: SVGDrawing.margin + titleHeight + nameHeight + columnLabelHeight)
        return out + "</svg>\n"
    }

    // MARK: - Panels

    func panel(_ p: Int, x: Double, y: Double) -> String {
        var out = "<g>\n"
        if nameHeight > 0 {
            out += "<text x=\"\(n(x + labelWidth + gridWidth / 2))\" y=\"\(n(y + 14))\" text-anchor=\"middle\" "
                + "font-weight=\"bold\">\(XMLText.text(map.panelName(p)))</text>\n"
        }
        let top = y + nameHeight + columnLabelHeight, left = x + labelWidth
        for (slot, c) in columns.enumerated() {
            let cx = left + (Double(slot) + 0.5) * cell
            guard let c else {
                out += "<text x=\"\(n(cx))\" y=\"\(n(top - 6))\" text-anchor=\"middle\">…</text>\n"
                continue
            }
            let label = XMLText.text(SVGDrawing.label(map.columnLabel(c)))
            if turned {
                out += "<text transform=\"translate(\(n(cx + 3)) \(n(top - 6))) rotate(-45)\">\(label)</text>\n"
            } else {
                out += "<text x=\"\(n(cx))\" y=\"\(n(top - 6))\" text-anchor=\"middle\">\(label)</text>\n"
            }
        }
        for (slot, r) in rows.enumerated() {
            let cy = top + (Double(slot) + 0.5) * cell
            guard let r else {
                out += "<text x=\"\(n(left - 6))\" y=\"\(n(cy))\" text-anchor=\"end\" dominant-baseline=\"central\">⋮</text>\n"
                continue
            }
            out += "<text x=\"\(n(left - 6))\" y=\"\(n(cy))\" text-anchor=\"end\" dominant-baseline=\"central\">"
                + "\(XMLText.text(SVGDrawing.label(map.rowLabel(r))))</text>\n"
            for (columnSlot, c) in columns.enumerated() {
                guard let c else { continue }
                out += cellElement(p, r, c, x: left + Double(columnSlot) * cell, y: top + Double(slot) * cell)
            }
        }
        return out + "</g>\n"
    }

    /// One cell: its rectangle with a tooltip, and its number when shown.
    func cellElement(_ p: Int, _ r: Int, _ c: Int, x: Double, y: Double) -> String {
        let value = map.value(panel: p, row: r, column: c)
        let written = NumberFormat(precision: .digits(6)).write(value)
        // Labels are cut before they are joined, so a huge label costs nothing.
        let longest = SVGDrawing.maxTooltipColumns / 2
        var place = "\(DisplayWidth.truncate(map.rowLabel(r), to: longest)) → \(DisplayWidth.truncate(map.columnLabel(c), to: longest))"
        if map.panelCount > 1 { place = "\(map.panelName(p)), " + place }
        let size = "x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(cell))\" height=\"\(n(cell))\""
        var out: String
        var ink = "#000000"
        switch map.mark(value) {
        case .level(let t):
            let rgb = Heatmap.color(level: t)
            ink = rgb.prefersDarkText ? "#000000" : "#ffffff"
            out = "<rect class=\"cell\" \(size) fill=\"\(rgb.hex)\"><title>\(XMLText.text(SVGDrawing.tooltip("\(place): \(written)")))</title></rect>\n"
        case .masked:
            out = "<rect class=\"cell masked\" \(size) fill=\"\(SVGDrawing.maskedFill)\" stroke=\"#ffffff\">"
                + "<title>\(XMLText.text(SVGDrawing.tooltip("\(place): \(written) (masked)")))</title></rect>\n"
            out += "<path d=\"M\(n(x + 4)) \(n(y + cell - 4))L\(n(x + cell - 4)) \(n(y + 4))\" stroke=\"#c4c4c4\" "
                + "stroke-width=\"1.5\" pointer-events=\"none\"/>\n"
        case .missing:
            out = "<rect class=\"cell missing\" \(size) fill=\"\(Heatmap.missingColor.hex)\">"
                + "<title>\(XMLText.text(SVGDrawing.tooltip("\(place): nan")))</title></rect>\n"
        }
        // A masked cell's number is not written (the terminal draws it as a
        // bare '·' too): it is masked, not a small weight.
        if map.showValues, map.mark(value) != .masked {
            out += "<text x=\"\(n(x + cell / 2))\" y=\"\(n(y + cell / 2))\" text-anchor=\"middle\" dominant-baseline=\"central\" "
                + "font-size=\"11\" fill=\"\(ink)\" pointer-events=\"none\">\(NumberFormat(precision: .digits(2)).write(value))</text>\n"
        }
        return out
    }

    static func tooltip(_ text: String) -> String { DisplayWidth.truncate(text, to: maxTooltipColumns) }

    // MARK: - Colour bar

    func colorBar(y: Double) -> String {
        var out = "<g>\n"
        let step = barHeight / Double(SVGDrawing.barSteps)
        for k in 0..<SVGDrawing.barSteps {
            // The top of the bar is the top of the scale.
            let t = Double(SVGDrawing.barSteps - 1 - k) / Double(SVGDrawing.barSteps - 1)
            out += "<rect class=\"bar\" x=\"\(n(barX))\" y=\"\(n(y + Double(k) * step))\" width=\"\(n(SVGDrawing.barWidth))\" "
                + "height=\"\(n(step + 0.5))\" fill=\"\(Heatmap.color(level: t).hex)\"/>\n"
        }
        out += "<rect x=\"\(n(barX))\" y=\"\(n(y))\" width=\"\(n(SVGDrawing.barWidth))\" height=\"\(n(barHeight))\" fill=\"none\" stroke=\"#555555\"/>\n"
        let (low, high) = (map.scale.min, map.scale.max)
        let format = NumberFormat(precision: .digits(4))
        for tick in SVGDrawing.ticks(low, high) {
            let ty = high > low ? y + barHeight * (1 - (tick - low) / (high - low)) : y + barHeight / 2
            out += "<line x1=\"\(n(barX + SVGDrawing.barWidth))\" y1=\"\(n(ty))\" x2=\"\(n(barX + SVGDrawing.barWidth + 4))\" "
                + "y2=\"\(n(ty))\" stroke=\"#555555\"/>\n"
            out += "<text x=\"\(n(barX + SVGDrawing.barWidth + 7))\" y=\"\(n(ty))\" dominant-baseline=\"central\">\(format.write(tick))</text>\n"
        }
        var legendY = y + barHeight + 12
        if map.scale.hasMasked {
            out += "<rect x=\"\(n(barX))\" y=\"\(n(legendY))\" width=\"\(n(SVGDrawing.barWidth))\" height=\"12\" fill=\"\(SVGDrawing.maskedFill)\" stroke=\"#c4c4c4\"/>\n"
            out += "<text x=\"\(n(barX + SVGDrawing.barWidth + 7))\" y=\"\(n(legendY + 6))\" dominant-baseline=\"central\">masked</text>\n"
            legendY += 20
        }
        if map.scale.hasNaN {
            out += "<rect x=\"\(n(barX))\" y=\"\(n(legendY))\" width=\"\(n(SVGDrawing.barWidth))\" height=\"12\" fill=\"\(Heatmap.missingColor.hex)\"/>\n"
            out += "<text x=\"\(n(barX + SVGDrawing.barWidth + 7))\" y=\"\(n(legendY + 6))\" dominant-baseline=\"central\">nan</text>\n"
        }
        return out + "</g>\n"
    }

    /// Tick values from `low` to `high` at a round step (1, 2 or 5 times a
    /// power of ten) giving about five ticks; `[low]` when they are equal.
    static func ticks(_ low: Double, _ high: Double) -> [Double] {
        guard high > low, (high - low).isFinite else { return [low] }
        let rough = (high - low) / 4
        let magnitude = pow(10, floor(log10(rough)))
        let norm = rough / magnitude
        let step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * magnitude
        var ticks: [Double] = []
        var k = ceil(low / step - 1e-9)
        while k * step <= high + step * 1e-9, ticks.count < 20 {
            ticks.append(k * step + 0)  // + 0 turns -0 into 0
            k += 1
        }
        return ticks
    }
}

/// A coordinate in pixels with at most one decimal, as SVG takes it.
private func n(_ x: Double) -> String {
    let tenths = (x * 10).rounded()
    guard tenths.isFinite, abs(tenths) < 1e15 else { return "0" }
    let whole = Int(tenths)
    return whole % 10 == 0 ? String(whole / 10) : String(format: "%.1f", tenths / 10)
}
