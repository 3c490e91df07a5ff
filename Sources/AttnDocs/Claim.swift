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

    /// Whether the integer `actual` (an int64 or int32 element) satisfies
    /// this number: by its digits when the claim is an exact integer (`2`,
    /// `-9223372036854775808`), so that no rounding to float64 hides a
    /// difference beyond 2^53; otherwise as `isSatisfied(by:)` judges its
    /// float64 value.
    public func isSatisfied(byInteger actual: Int64) -> Bool {
        if tolerance == 0, let claimed = Int64(text.hasPrefix("+") ? String(text.dropFirst()) : text) {
            return claimed == actual
        }
        return isSatisfied(by: Double(actual))
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
///   row-major order, are `numbers` (`numbers.count == shape.reduce(1, *)`),
///   and whose dtype is `dtype` when the claim states one (numpy's name:
///   `float32`, also for `f32(...)`, `dtype=torch.float32`, `np.float32(...)`;
///   `int8` for a dtype attn lacks). A claim that states none (`[0.5, 0.5]`,
///   `array([1., 2.])`) holds for a value of any dtype.
/// - `error`: the expression fails, and its error message contains the text
///   (`error: shape` expects a message containing `shape`).
/// - `text`: anything else, compared as text by whoever checks it.
/// - `summarized`: an array numpy or PyTorch printed in part, with `...`
///   where elements were left out (`[0 1 2 ... 7 8 9]`): it holds for a
///   value whose shown elements match, and whose axes are long enough to
///   have left some out; the dtype as for `value`.
public enum Claim: Equatable, Sendable {
    case value(shape: [Int], numbers: [ExpectedNumber], dtype: String? = nil)
    case summarized(ShownValue, dtype: String? = nil)
    case error(String)
    case text(String)
}

/// A value as printed, in part or in full: numbers, and sequences of which
/// a printer may have left out a middle part (numpy's and PyTorch's `...`).
public indirect enum ShownValue: Equatable, Sendable {
    case number(ExpectedNumber)
    /// The elements shown before the `...` and, when elements were left
    /// out, those shown after it (nil: nothing was left out).
    case sequence(head: [ShownValue], tail: [ShownValue]?)

    /// The elements of a full value claim, nested by its shape.
    init(shape: [Int], numbers: [ExpectedNumber]) {
        func build(_ axis: Int, _ offset: Int) -> ShownValue {
            guard axis < shape.count else { return .number(numbers[offset]) }
            let stride = shape[(axis + 1)...].reduce(1, *)
            return .sequence(head: (0..<shape[axis]).map { build(axis + 1, offset + $0 * stride) }, tail: nil)
        }
        self = numbers.count == shape.reduce(1, *) ? build(0, 0) : .sequence(head: [], tail: nil)
    }

    /// Every element of `tensor`, exactly (tolerance 0), as its printer's
    /// full text would show it.
    init(_ tensor: Tensor) {
        let values = tensor.scalars
        let numbers = values.map { ExpectedNumber(value: $0, text: "\($0)", tolerance: 0) }
        self.init(shape: tensor.shape, numbers: numbers)
    }

    /// Whether any `...` is in it.
    var isSummarized: Bool {
        guard case .sequence(let head, let tail) = self else { return false }
        return tail != nil || head.contains(where: \.isSummarized)
    }
}

extension Claim {
    /// The tensor a value claim writes out, in the dtype it states (float64
    /// when it states none, or one attn lacks); nil for other claims.
    /// Integers are read from their digits, so that an int64 beyond 2^53
    /// stays exact.
    public var writtenTensor: Tensor? {
        guard case .value(let shape, let numbers, let name) = self, numbers.count == shape.reduce(1, *),
              shape.allSatisfy({ $0 >= 0 }) else { return nil }
        let dtype = name.flatMap(DType.init(rawValue:)) ?? .float64
        func integer<I: FixedWidthInteger>(_ number: ExpectedNumber, _: I.Type) -> I {
            I(number.text.hasPrefix("+") ? String(number.text.dropFirst()) : number.text)
                ?? I(exactly: number.value.rounded(.towardZero)) ?? I.min
        }
        let storage: TensorStorage
        switch dtype {
        case .float64: storage = .float64(numbers.map(\.value))
        case .float32: storage = .float32(numbers.map { Float($0.value) })
        case .int64: storage = .int64(numbers.map { integer($0, Int64.self) })
        case .int32: storage = .int32(numbers.map { integer($0, Int32.self) })
        case .bool: storage = .bool(numbers.map { $0.value != 0 })
        }
        return Tensor(unchecked: shape, storage: storage)
    }
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
    /// Where `suffix` states the dtype as a keyword argument: the Character
    /// offsets of `, dtype=float32` from its comma (numpy, PyTorch); nil
    /// when it states none that way.
    public var dtypeArgument: Range<Int>?

    public init(prefix: String = "", suffix: String = "", commas: Bool = true,
                multiline: Bool = true, aligned: Bool = false, tuples: Bool = false, wrapped: Bool = false,
                dtypeArgument: Range<Int>? = nil) {
        self.prefix = prefix
        self.suffix = suffix
        self.commas = commas
        self.multiline = multiline
        self.aligned = aligned
        self.tuples = tuples
        self.wrapped = wrapped
        self.dtypeArgument = dtypeArgument
    }

    /// How a claim in this style states a dtype, so that a rewrite states the value's.
    public enum DTypeSpelling: Equatable, Sendable {
        /// attn's: the value inside its cast, `f32([0.1, 0.2])`, or bare for
        /// float64 (an unwrapped claim with commas is taken to be attn's).
        case cast
        /// numpy's `array(..., dtype=float32)`, left out for float64, int64
        /// and bool (numpy's implied dtypes) unless the array is empty.
        case numpyKeyword
        /// PyTorch's `tensor(..., dtype=torch.float64)`, left out for
        /// float32 (torch's default), int64 and bool.
        case torchKeyword
        /// A numpy scalar's type around it: `np.float32(0.1)`.
        case numpyScalar
        /// numpy's `str`, Python's tuples and other forms that cannot state one.
        case none
    }

    public var dtypeSpelling: DTypeSpelling {
        let call = prefix.trimmingCharacters(in: .whitespaces)
        if call.hasSuffix("array(") { return .numpyKeyword }
        if call.hasSuffix("tensor(") { return .torchKeyword }
        if call.hasPrefix("np.") || call.hasPrefix("numpy.") { return .numpyScalar }
        if call.hasSuffix("("), DType(castName: String(call.dropLast())) != nil, suffix == ")" { return .cast }
        if call.isEmpty, suffix.isEmpty, commas, !tuples { return .cast }
        return .none
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
