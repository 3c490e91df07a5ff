import AttnCore
import Foundation

// A heatmap as terminal text, fitted to a width.
//
// With colour each cell is painted in 24-bit colour (viridis, as the SVG);
// without it (NO_COLOR, `--color never`, output that is not a terminal, a
// claim) each cell is a shade character, ` ░▒▓█` from the bottom of the
// scale to the top, so a log stays readable. Masked cells (see Heatmap.swift)
// are a `·` on no colour, missing ones (NaN) a `?`: never a shade, so a
// masked weight cannot pass for a small one.
//
// Layout, top to bottom: the title; the scale, `scale MIN [ ░▒▓█] MAX`
// with the legend of masked and missing cells; then for each panel its name
// (`head 0`), a line of column labels and one line per row, with the row
// labels on the left. (The scale comes first so that no drawing starts with
// blanks: a claim's first line cannot show them.) Decisions:
// - a cell is `cellWidth` columns: two (a square on most terminals), wider
//   to fit given column labels (up to 7), or the width of the numbers with
//   `values: true`. Labels are cut with `…` to fit their cell; row labels to
//   12 columns (or a third of the width). Labels that are indices (none
//   given) are written every k-th column (k = 1, 2, 5, 10, ...) where they
//   would not fit on every one.
// - when the columns do not fit the width, the middle ones are left out and
//   a `…` column marks the gap (values are dropped first, then wide
//   labels narrowed); more than 32 rows show their first and last ones with a
//   `⋮` line between; more than 16 panels, their first and last ones.
// - with colour, unlabelled rows, no values and no masked or missing cells,
//   two rows share a line (upper half block `▀`, foreground the upper row,
//   background the lower): twice as many rows per line, and the label of a
//   line is its upper row's index, so labels stay aligned.
// - panels go side by side while they fit the width, else one under another.
// Every label and the title pass through `VisibleText.oneLine`, so text from
// a document cannot drive the terminal.

extension Heatmap {
    /// Most lines one panel's rows take (taller matrices are elided).
    public static let maxTerminalLines = 32
    /// Most panels drawn (more are elided).
    public static let maxPanels = 16
    /// The shade characters, from the bottom of the scale to the top.
    public static let shades: [Character] = [" ", "░", "▒", "▓", "█"]

    /// The heatmap drawn in `width` columns (at least 20 are used), in
    /// 24-bit colour or with shade characters. Lines are separated by "\n";
    /// with colour, each ends with a reset.
    public func terminalText(width: Int, color: Bool) -> String {
        TerminalDrawing(self, width: max(Printer.minimumLineWidth, width), color: color).text
    }
}

/// One line of terminal text and how many columns it takes (escape
/// sequences take none).
struct TerminalLine {
    var text = ""
    var width = 0

    mutating func plain(_ s: String) {
        text += s
        width += DisplayWidth.of(s)
    }

    /// `s` (one column per character) in `style`'s escape sequence, reset after.
    mutating func painted(_ s: String, _ style: String) {
        text += style + s + TerminalDrawing.reset
        width += s.count
    }

    mutating func pad(to columns: Int) {
        if width < columns { plain(String(repeating: " ", count: columns - width)) }
    }
}

/// The decisions of the layout above, made once for all panels.
struct TerminalDrawing {
    static let reset = "\u{1B}[0m"
    static let gapColumn = "…"
    static let gapRow = "⋮"
    static let maskedMark = "·"
    static let missingMark = "?"
    static let maxLabelWidth = 12
    static let maxCellWidth = 7
    static let panelGap = 3

    let map: Heatmap
    let width: Int
    let color: Bool
    /// Two rows per line (see the header).
    let halfBlocks: Bool
    /// Whether numbers are written in the cells.
    let values: Bool
    let cellWidth: Int
    let labelWidth: Int
    /// The columns, rows (nil: a gap) and row labels shown.
    let columns: [Int?]
    let rows: [Int?]
    /// Each cell's number, by `valueKey`, when `values`.
    let valueTexts: [Int: String]

