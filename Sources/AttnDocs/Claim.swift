import AttnCore
import AttnLang

/// One number of a claim, with the precision it was written at.
///
/// Contract: an actual value `a` satisfies the number when
/// - `value` is NaN and `a` is NaN (NaN matches only NaN);
/// - `value` is ±inf and `a` is the same infinity;
/// - otherwise `a` is finite and `|a − value| ≤ tolerance + slack`, where
///   `slack = tolerance · 1e-9 + |value| · 1e-12` absorbs binary rounding of
///   decimal text (so `0.125` read back from `0.12` at tolerance 0.005 still holds).
///
/// `tolerance` follows from `text` (see `ExpectedNumber.init?(text:)`): half a unit
/// in the last written place, or 0 for integers, booleans, inf and NaN.
public struct ExpectedNumber: Equatable, Sendable, CustomStringConvertible {
    /// The value the text denotes, correctly rounded to a `Double`.
    public var value: Double
    /// The number exactly as the document wrote it, e.g. `0.7311` or `1.50e-3`.
    public var text: String
    /// The largest absolute difference the claim allows, before slack; 0 means exact.
    public var tolerance: Double

    public init(value: Double, text: String, tolerance: Double) {
        self.value = value
        self.text = text
        self.tolerance = tolerance
    }

    /// Reads one number written in any form a claim may use, or nil when `text`
    /// is not exactly one such number (no surrounding spaces).
    ///
    /// Tolerance rules:
    /// - plain notation with k digits after the point (`0.7311`, `.5`): ½·10^-k;
    /// - no point (`2`) or a bare trailing point (`1.`, `-0.`): 0, an integer claim;
    /// - e-notation whose mantissa has k digits after the point (`1.50e-3`, `1e-9`):
    ///   ½·10^(exponent − k);
    /// - `inf`, `-inf`, `nan`, and booleans (`true`, `True`, `np.True_`, ... as 1 or 0): 0.
    ///
    /// Returns nil for numbers a `Double` cannot hold (`1e400`): such a claim
    /// could never be checked honestly.
    public init?(text: String) {
        guard let written = WrittenNumber(text) else { return nil }
        if case .literal = written, !written.value.isFinite { return nil }
        self.init(value: written.value, text: text, tolerance: written.tolerance)
    }

    /// Whether `actual` satisfies this number; see the type's contract.
    public func isSatisfied(by actual: Double) -> Bool {
        if value.isNaN { return actual.isNaN }
        if value.isInfinite { return actual == value }
        guard actual.isFinite else { return false }
        let slack = tolerance * 1e-9 + abs(value) * 1e-12
        return abs(actual - value) <= tolerance + slack
    }

    public var description: String { text }

    /// Equal when written the same way; NaN values count as equal to each other.
    public static func == (lhs: ExpectedNumber, rhs: ExpectedNumber) -> Bool {
        lhs.text == rhs.text && lhs.tolerance == rhs.tolerance
            && (lhs.value == rhs.value || (lhs.value.isNaN && rhs.value.isNaN))
    }
}

/// What a document says an expression produces.
///
/// - `value`: a tensor of `shape` (`[]` for a scalar) whose elements, in
///   row-major order, are `numbers` (`numbers.count == shape.reduce(1, *)`).
/// - `error`: the expression fails, and its error message contains the text
///   (`error: shape` expects a message containing `shape`).
/// - `text`: anything else, compared as text by whoever checks it.
public enum Claim: Equatable, Sendable {
    case value(shape: [Int], numbers: [ExpectedNumber])
    case error(String)
    case text(String)
}

/// How a claim was laid out, so that `ClaimWriter.rewrite` can write a
/// value in the same dialect (attn, numpy `str`/`repr`, PyTorch, Python).
public struct ClaimStyle: Equatable, Sendable {
    /// Text before the outermost value, verbatim: `array(`, `tensor(`,
    /// `np.float64(`, `(`, or empty.
    public var prefix: String
    /// Text after the outermost value, verbatim: `)`, `, dtype=float32)`, or empty.
    public var suffix: String
    /// Whether elements are separated by commas (attn, `repr`, PyTorch) or only
    /// by spaces (numpy `str`).
    public var commas: Bool
    /// Whether the rows of a rank ≥ 2 value go on separate lines. A claim of
    /// rank 0 or 1 cannot show it, and is taken to be multi-line.
    public var multiline: Bool
    /// Whether numbers are padded to a common width, as numpy and PyTorch do.
    public var aligned: Bool
    /// Whether sequences are Python tuples, `(1, 2)`, rather than lists.
    public var tuples: Bool
    /// Whether a row broke between two of its numbers, as numpy, PyTorch and
    /// attn wrap long rows to the line width.
    public var wrapped: Bool

    public init(prefix: String = "", suffix: String = "", commas: Bool = true,
                multiline: Bool = true, aligned: Bool = false, tuples: Bool = false, wrapped: Bool = false) {
        self.prefix = prefix
        self.suffix = suffix
        self.commas = commas
        self.multiline = multiline
        self.aligned = aligned
        self.tuples = tuples
        self.wrapped = wrapped
    }

    /// attn's own printed form: `[[1, 2],\n [3, 4]]`.
    public static let attn = ClaimStyle()

    /// The printer's layout in this style: continuation lines indented under
    /// the first bracket after the prefix, never summarized, rows wrapped to
    /// `lineWidth` (nil: not wrapped). Like numpy's `repr`, rows keep one
    /// column free for what follows the value (`)`, or the `,` before a
    /// `dtype=`, which numpy moves to a line of its own when it does not fit).
    public func layout(lineWidth: Int?) -> TensorLayout {
        let lastPrefixLine = prefix.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
        return TensorLayout(commas: commas, tuples: tuples, multiline: multiline, aligned: aligned,
                            indent: lastPrefixLine.count, trailing: suffix.isEmpty ? 0 : 1,
                            lineWidth: lineWidth, summarizes: false)
    }
}

/// Why a claim's text could not be read, and where.
public struct ClaimParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A sentence fragment that reads well after "error: ".
    public var message: String
    /// 0-based offset, in `Character`s, into the claim text as given to the parser.
    public var offset: Int

    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) (at offset \(offset))" }
}
