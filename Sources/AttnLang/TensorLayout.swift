import AttnCore

// How the elements of a tensor are laid out as text, and why printing costs
// only what it shows.
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
// `TensorLayout` is that layout with the choices other dialects make, so
// that `attn fix` rewrites numpy's and PyTorch's claims with the same code:
// blanks instead of `, ` (numpy's `str`), tuples, rows on one line (Python's
// print), an `indent` for a prefix such as `array(` (continuation lines move
// right by as much) and `trailing` columns kept free for what follows.
// Elements may be written one by one, or all at once for formats decided
// from every element shown (numpy's floats). numpy's `str` strips the blanks
// a wrapped line ends in (its floats' right padding), and so does this.
//
// Summaries: above `threshold` elements (1,000, numpy's), an axis longer than
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
// before each row, and formatting every few thousand elements, so Ctrl-C
// stops it and the caller discards the text.

/// How the elements of a tensor are arranged as text: the one layout behind
/// attn's printer (`.attn`) and the claims that `attn fix` rewrites in
/// numpy's or PyTorch's dialect (commas or blanks, brackets or tuples,
/// continuation lines indented under a prefix such as `array(`).
public struct TensorLayout: Equatable, Sendable {
    /// Elements separated by `, ` (attn, numpy `repr`, PyTorch), else by a
    /// blank (numpy `str`).
    public var commas = true
    /// Sequences in parentheses, as Python writes tuples: `(1, 2)`, `(0.5,)`.
    public var tuples = false
    /// Whether the rows of a rank ≥ 2 tensor go on lines of their own (else
    /// everything stays on one line, as Python prints nested lists).
    public var multiline = true
    /// Whether elements are right-aligned to the widest shown one.
    public var aligned = true
    /// Columns written before the outermost bracket on the first line
    /// (`array(` is 6); continuation lines are indented by as many more.
    public var indent = 0
    /// Columns written after the outermost bracket (`)` of `array(...)`),
    /// kept free when rows wrap.
    public var trailing = 0
    /// The width rows wrap to, between elements; nil: rows never wrap.
    public var lineWidth: Int? = Printer.defaultLineWidth
    /// Whether a tensor of more than `threshold` elements shows only the
    /// edges of its long axes.
    public var summarizes = true
    /// The most elements shown whole (numpy's `threshold`).
    public var threshold = Printer.summarizeThreshold
    /// The indices shown at each end of a summarized axis (numpy's `edgeitems`).
    public var edgeItems = Printer.edgeItems

    public init(commas: Bool = true, tuples: Bool = false, multiline: Bool = true, aligned: Bool = true,
                indent: Int = 0, trailing: Int = 0, lineWidth: Int? = Printer.defaultLineWidth, summarizes: Bool = true) {
        self.commas = commas
        self.tuples = tuples
        self.multiline = multiline
        self.aligned = aligned
        self.indent = indent
        self.trailing = trailing
        self.lineWidth = lineWidth
        self.summarizes = summarizes
    }

    /// attn's printed form.
    public static let attn = TensorLayout()

    /// A tensor of `shape` as text, its elements written by `element`, which
    /// gets a row-major offset and is called once per shown element, in
    /// reading order. A rank-0 shape is its one element; an empty vector is
    /// `[]`, and other empty shapes are written `zeros(SHAPE)`, which attn
    /// and the claim reader read back.
    public func write(shape: [Int], element: (Int) -> String) -> String {
        layout(shape: shape, element: element).text
    }

    /// Like `write(shape:element:)`, for formats decided from all the
    /// elements shown (numpy's): `texts` gets the row-major offsets of the
    /// shown elements, in reading order, and returns their texts.
    public func write(shape: [Int], texts: ([Int]) -> [String]) -> String {
        layout(shape: shape, texts: texts).text
    }

    /// The text and how many elements were written for it.
    func layout(shape: [Int], element: (Int) -> String) -> (text: String, formatted: Int) {
        layout(shape: shape) { offsets in
            // Polled as the walk polls before each row: a stop leaves the
            // rest unformatted (and the caller discards the text).
            var texts: [String] = []
            texts.reserveCapacity(offsets.count)
            for (n, offset) in offsets.enumerated() {
                if n % 4096 == 0 && Interrupt.isRequested { break }
                texts.append(element(offset))
            }
            return texts
        }
    }