    init(_ map: Heatmap, width: Int, color: Bool) {
        self.map = map
        self.width = width
        self.color = color
        let halfBlocks = color && map.rowLabels == nil && !map.showValues && !map.scale.hasMasked && !map.scale.hasNaN
        self.halfBlocks = halfBlocks
        let rows = Elision.shown(count: map.rowCount, room: Heatmap.maxTerminalLines * (halfBlocks ? 2 : 1))
        self.rows = rows
        // Row labels: of the rows shown (of the upper row of each pair).
        let shownLabels = rows.compactMap { $0 }.enumerated().filter { !halfBlocks || $0.offset % 2 == 0 }
            .map { TerminalDrawing.label(map.rowLabel($0.element), TerminalDrawing.maxLabelWidth) }
        let labelWidth = min(max(shownLabels.map { DisplayWidth.of($0) }.max() ?? 1, 1), TerminalDrawing.maxLabelWidth, width / 3)
        self.labelWidth = labelWidth
        let room = width - labelWidth - 1

        // Numbers in the cells, when every column fits with them.
        var texts: [Int: String] = [:]
        var cellWidth = 0
        if map.showValues, map.columnCount * 3 <= room {
            let format = NumberFormat(precision: .digits(2))
            var widest = 1
            for p in Elision.shown(count: map.panelCount, room: Heatmap.maxPanels).compactMap({ $0 }) {
                for r in rows.compactMap({ $0 }) {
                    for c in 0..<map.columnCount {
                        let x = map.value(panel: p, row: r, column: c)
                        let text: String
                        switch map.mark(x) {
                        case .level: text = format.write(x)
                        case .masked: text = TerminalDrawing.maskedMark
                        case .missing: text = TerminalDrawing.missingMark
                        }
                        texts[TerminalDrawing.valueKey(p, r, c, map)] = text
                        widest = max(widest, text.count)
                    }
                }
            }
            // A blank before the number; without colour, its shade after it.
            let needed = widest + (color ? 1 : 2)
            if widest <= 6, needed * map.columnCount <= room { cellWidth = needed } else { texts = [:] }
        }
        values = !texts.isEmpty
        valueTexts = texts
        if !values {
            if let labels = map.columnLabels {
                let probe = Elision.shown(count: labels.count, room: room / 2).compactMap { $0 }
                let widest = probe.map { DisplayWidth.of(TerminalDrawing.label(labels[$0], TerminalDrawing.maxCellWidth)) }.max() ?? 1
                cellWidth = min(max(widest + 1, 2), TerminalDrawing.maxCellWidth)
                if cellWidth * map.columnCount > room { cellWidth = 2 }
                // Heads side by side read better than whole labels: narrow
                // the cells (to 3, two letters) when that puts two across.
                if map.panelCount > 1, let narrower = stride(from: cellWidth - 1, through: 3, by: -1).first(where: {
                    2 * (labelWidth + 1 + $0 * map.columnCount) + TerminalDrawing.panelGap <= width
                }), 2 * (labelWidth + 1 + cellWidth * map.columnCount) + TerminalDrawing.panelGap > width {
                    cellWidth = narrower
                }
            } else {
                cellWidth = halfBlocks ? 1 : 2
            }
        }
        self.cellWidth = cellWidth
        columns = Elision.shown(count: map.columnCount, room: max(3, room / cellWidth))
    }

    /// The key of a cell's number in `valueTexts`.
    static func valueKey(_ p: Int, _ r: Int, _ c: Int, _ map: Heatmap) -> Int {
        (p * map.rowCount + r) * map.columnCount + c
    }

    /// A label made safe for the terminal and cut to `width` columns.
    static func label(_ text: String, _ width: Int) -> String {
        DisplayWidth.truncate(VisibleText.oneLine(DisplayWidth.truncate(text, to: width)), to: width)
    }

    /// The columns a panel takes: its labels, a blank, and its cells.
    var panelWidth: Int { labelWidth + 1 + columns.count * cellWidth }

    var text: String {
        var lines: [String] = []
        let title = map.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if !title.isEmpty {
            let text = TerminalDrawing.label(title, width)
            lines.append(color ? "\u{1B}[1m" + text + TerminalDrawing.reset : text)
        }
        lines.append(scaleLine)
        let panels = Elision.shown(count: map.panelCount, room: Heatmap.maxPanels)
        let perLine = max(1, (width + TerminalDrawing.panelGap) / (panelWidth + TerminalDrawing.panelGap))
        var start = 0
        while start < panels.count {
            let group = panels[start..<min(panels.count, start + perLine)]
            let drawn = group.map { $0.map(panel) ?? gapPanel(skipped: map.panelCount - (panels.count - 1)) }
            for n in 0..<(drawn.first?.count ?? 0) {
                var line = TerminalLine()
                for (k, panel) in drawn.enumerated() {
                    if k > 0 { line.pad(to: k * (panelWidth + TerminalDrawing.panelGap)) }
                    line.text += panel[n].text
                    line.width += panel[n].width
                }
                lines.append(trimmed(line.text))
            }
            start += perLine
        }
        return lines.joined(separator: "\n")
    }

