import AttnCore

// A heatmap: the picture of a matrix of numbers (attention weights, scores),
// or of several matrices side by side (the heads of a [heads, Lq, Lk]
// tensor), with row and column labels (the tokens) and a title.
//
// The model is the one thing every front end builds and every edge draws:
// attn's `heatmap(...)` and `save_svg(...)` build it from their arguments,
// the Python dialect builds it from `plt.imshow`/`sns.heatmap` calls, and
// it is drawn as terminal text (`Heatmap+Terminal.swift`: 24-bit colour
// cells or, without colour, shade characters), as standalone SVG
// (`Heatmap+SVG.swift`) and, by `attn render`, inline in a page. It never
// draws itself: a step that shows one lists it in its outcome's `figures`,
// and the edge decides how (colour or not, which width).
//
// Contract:
// - values of rank 1 are one row; rank 2 a matrix; rank 3 one panel per
//   matrix of the last two axes (heads); rank ≥ 4 one panel per matrix too,
//   named by the indices of the leading axes. Rank 0 and empty axes are
//   refused. Any dtype; elements are read as float64.
// - the colour scale runs from the smallest to the largest finite value,
//   over all panels (one scale, so heads compare);
// - a cell is *masked* when its value is -inf (a masked score) or, when no
//   finite value is negative (weights, probabilities), exactly 0 (a masked
//   weight: softmax gives exact zeros only where keys were masked out or
//   underflowed); masked cells are drawn apart from small weights;
// - NaN is drawn as missing, +inf at the top of the scale;
// - labels are kept as given (untrusted text): each renderer makes them safe
//   for its medium (VisibleText on a terminal, XML escapes in SVG) and cuts
//   them to fit;
// - drawing is bounded whatever the size: renderers show at most a fixed
//   number of rows, columns and panels (`Elision`), so a matrix of 10^8
//   cells costs one pass for the scale and a bounded drawing.

/// A matrix (or panels of matrices) to draw as a heatmap.
public struct Heatmap: Sendable {
    /// The numbers, in the caller's shape and dtype (not copied).
    public let values: Tensor
    /// How many matrices (panels) `values` holds: the product of the axes
    /// before the last two (1 for a vector or a matrix).
    public let panelCount: Int
    public let rowCount: Int
    public let columnCount: Int
    /// One label per row (query tokens), or nil to number the rows from 0.
    public let rowLabels: [String]?
    /// One label per column (key tokens), or nil to number them from 0.
    public let columnLabels: [String]?
    /// Shown above the picture; empty for none.
    public let title: String
    /// Whether each cell's number is written in it (when it fits).
    public let showValues: Bool
    /// The colour scale and what kinds of cells occur.
    public let scale: Scale

    /// What the colours span, found in one pass over every element.
    public struct Scale: Sendable, Equatable {
        /// The smallest and largest finite values (0 and 1 when there is none).
        public var min: Double
        public var max: Double
        /// Whether exact zeros count as masked: no finite value is negative.
        public var masksZeros: Bool
        /// Whether any element is masked (see the contract above).
        public var hasMasked: Bool
        /// Whether any element is NaN.
        public var hasNaN: Bool
    }

    /// How one element is drawn.
    public enum Mark: Equatable, Sendable {
        /// A position on the colour scale, 0 (min) to 1 (max).
        case level(Double)
        /// -inf, or 0 among non-negative values.
        case masked
        /// NaN.
        case missing
    }

    /// Builds a heatmap of `values`; labels, when given, must name every
    /// row and column (see the contract above). Polls `Interrupt` while it
    /// reads the values.
    public init(_ values: Tensor, rowLabels: [String]? = nil, columnLabels: [String]? = nil,
                title: String = "", showValues: Bool = false) throws(HeatmapError) {
        let shape = values.shape
        guard !shape.isEmpty else {
            throw .values("a heatmap draws a vector, a matrix or heads of matrices, not a single number")
        }
        guard !shape.contains(0) else {
            throw .values("nothing to draw: a tensor of shape \(Tensor.describe(shape: shape)) has no elements")
        }
        columnCount = shape[shape.count - 1]
        rowCount = shape.count >= 2 ? shape[shape.count - 2] : 1
        panelCount = shape.dropLast(2).reduce(1, *)
        if let rowLabels, rowLabels.count != rowCount {
            throw .rowLabels("\(Heatmap.count(rowLabels.count, "label")) for \(Heatmap.count(rowCount, "row"))")
        }
        if let columnLabels, columnLabels.count != columnCount {
            throw .columnLabels("\(Heatmap.count(columnLabels.count, "label")) for \(Heatmap.count(columnCount, "column"))")
        }
        self.values = values
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.title = title
        self.showValues = showValues
        scale = try Heatmap.measure(values.storage)
    }