    func layout(shape: [Int], texts: ([Int]) -> [String]) -> (text: String, formatted: Int) {
        if shape.isEmpty { return (texts([0]).first ?? "", 1) }
        let count = shape.reduce(1, *)
        if count == 0 {
            return (shape.count == 1 ? (tuples ? "()" : "[]") : "zeros(\(Tensor.describe(shape: shape)))", 0)
        }
        let shown = shownElements(shape: shape)
        var collector = OffsetCollector()
        shown.walk(&collector)
        let written = texts(collector.offsets)
        var writer = WrappingWriter(texts: written, shape: shape, layout: self)
        shown.walk(&writer)
        return (writer.out, written.count)
    }

    /// The elements a non-empty tensor of `shape` shows.
    func shownElements(shape: [Int]) -> ShownElements {
        ShownElements(shape: shape, summarized: summarizes && shape.reduce(1, *) > threshold, edgeItems: edgeItems)
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
    let edgeItems: Int

    func slotCount(axis: Int) -> Int {
        isCut(axis) ? 2 * edgeItems + 1 : shape[axis]
    }

    /// The index along `axis` that `slot` shows; nil for the `...` slot.
    func index(slot: Int, axis: Int) -> Int? {
        guard isCut(axis) else { return slot }
        let e = edgeItems
        if slot < e { return slot }
        if slot == e { return nil }
        return shape[axis] - (2 * e + 1 - slot)
    }

    private func isCut(_ axis: Int) -> Bool {
        summarized && shape[axis] > 2 * edgeItems
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

/// Collects the offsets of the shown elements, in reading order.
private struct OffsetCollector: ShownElementSink {
    var offsets: [Int] = []

    mutating func open(_ count: Int) {}
    mutating func close(_ count: Int) {}
    mutating func separator(axis: Int) {}
    mutating func element(at offset: Int) { offsets.append(offset) }
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
    let shape: [Int]
    var rank: Int { shape.count }
    let layout: TensorLayout
    /// An element must end by this column (0-based, exclusive) unless it is
    /// first on its line: the line width less room for `rank` closing
    /// brackets and what follows the value.
    let limit: Int
    var out = ""
    /// The current line's length so far.
    var column: Int
    /// Whether the next word of the innermost row follows a separator.
    var pendingSeparator = false

    init(texts: [String], shape: [Int], layout: TensorLayout) {
        self.texts = texts
        self.width = layout.aligned ? texts.map(\.utf8.count).max() ?? 1 : 0
        self.shape = shape
        self.layout = layout
        self.limit = layout.lineWidth.map { $0 - shape.count - layout.trailing } ?? Int.max
        self.column = layout.indent
    }

    mutating func open(_ count: Int) {
        out += String(repeating: layout.tuples ? "(" : "[", count: count)
        column += count
    }

    mutating func close(_ count: Int) {
        if layout.tuples {
            // Python writes a one-element tuple with a trailing comma: (0.5,).
            for axis in stride(from: rank - 1, through: rank - count, by: -1) {
                out += shape[axis] == 1 ? ",)" : ")"
            }
        } else {
            out += String(repeating: "]", count: count)
        }
        column += count
        pendingSeparator = false
    }

    mutating func separator(axis: Int) {
        if axis == rank - 1 {
            pendingSeparator = true
            return
        }
        guard layout.multiline else {
            out += layout.commas ? ", " : " "
            column += layout.commas ? 2 : 1
            return
        }
        // Between blocks: a newline, plus one blank line per axis inside
        // `axis` beyond the rows, then the indent of the block's bracket.
        out += (layout.commas ? "," : "") + String(repeating: "\n", count: rank - 1 - axis)
            + String(repeating: " ", count: layout.indent + axis + 1)
        column = layout.indent + axis + 1
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
        if pendingSeparator {
            pendingSeparator = false
            let separator = layout.commas ? ", " : " "
            if column + separator.utf8.count + text.utf8.count > limit {
                // numpy strips the blanks a line ends in (the padding of a
                // numpy float's fraction, `2.  `) before it breaks it.
                if !layout.commas { while out.hasSuffix(" ") { out.removeLast() } }
                out += (layout.commas ? "," : "") + "\n" + String(repeating: " ", count: layout.indent + rank)
                column = layout.indent + rank
            } else {
                out += separator
                column += separator.utf8.count
            }
        }
        out += text
        column += text.utf8.count
    }
}
