import AttnCore
import Foundation

/// Writing values the way a document wrote its claim, for `attn fix`.
extension ClaimComparison {
    /// Writes `x` in the notation `number` was written in, so a corrected claim
    /// keeps the document's precision:
    /// - `0.7325` (k decimals): `x` rounded to k decimals, `0.731058` → `0.7311`;
    /// - `2` or `1.` (exact): `x` as an integer (`3`, `3.`) when it is integral,
    ///   else the shortest text that reads back as exactly `x`;
    /// - `1.50e-3` (e-notation): the same mantissa digits and exponent spelling,
    ///   `0.0015` → `1.50e-3`, while `1.00000000e+00` gives `1.50000000e-03`;
    /// - booleans: the same family (`True`/`False`) when `x` is 1 or 0;
    /// - `inf`/`nan`, or any text that is not a number: the shortest exact text.
    /// A non-finite `x` is always `inf`, `-inf` or `nan`.
    public static func format(_ x: Double, like number: ExpectedNumber) -> String {
        guard x.isFinite, let notation = NumberLiteral(number.text)?.notation else { return shortest(x) }
        switch notation {
        case .decimal(let digits):
            return String(format: "%.\(digits)f", x)
        case .integer:
            return x.rounded() == x ? String(format: "%.0f", x) : shortest(x)
        case .barePoint:
            return x.rounded() == x ? String(format: "%.0f", x) + "." : shortest(x)
        case .exponent(let digits, let style):
            return exponential(x, digits: digits, style: style)
        case .special:
            return shortest(x)
        case .boolean(let trueText, let falseText):
            return x == 1 ? trueText : (x == 0 ? falseText : shortest(x))
        }
    }

    /// Writes `actual` as a claim in `style` (see `ClaimParser.parseStyled`).
    ///
    /// When `claim` is a value claim of the same shape, each element is written
    /// like the claimed number at its index; when the shapes differ, every
    /// element is written like the claim's most precise number (the smallest
    /// nonzero tolerance, else its first number); otherwise in the shortest
    /// exact text. Rows of rank ≥ 2 values go on separate lines when the style
    /// is multi-line, indented under their opening bracket as numpy and
    /// PyTorch do, with a blank line between blocks of rank 3 and more.
    public static func format(_ actual: Tensor, like claim: Claim, style: ClaimStyle = .attn) -> String {
        var cells: [String]
        switch claim {
        case .value(let shape, let numbers) where shape == actual.shape && numbers.count == actual.count:
            cells = zip(actual.scalars, numbers).map { format($0, like: $1) }
        case .value(_, let numbers):
            let template = numbers.filter { $0.tolerance > 0 }.min { $0.tolerance < $1.tolerance } ?? numbers.first
            cells = actual.scalars.map { x in template.map { format(x, like: $0) } ?? shortest(x) }
        case .error, .text:
            cells = actual.scalars.map(shortest)
        }
        if style.aligned, let width = cells.map(\.count).max() {
            cells = cells.map { String(repeating: " ", count: width - $0.count) + $0 }
        }
        // A tensor whose elements do not fill its shape is written as a flat list.
        let shape = actual.shape.reduce(1, *) == cells.count ? actual.shape : [cells.count]
        let layout = Layout(cells: cells, shape: shape, strides: Tensor.strides(for: shape), style: style)
        let body = shape.isEmpty ? (cells.first ?? "") : layout.block(level: 0, offset: 0)
        return style.prefix + body + style.suffix
    }

    /// The shortest text that reads back as exactly `x`: `3` for integral values.
    private static func shortest(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf") }
        return x.rounded() == x && abs(x) < 1e16 ? String(format: "%.0f", x) : "\(x)"
    }

    /// `x` in e-notation with `digits` mantissa decimals and the exponent spelled
    /// like `style` (marker, explicit `+`, zero padding).
    private static func exponential(_ x: Double, digits: Int, style: ExponentStyle) -> String {
        let printed = String(format: "%.\(digits)e", x)  // C spelling: "-1.50e-03"
        guard let e = printed.firstIndex(of: "e"), let exponent = Int(printed[printed.index(after: e)...]) else {
            return printed
        }
        let magnitude = String(abs(exponent))
        let padded = String(repeating: "0", count: max(0, style.minDigits - magnitude.count)) + magnitude
        let sign = exponent < 0 ? "-" : (style.plusSign ? "+" : "")
        return printed[..<e] + String(style.marker) + sign + padded
    }
}

/// Lays out the cells of a tensor as nested sequences in a claim style.
private struct Layout {
    let cells: [String]
    let shape: [Int]
    let strides: [Int]
    let style: ClaimStyle

    /// Continuation lines line up under the first bracket, after the prefix.
    var indent: Int { style.prefix.split(separator: "\n", omittingEmptySubsequences: false).last?.count ?? 0 }

    func block(level: Int, offset: Int) -> String {
        let (open, close) = style.tuples ? ("(", ")") : ("[", "]")
        guard level < shape.count, level < strides.count else { return "" }
        let n = shape[level]
        let innermost = level == shape.count - 1
        let items: [String] = (0..<n).map { i in
            let at = offset + i * strides[level]
            if innermost { return at < cells.count ? cells[at] : "" }
            return block(level: level + 1, offset: at)
        }
        let separator: String
        if innermost || !style.multiline {
            separator = style.commas ? ", " : " "
        } else {
            separator = (style.commas ? "," : "") + String(repeating: "\n", count: shape.count - level - 1)
                + String(repeating: " ", count: indent + level + 1)
        }
        // Python writes a one-element tuple with a trailing comma: (0.5,).
        let trailer = style.tuples && n == 1 ? "," : ""
        return open + items.joined(separator: separator) + trailer + close
    }
}
