import AttnCore

// How a tensor is printed, and why it costs only what it shows.
//
// Layout (numpy's `array2string` with `separator=", "`): nested brackets, one
// row of the innermost axis per line, a blank line more between blocks for
// each outer axis, every element right-aligned to the widest shown one.
// A row wider than the line width wraps between elements: an element goes on
// the current line when the line, its separator and the element end at least
// `rank` columns before the width (room for the closing brackets); otherwise
// the line ends after the comma and the element starts a new line indented
// `rank` columns, under the row's first element. An element never moves to
// a new line when it is the first on its line, so a too-narrow width gives
// one element per line, never an empty one.
//
// Summaries: above `summarizeThreshold` elements, an axis longer than
// 2·edgeItems shows its first and last `edgeItems` indices with a `...` slot
// between them. Which elements are shown is decided from the shape alone;
// only those are read and formatted, and the column width comes from them,
// so printing a 2^28-element tensor formats 6 numbers.
//
// Cost: the walk below keeps one slot counter per axis and emits each
// bracket once, so printing is linear in the rank plus the text written
// (no recursion, no per-level copies of the shape). A tensor whose axes are
// all too short to cut (`zeros([6, 6, 6, 6, 6, 6, 6, 6, 6])`, 10 million
// elements) is still shown whole, as numpy does; the walk polls `Interrupt`
// before each row, so Ctrl-C stops it and the caller discards the text.

extension Printer {
    /// `t` as an attn literal whose rows wrap to `lineWidth` columns. When a
    /// stop is requested (`Interrupt`) it returns early with partial text,
    /// which callers must not show.
    public static func format(_ t: Tensor, precision: Precision, lineWidth: Int = defaultLineWidth) -> String {
        layout(t, precision: precision, lineWidth: lineWidth).text
    }

    /// The printed text and how many elements were turned into text for it
    /// (what tests count to show that printing does not touch every element).
    static func layout(_ t: Tensor, precision: Precision, lineWidth: Int) -> (text: String, formatted: Int) {
        if t.isScalar { return (number(t.scalars[0], precision), 1) }
        if t.count == 0 {
            // `[]` is an empty vector; other empty shapes read back through zeros().
            return (t.rank == 1 ? "[]" : "zeros(\(Tensor.describe(shape: t.shape)))", 0)
        }
        let shown = ShownElements(shape: t.shape, summarized: t.count > summarizeThreshold)
        var texts = TextCollector(scalars: t.scalars, precision: precision)
        shown.walk(&texts)
        var writer = WrappingWriter(texts: texts.texts, rank: t.rank, lineWidth: lineWidth)
        shown.walk(&writer)
        return (writer.out, texts.texts.count)
    }

    /// The start of `t` on one line of at most `maxCharacters` characters,
    /// for listings such as the shell's `:vars`: elements in row-major order
    /// without padding, every level separated by `, `, and `...` where the
    /// text was cut. Only the elements that fit are formatted, so the cost
    /// does not depend on the tensor's size.
    public static func preview(_ t: Tensor, precision: Precision, maxCharacters: Int) -> String {
        let limit = max(4, maxCharacters)
        if t.isScalar || t.count == 0 {
            let text = format(t, precision: precision)
            return text.utf8.count <= limit ? text : String(text.prefix(limit - 3)) + "..."
        }
        var writer = PreviewWriter(scalars: t.scalars, precision: precision, limit: limit)
        ShownElements(shape: t.shape, summarized: false).walk(&writer)
        return writer.result
    }
}

/// What a walk over the shown elements reports, in reading order.
protocol ShownElementSink {
    /// Opens `count` nested brackets.
    mutating func open(_ count: Int)
    /// Closes `count` nested brackets.
    mutating func close(_ count: Int)
    /// Goes between two items of `axis`.
    mutating func separator(axis: Int)
    /// The element at row-major `offset`.
    mutating func element(at offset: Int)
    /// The `...` slot of a summarized `axis`.
    mutating func ellipsis(axis: Int)
    /// Whether the walk may stop early (the sink has all it needs).
    var isFull: Bool { get }
}

extension ShownElementSink {
    var isFull: Bool { false }
}

/// Which elements of a non-empty tensor of rank ≥ 1 a printout shows.
/// An axis has `slotCount` slots: one per index, or, when summarized and
/// longer than 2·edgeItems, the first and last `edgeItems` indices with
/// the `...` slot between them.
struct ShownElements {
    let shape: [Int]
    let summarized: Bool

    func slotCount(axis: Int) -> Int {
        isCut(axis) ? 2 * Printer.edgeItems + 1 : shape[axis]
    }

    /// The index along `axis` that `slot` shows; nil for the `...` slot.
    func index(slot: Int, axis: Int) -> Int? {
        guard isCut(axis) else { return slot }
        let e = Printer.edgeItems
        if slot < e { return slot }
        if slot == e { return nil }
        return shape[axis] - (2 * e + 1 - slot)
    }

    private func isCut(_ axis: Int) -> Bool {
        summarized && shape[axis] > 2 * Printer.edgeItems
    }