    /// A line without trailing blanks (a claim's comparison ignores them,
    /// and a terminal does not show them).
    func trimmed(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }

    // MARK: - Panels

    /// The lines of panel `p`, each `panelWidth` columns or less.
    func panel(_ p: Int) -> [TerminalLine] {
        var lines: [TerminalLine] = []
        if map.panelCount > 1 {
            var name = TerminalLine()
            name.plain(TerminalDrawing.label(map.panelName(p), panelWidth))
            lines.append(name)
        }
        lines.append(columnLabelLine)
        if halfBlocks {
            for pair in rowPairs { lines.append(pair.map { halfBlockLine(p, $0.upper, $0.lower) } ?? gapLine) }
        } else {
            for r in rows { lines.append(r.map { rowLine(p, $0) } ?? gapLine) }
        }
        return lines
    }

    /// Where the elided panels would be: their count, and blank lines.
    func gapPanel(skipped: Int) -> [TerminalLine] {
        var lines = panel(0).map { _ in TerminalLine() }
        var note = TerminalLine()
        note.plain(TerminalDrawing.label("… \(skipped) more", panelWidth))
        if !lines.isEmpty { lines[0] = note }
        return lines
    }

    /// The rows shown, two to a line, with nil for the gap.
    var rowPairs: [(upper: Int, lower: Int?)?] {
        var pairs: [(upper: Int, lower: Int?)?] = []
        var pending: Int?
        for r in rows {
            guard let r else {
                if let upper = pending { pairs.append((upper, nil)) }
                pending = nil
                pairs.append(nil)
                continue
            }
            if let upper = pending {
                pairs.append((upper, r))
                pending = nil
            } else {
                pending = r
            }
        }
        if let upper = pending { pairs.append((upper, nil)) }
        return pairs
    }

