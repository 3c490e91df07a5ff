import AttnCore

// How a tensor is printed: attn's literal for it, the cast around a value
// of another dtype than float64, each element as its dtype writes it, and
// the one-line preview of the shell's `:vars`. The arrangement, wrapping and
// summaries are `TensorLayout`'s (TensorLayout.swift).

extension Printer {
    /// `t` as an attn literal whose rows wrap to `lineWidth` columns; above
    /// `summarizeThreshold` elements only the edges are shown, unless
    /// `summarize` is false (a claim must show every element). A tensor of
    /// another dtype than float64 is written inside its cast (`f32([0.1,
    /// 0.2])`, `bool([true, false])`), so that it reads back with its dtype.
    /// When a stop is requested (`Interrupt`) it returns early with partial
    /// text, which callers must not show.
    public static func format(_ t: Tensor, precision: Precision, lineWidth: Int = defaultLineWidth,
                              summarize: Bool = true) -> String {
        layout(t, precision: precision, lineWidth: lineWidth, summarize: summarize).text
    }

    /// The printed text and how many elements were turned into text for it
    /// (what tests count to show that printing does not touch every element).
    static func layout(_ t: Tensor, precision: Precision, lineWidth: Int,
                       summarize: Bool = true) -> (text: String, formatted: Int) {
        let wrapper = wrapper(for: t.dtype)
        var layout = TensorLayout.attn
        layout.lineWidth = lineWidth
        layout.summarizes = summarize
        layout.indent = wrapper.prefix.count
        layout.trailing = wrapper.suffix.count
        let (text, formatted) = layout.layout(shape: t.shape, element: elementWriter(t, float: NumberFormat(precision: precision)))
        return (wrapper.prefix + text + wrapper.suffix, formatted)
    }

    /// What attn writes around a value of `dtype` so that it reads back with
    /// that dtype: its cast, `f32(` and `)`, `bool(` and `)`; nothing around
    /// float64, the dtype of attn's literals.
    public static func wrapper(for dtype: DType) -> (prefix: String, suffix: String) {
        dtype == .float64 ? ("", "") : (dtype.castName + "(", ")")
    }

    /// Element `offset` (row-major) of `t` as text, by its dtype: floats by
    /// `float` (a float32 value at float32's precision: see
    /// `NumberFormat.isFloat32`), integers whole and exact, booleans as
    /// `words`. The one place a dtype's elements become text, for attn's
    /// printer, claims and rewrites, and numpy's dialect.
    public static func elementWriter(_ t: Tensor, float: NumberFormat,
                                     words: (true: String, false: String) = ("true", "false")) -> (Int) -> String {
        switch t.storage {
        case .float64(let a):
            return { float.write(a[$0]) }
        case .float32(let a):
            var single = float
            single.isFloat32 = true
            return { single.write(Double(a[$0])) }
        case .int64(let a): return { String(a[$0]) }
        case .int32(let a): return { String(a[$0]) }
        case .bool(let a): return { a[$0] ? words.true : words.false }
        }
    }

    /// The start of `t` on one line of at most `maxCharacters` characters,
    /// for listings such as the shell's `:vars` (which shows the dtype
    /// beside it, so the cast around a non-float64 value is left out):
    /// elements in row-major order without padding, every level separated
    /// by `, `, and `...` where the text was cut. Only the elements that fit
    /// are formatted, so the cost does not depend on the tensor's size.
    public static func preview(_ t: Tensor, precision: Precision, maxCharacters: Int) -> String {
        let limit = max(4, maxCharacters)
        let element = elementWriter(t, float: NumberFormat(precision: precision))
        if t.isScalar || t.count == 0 {
            let text = TensorLayout.attn.write(shape: t.shape, element: element)
            return text.utf8.count <= limit ? text : String(text.prefix(limit - 3)) + "..."
        }
        var writer = PreviewWriter(element: element, limit: limit)
        ShownElements(shape: t.shape, summarized: false, edgeItems: Printer.edgeItems).walk(&writer)
        return writer.result
    }
}


/// Writes a one-line preview until `limit` characters, then cuts it at the
/// last element that leaves room for `, ...`. All text is ASCII.
private struct PreviewWriter: ShownElementSink {
    let element: (Int) -> String
    let limit: Int
    var out = ""
    /// The length of `out` after the last element that leaves room for `, ...`.
    var lastFit = 0

    init(element: @escaping (Int) -> String, limit: Int) {
        self.element = element
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
        out += element(offset)
        if out.utf8.count + 5 <= limit { lastFit = out.utf8.count }
    }

    mutating func ellipsis(axis: Int) { out += "..." }
}