    /// Reports the brackets, separators, elements and `...` slots in
    /// reading order, without recursion: `slots[a]` is the slot being shown
    /// along axis a and `base[a]` the offset of the block that axis runs
    /// through, so the work is proportional to what is reported.
    func walk<Sink: ShownElementSink>(_ sink: inout Sink) {
        let rank = shape.count
        guard rank > 0 else { return }
        let strides = Tensor.strides(for: shape)
        let inner = rank - 1
        var slots = [Int](repeating: 0, count: rank)
        var base = [Int](repeating: 0, count: rank)
        // Slot 0 of every axis is index 0 (a cut axis starts with its edge items).
        sink.open(rank)
        while !sink.isFull && !Interrupt.isRequested {
            // One row of the innermost axis.
            for slot in 0..<slotCount(axis: inner) {
                if slot > 0 { sink.separator(axis: inner) }
                if let i = index(slot: slot, axis: inner) {
                    sink.element(at: base[inner] + i * strides[inner])
                } else {
                    sink.ellipsis(axis: inner)
                }
                if sink.isFull { return }
            }
            // Close blocks until an outer axis has a slot left.
            var axis = inner, closing = 1
            while true {
                guard axis > 0 else {
                    sink.close(closing)
                    return
                }
                axis -= 1
                slots[axis] += 1
                if slots[axis] < slotCount(axis: axis) { break }
                closing += 1
            }
            sink.close(closing)
            sink.separator(axis: axis)
            if index(slot: slots[axis], axis: axis) == nil {
                sink.ellipsis(axis: axis)
                sink.separator(axis: axis)
                slots[axis] += 1
            }
            // Open the next block down to a new row.
            let i = index(slot: slots[axis], axis: axis) ?? 0
            base[axis + 1] = base[axis] + i * strides[axis]
            for a in (axis + 1)..<inner {
                slots[a] = 0
                base[a + 1] = base[a]
            }
            sink.open(inner - axis)
        }
    }
}

/// Formats the shown elements, in reading order.
private struct TextCollector: ShownElementSink {
    let scalars: [Double]
    let precision: Precision
    var texts: [String] = []

    mutating func open(_ count: Int) {}
    mutating func close(_ count: Int) {}
    mutating func separator(axis: Int) {}
    mutating func element(at offset: Int) { texts.append(Printer.number(scalars[offset], precision)) }
    mutating func ellipsis(axis: Int) {}
}

/// Writes the layout described at the top of this file. All text is ASCII,
/// so `column` counts UTF-8 bytes.
private struct WrappingWriter: ShownElementSink {
    /// The shown elements' texts, in reading order, and the next one to write.
    let texts: [String]
    var next = 0
    /// Every element is right-aligned to this many columns.
    let width: Int
    let rank: Int
    /// An element must end by this column (0-based, exclusive) unless it is
    /// first on its line: the line width less room for `rank` closing brackets.
    let limit: Int
    var out = ""
    /// The current line's length so far.
    var column = 0
    /// Whether the next word of the innermost row follows a `, `.
    var pendingComma = false

    init(texts: [String], rank: Int, lineWidth: Int) {
        self.texts = texts
        self.width = texts.map(\.utf8.count).max() ?? 1
        self.rank = rank
        self.limit = lineWidth - rank
    }

    mutating func open(_ count: Int) {
        out += String(repeating: "[", count: count)
        column += count
    }

    mutating func close(_ count: Int) {
        out += String(repeating: "]", count: count)
        column += count
        pendingComma = false
    }

    mutating func separator(axis: Int) {
        if axis == rank - 1 {
            pendingComma = true
            return
        }
        // Between blocks: a newline, plus one blank line per axis inside
        // `axis` beyond the rows, then the indent of the block's bracket.
        out += "," + String(repeating: "\n", count: rank - 1 - axis) + String(repeating: " ", count: axis + 1)
        column = axis + 1
    }

    /// The second walk reports the elements in the order the first one
    /// formatted them, so the next text is this element's.
    mutating func element(at offset: Int) {
        guard next < texts.count else { return }
        let text = texts[next]
        next += 1
        word(String(repeating: " ", count: max(0, width - text.utf8.count)) + text)
    }

    mutating func ellipsis(axis: Int) {
        if axis == rank - 1 {
            word("...")
        } else {
            out += "..."
            column += 3
        }
    }

    /// Adds an element (or `...`) of the innermost row, wrapping before it
    /// when it would pass `limit` and is not the first on its line.
    private mutating func word(_ text: String) {
        if pendingComma {
            pendingComma = false
            if column + 2 + text.utf8.count > limit {
                out += ",\n" + String(repeating: " ", count: rank)
                column = rank
            } else {
                out += ", "
                column += 2
            }
        }
        out += text
        column += text.utf8.count
    }
}

/// Writes a one-line preview until `limit` characters, then cuts it at the
/// last element that leaves room for `, ...`. All text is ASCII.
private struct PreviewWriter: ShownElementSink {
    let scalars: [Double]
    let precision: Precision
    let limit: Int
    var out = ""
    /// The length of `out` after the last element that leaves room for `, ...`.
    var lastFit = 0

    init(scalars: [Double], precision: Precision, limit: Int) {
        self.scalars = scalars
        self.precision = precision
        self.limit = limit
    }

    var isFull: Bool { out.utf8.count > limit }

    var result: String {
        guard isFull else { return out }
        if lastFit > 0 { return String(out.utf8.prefix(lastFit)).map { $0 + ", ..." } ?? "..." }
        return String(out.utf8.prefix(limit - 3)).map { $0 + "..." } ?? "..."
    }

    mutating func open(_ count: Int) {
        // A rank of thousands is not written out in full: `limit` brackets cut it.
        out += String(repeating: "[", count: min(count, limit + 1))
    }

    mutating func close(_ count: Int) {
        out += String(repeating: "]", count: min(count, limit + 1))
    }

    mutating func separator(axis: Int) { out += ", " }

    mutating func element(at offset: Int) {
        out += Printer.number(scalars[offset], precision)
        if out.utf8.count + 5 <= limit { lastFit = out.utf8.count }
    }

    mutating func ellipsis(axis: Int) { out += "..." }
}
