/// Draws diagnostics for people: `FILE:LINE:COL: error: message`, the
/// source line, a caret span under the offending text, then notes. The one
/// place that decides how an error looks, for the CLI, the shell and docs.
///
/// The source line is fitted to `width` columns, the terminal's (the caller
/// passes it; 75 when the output is not a terminal), so the terminal never
/// wraps it and the caret stays under the right character: a longer line is
/// shown as a window around the error with `...` where text was cut. Columns
/// are counted as a terminal draws them (`DisplayWidth`: CJK two, combining
/// marks none); a tab is budgeted as 8 and repeated in the caret line, which
/// keeps the two lines on the same tab stops.
public enum Renderer {
    public static func render(_ d: Diagnostic, in source: SourceFile, color: Bool, width: Int = Printer.defaultLineWidth) -> String {
        let (line, column) = source.location(of: d.range.start)
        // Control characters in the echoed line (a stray escape sequence, a
        // carriage return, a bidirectional override) would act on the
        // terminal: `VisibleText` shows each as one visible character, which
        // keeps the columns. Tabs stay, for the caret line below.
        let text = Array(VisibleText.visible(source.lineText(containing: d.range.start)))
        let (endLine, endColumn) = source.location(of: d.range.end)
        let start = min(max(0, column - 1), text.count)
        let end = endLine == line ? max(start + 1, endColumn - 1) : max(start + 1, text.count)
        let red = color ? "\u{1B}[1;31m" : "", bold = color ? "\u{1B}[1m" : "", cyan = color ? "\u{1B}[36m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        let gutter = String(line)
        let pad = String(repeating: " ", count: gutter.count)
        // What follows the gutter, `N | `, must fit in the rest of the width.
        let excerpt = Excerpt(text, caret: start..<end, columns: max(16, width - gutter.count - 3))
        var out = "\(bold)\(source.name):\(line):\(column): \(red)error:\(reset)\(bold) \(d.message)\(reset)\n"
        out += "\(cyan)\(gutter) |\(reset) \(excerpt.text)\n"
        out += "\(cyan)\(pad) |\(reset) \(excerpt.lead)\(red)^\(String(repeating: "~", count: max(0, excerpt.caretWidth - 1)))\(reset)"
        for note in d.notes { out += "\n\(cyan)\(pad) = note:\(reset) \(note)" }
        return out
    }
}

/// The part of a source line shown under an error, and the caret line's
/// indent and span width for it.
struct Excerpt {
    /// The line, or a window of it with `...` where text was cut.
    var text = ""
    /// Blanks (and the line's own tabs) up to the caret.
    var lead = ""
    /// Columns of the caret span: `^` and `~`s.
    var caretWidth = 1

    static let marker = "..."

    /// Fits `line` into `columns`, keeping `caret` (character offsets; its
    /// start may be the line's end, for an error at the end of input) in view:
    /// the whole line when it fits; else from the line's start when the caret
    /// is near it, to the line's end when the caret is near that, and
    /// otherwise a third of the window before the caret and the rest after.
    init(_ line: [Character], caret: Range<Int>, columns: Int) {
        let n = line.count
        // Budget widths: a tab may advance up to 8 columns.
        var before = [0]  // before[i]: columns of line[0..<i]
        before.reserveCapacity(n + 1)
        for c in line { before.append((before.last ?? 0) + (c == "\t" ? 8 : DisplayWidth.of(c))) }
        func cols(_ a: Int, _ b: Int) -> Int { before[b] - before[a] }
        let start = caret.lowerBound
        let pastEnd = start >= n ? 1 : 0  // a caret after the last character needs a column
        let mark = Excerpt.marker.count

        var lo = 0, hi = n
        if cols(0, n) + pastEnd > columns {
            let wanted = min(max(1, cols(start, min(caret.upperBound, n)) + pastEnd), columns / 2)
            let leftContext = (columns - 2 * mark) / 3
            if cols(0, start) + wanted + mark <= columns {
                hi = start  // from the start of the line
            } else if mark + leftContext + cols(start, n) + pastEnd <= columns {
                // To the end of the line, with as much before the caret as fits.
                lo = start
                while lo > 0 && mark + cols(lo - 1, n) + pastEnd <= columns { lo -= 1 }
            } else {
                lo = start
                while lo > 0 && cols(lo - 1, start) <= leftContext { lo -= 1 }
                hi = start
            }
            // Grow to the right while the text and its markers fit.
            if hi < n {
                let left = lo > 0 ? mark : 0
                while hi < n {
                    let last = hi + 1 == n
                    guard left + cols(lo, hi + 1) + (last ? pastEnd : mark) <= columns else { break }
                    hi += 1
                }
            }
        }
        let window = line[lo..<hi]
        text = (lo > 0 ? Excerpt.marker : "") + String(window) + (hi < n ? Excerpt.marker : "")
        lead = (lo > 0 ? String(repeating: " ", count: mark) : "")
            + line[lo..<min(start, hi)].map { $0 == "\t" ? "\t" : String(repeating: " ", count: DisplayWidth.of($0)) }.joined()
        let spanEnd = min(caret.upperBound, hi)
        caretWidth = max(1, spanEnd > start ? DisplayWidth.of(line[start..<spanEnd]) : 1)
    }
}

/// How a stopped run is reported: not as an error with a caret (the program
/// did nothing wrong) but as one line, naming where it stopped when that was
/// in a script.
extension Renderer {
    /// `interrupted`, or `interrupted at FILE:LINE` inside a named file
    /// (sources named like `<input 3>` or `<command line>` are not files).
    public static func renderInterrupted(_ d: Diagnostic, in source: SourceFile) -> String {
        guard !source.name.hasPrefix("<") else { return d.message }
        let (line, _) = source.location(of: d.range.start)
        return "\(d.message) at \(source.name):\(line)"
    }
}