    /// The column labels: every one cut to its cell, or, for indices that do
    /// not fit every cell, every k-th.
    var columnLabelLine: TerminalLine {
        var line = TerminalLine()
        line.pad(to: labelWidth + 1)
        let start = line.width
        if map.columnLabels != nil {
            for (slot, c) in columns.enumerated() {
                guard let c else { continue }
                let label = TerminalDrawing.label(map.columnLabel(c), max(1, cellWidth - 1))
                // Over numbers, right-aligned as they are (before the shade).
                let indent = values ? cellWidth - (color ? 0 : 1) - DisplayWidth.of(label) : 0
                line.pad(to: start + slot * cellWidth + max(0, indent))
                line.plain(label)
            }
            return line
        }
        let digits = String(map.columnCount - 1).count
        let step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000].first { digits + 1 <= $0 * cellWidth } ?? 10_000
        var free = start
        for (slot, c) in columns.enumerated() {
            guard let c, c % step == 0 else { continue }
            let at = start + slot * cellWidth
            let text = String(c)
            guard at >= free, at + text.count <= start + columns.count * cellWidth else { continue }
            line.pad(to: at)
            line.plain(text)
            free = at + text.count + 1
        }
        return line
    }

    /// A row's label, right-aligned as numbers and left-aligned as words are.
    func rowLabel(_ text: String) -> TerminalLine {
        var line = TerminalLine()
        let label = TerminalDrawing.label(text, labelWidth)
        if map.rowLabels == nil { line.pad(to: labelWidth - DisplayWidth.of(label)) }
        line.plain(label)
        line.pad(to: labelWidth + 1)
        return line
    }

    func rowLine(_ p: Int, _ r: Int) -> TerminalLine {
        var line = rowLabel(map.rowLabel(r))
        for c in columns {
            guard let c else {
                line.plain(centred(TerminalDrawing.gapColumn))
                continue
            }
            cell(&line, map.value(panel: p, row: r, column: c), text: valueTexts[TerminalDrawing.valueKey(p, r, c, map)])
        }
        return line
    }

    /// The line standing for elided rows.
    var gapLine: TerminalLine {
        var line = TerminalLine()
        line.plain(TerminalDrawing.gapRow)
        line.pad(to: labelWidth + 1)
        for _ in columns { line.plain(centred(TerminalDrawing.gapRow)) }
        return line
    }

    /// `mark` in the middle of a cell (right of the middle in an even
    /// one, so a mark is never flush with the cell before it).
    func centred(_ mark: String) -> String {
        let before = min(cellWidth / 2, cellWidth - 1)
        return String(repeating: " ", count: before) + mark + String(repeating: " ", count: cellWidth - 1 - before)
    }

    /// One cell of a row line, with its number when `text` is given.
    func cell(_ line: inout TerminalLine, _ x: Double, text: String?) {
        let mark = map.mark(x)
        if let text {
            let padded = String(repeating: " ", count: max(0, cellWidth - (color ? 0 : 1) - text.count)) + text
            switch (mark, color) {
            case (.level(let t), true):
                let rgb = Heatmap.color(level: t)
                line.painted(padded, TerminalDrawing.background(rgb) + (rgb.prefersDarkText ? "\u{1B}[30m" : "\u{1B}[97m"))
            case (.level(let t), false): line.plain(padded + String(TerminalDrawing.shade(t)))
            case (.masked, true), (.missing, true): line.painted(padded, "\u{1B}[2m")
            case (.masked, false), (.missing, false): line.plain(padded + " ")
            }
            return
        }
        switch (mark, color) {
        case (.level(let t), true): line.painted(String(repeating: " ", count: cellWidth), TerminalDrawing.background(Heatmap.color(level: t)))
        case (.level(let t), false): line.plain(String(repeating: TerminalDrawing.shade(t), count: cellWidth))
        case (.masked, true): line.painted(centred(TerminalDrawing.maskedMark), "\u{1B}[2m")
        case (.masked, false): line.plain(centred(TerminalDrawing.maskedMark))
        case (.missing, true): line.painted(centred(TerminalDrawing.missingMark), TerminalDrawing.background(Heatmap.missingColor))
        case (.missing, false): line.plain(centred(TerminalDrawing.missingMark))
        }
    }

    /// Rows `upper` and `lower` (nil past the last row) on one line.
    func halfBlockLine(_ p: Int, _ upper: Int, _ lower: Int?) -> TerminalLine {
        var line = rowLabel(map.rowLabel(upper))
        for c in columns {
            guard let c else {
                line.plain(centred(TerminalDrawing.gapColumn))
                continue
            }
            // Only levels occur here: half blocks are used when nothing is masked or missing.
            func rgb(_ r: Int) -> RGB {
                if case .level(let t) = map.mark(map.value(panel: p, row: r, column: c)) { return Heatmap.color(level: t) }
                return Heatmap.missingColor
            }
            let top = TerminalDrawing.foreground(rgb(upper))
            let style = lower.map { top + TerminalDrawing.background(rgb($0)) } ?? top
            line.painted(String(repeating: "▀", count: cellWidth), style)
        }
        return line
    }

    // MARK: - Scale

    /// `scale MIN [ ░▒▓█] MAX` (with colour, a strip of 16 colours), then
    /// the legend of masked and missing cells. Where that is wider than the
    /// drawing may be, the word `scale` goes first, then half the strip,
    /// then the legend's blanks.
    var scaleLine: String {
        let format = NumberFormat(precision: .digits(4))
        let low = format.write(map.scale.min), high = format.write(map.scale.max)
        var legend: [String] = []
        if map.scale.hasMasked { legend.append("\(TerminalDrawing.maskedMark) masked") }
        if map.scale.hasNaN { legend.append("\(TerminalDrawing.missingMark) nan") }
        for (word, steps, gap) in [("scale ", 16, "   "), ("", 16, "   "), ("", 8, "   "), ("", 8, " ")] {
            var line = TerminalLine()
            line.plain(word + low + " ")
            if color {
                for n in 0..<steps {
                    line.painted(" ", TerminalDrawing.background(Heatmap.color(level: Double(n) / Double(steps - 1))))
                }
            } else {
                line.plain("[" + String(Heatmap.shades) + "]")
            }
            line.plain(" " + high)
            for item in legend { line.plain(gap + item) }
            if line.width <= width || gap == " " { return line.text }
        }
        return ""
    }

    static func shade(_ t: Double) -> Character {
        Heatmap.shades[min(Heatmap.shades.count - 1, Int(t * Double(Heatmap.shades.count)))]
    }

    static func background(_ c: RGB) -> String { "\u{1B}[48;2;\(c.red);\(c.green);\(c.blue)m" }
    static func foreground(_ c: RGB) -> String { "\u{1B}[38;2;\(c.red);\(c.green);\(c.blue)m" }
}