    /// The element at `row`, `column` of panel `panel`, as float64.
    public func value(panel: Int, row: Int, column: Int) -> Double {
        values.storage.double(at: (panel * rowCount + row) * columnCount + column)
    }

    /// How `x` is drawn on this heatmap's scale. A scale of one value
    /// (min = max) puts it in the middle.
    public func mark(_ x: Double) -> Mark {
        if x.isNaN { return .missing }
        if x == -.infinity || (x == 0 && scale.masksZeros) { return .masked }
        if x == .infinity { return .level(1) }
        guard scale.max > scale.min else { return .level(0.5) }
        return .level(Swift.min(1, Swift.max(0, (x - scale.min) / (scale.max - scale.min))))
    }

    /// The label of row `i` as given, or its index.
    public func rowLabel(_ i: Int) -> String { rowLabels?[i] ?? String(i) }

    /// The label of column `j` as given, or its index.
    public func columnLabel(_ j: Int) -> String { columnLabels?[j] ?? String(j) }

    /// The name of panel `p`: empty for a single matrix, `head 2` for the
    /// heads of a rank-3 tensor, the indices of the leading axes (`[1, 0]`)
    /// above that.
    public func panelName(_ p: Int) -> String {
        let leading = Array(values.shape.dropLast(2))
        switch leading.count {
        case 0: return ""
        case 1: return "head \(p)"
        default:
            var index: [Int] = []
            var rest = p
            for length in leading.reversed() {
                index.append(rest % length)
                rest /= length
            }
            return Tensor.describe(shape: index.reversed())
        }
    }

    /// `3 labels`, `1 row`.
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// One pass over the elements, by dtype: the finite range, and whether
    /// masked and missing cells occur.
    static func measure(_ storage: TensorStorage) throws(HeatmapError) -> Scale {
        var low = Double.infinity, high = -Double.infinity
        var negativeInfinity = false, zero = false, nan = false
        var sinceCheck = 0
        func visit(_ x: Double) {
            if x.isFinite {
                if x < low { low = x }
                if x > high { high = x }
                if x == 0 { zero = true }
            } else if x.isNaN {
                nan = true
            } else if x < 0 {
                negativeInfinity = true
            }
        }
        for offset in 0..<storage.count {
            visit(storage.double(at: offset))
            sinceCheck += 1
            if sinceCheck == Interrupt.pollInterval {
                sinceCheck = 0
                if Interrupt.isRequested { throw .interrupted }
            }
        }
        if low > high { (low, high) = (0, 1) }
        let masksZeros = low >= 0
        return Scale(min: low, max: high, masksZeros: masksZeros,
                     hasMasked: negativeInfinity || (zero && masksZeros), hasNaN: nan)
    }
}

/// Why a heatmap cannot be built, by the argument at fault.
public enum HeatmapError: Error, Equatable, Sendable {
    /// The values cannot be drawn (a number, an empty axis).
    case values(String)
    /// Row labels that do not match the rows.
    case rowLabels(String)
    /// Column labels that do not match the columns.
    case columnLabels(String)
    /// A stop was requested while the values were read.
    case interrupted

    public var message: String {
        switch self {
        case .values(let text), .rowLabels(let text), .columnLabels(let text): return text
        case .interrupted: return Diagnostic.interruptedMessage
        }
    }
}

/// Which of a long axis's positions a bounded view shows: all of them when
/// they fit in `room` slots; otherwise the first and last ones, with one
/// slot (`nil`) marking the gap between, as the printer shows the edges of
/// a summarized tensor. The terminal and SVG renderers share it, so both
/// elide the same rows, columns and panels.
enum Elision {
    /// The positions shown (nil: the gap) for `count` positions in `room`
    /// slots (at least 3 are used when eliding).
    static func shown(count: Int, room: Int) -> [Int?] {
        if count <= room { return Array(0..<count) }
        let slots = Swift.max(3, room) - 1
        let head = (slots + 1) / 2, tail = slots / 2
        return Array(0..<head) + [nil] + Array((count - tail)..<count)
    }
}
