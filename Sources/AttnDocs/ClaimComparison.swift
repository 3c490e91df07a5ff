import AttnCore
import AttnLang

/// The element of a value claim that missed by the most.
public struct ElementMismatch: Equatable, Sendable {
    /// The element's 0-based row-major index, one entry per axis; `[]` for a scalar.
    public var index: [Int]
    /// The number the claim wrote there.
    public var claimed: ExpectedNumber
    /// The value the expression produced there (as float64).
    public var actual: Double
    /// That value as attn writes it at full precision, in its dtype
    /// (float32's shortest digits, an int64 exactly).
    public var actualText: String
    /// |actual − claimed|, or +inf when either is inf or NaN (and they differ).
    public var absoluteError: Double
    /// |actual − claimed| / |claimed|, or +inf when claimed is 0 or either is not finite.
    public var relativeError: Double
    /// How many elements missed their claim.
    public var failures: Int
    /// How many elements were compared.
    public var count: Int
}

/// The outcome of checking one claim against the tensor an expression produced.
/// `failure` is nil exactly when the claim holds; `description` is one line
/// suitable after "error: " (or `holds`).
public struct ClaimVerdict: Equatable, Sendable, CustomStringConvertible {
    /// Why a claim did not hold.
    public enum Failure: Equatable, Sendable {
        /// The claim's shape and the actual shape differ (or the claim's numbers
        /// do not fill its own shape).
        case shapeMismatch(claimed: [Int], actual: [Int])
        /// The claim states a dtype (numpy's name) other than the value's.
        case dtypeMismatch(claimed: String, actual: DType)
        /// Shapes agree but at least one element misses its tolerance.
        case valueMismatch(ElementMismatch)
        /// The claim expected an error containing this text, but a value came.
        case expectedError(String)
        /// The claim is text; a tensor is not compared with text here.
        case expectedText(String)
    }

    public var failure: Failure?

    public init(failure: Failure?) {
        self.failure = failure
    }

    public var holds: Bool { failure == nil }

    public var description: String {
        switch failure {
        case nil:
            return "holds"
        case .shapeMismatch(let claimed, let actual):
            return "shape mismatch: the claim has shape \(Tensor.describe(shape: claimed)), "
                + "the value has shape \(Tensor.describe(shape: actual))"
        case .dtypeMismatch(let claimed, let actual):
            return "dtype mismatch: the claim says \(claimed), the value is \(actual.rawValue)"
        case .valueMismatch(let m):
            let place = m.index.isEmpty ? "" : " at \(Tensor.describe(shape: m.index))"
            let allowed = m.claimed.tolerance == 0 ? "exact claim" : "allowed \(Self.short(m.claimed.tolerance))"
            let tally = m.count > 1 ? "; \(m.failures) of \(m.count) elements differ" : ""
            return "value mismatch\(place): claimed \(m.claimed.text), actual \(m.actualText) "
                + "(abs error \(Self.short(m.absoluteError)), rel error \(Self.short(m.relativeError)), \(allowed))\(tally)"
        case .expectedError(let text):
            return "expected an error containing '\(text)', but the expression produced a value"
        case .expectedText(let text):
            return "expected the text '\(text)', but the expression produced a value"
        }
    }

    /// Three significant digits: enough to judge an error, short enough to read.
    private static func short(_ x: Double) -> String {
        Printer.number(x, .digits(3))
    }
}

/// Checks claims against values, and writes values the way a claim was written.
public enum ClaimComparison {
    /// Checks `claim` against `actual`.
    ///
    /// A value claim holds when its shape equals `actual.shape` exactly (a
    /// rank-0 claim matches only a rank-0 tensor, never `[1]` or `[1, 1]`),
    /// the dtype it states, if it states one, is `actual`'s, and every
    /// element satisfies its `ExpectedNumber` (tolerance plus slack; NaN
    /// matches NaN; ±inf match only themselves). Elements are compared in
    /// their own dtype's value: a float32 element is its float32 value
    /// (exactly, as float64), an integer element is compared by its digits
    /// with an integer claim. On a value mismatch the verdict names the
    /// element with the largest absolute error (the first one on ties).
    /// Error and text claims never hold against a tensor.
    public static func compare(_ claim: Claim, actual: Tensor) -> ClaimVerdict {
        switch claim {
        case .error(let text):
            return ClaimVerdict(failure: .expectedError(text))
        case .text(let text):
            return ClaimVerdict(failure: .expectedText(text))
        case .value(let shape, let numbers, let dtype):
            guard shape == actual.shape, numbers.count == actual.count else {
                return ClaimVerdict(failure: .shapeMismatch(claimed: shape, actual: actual.shape))
            }
            if let dtype, dtype != actual.dtype.rawValue {
                return ClaimVerdict(failure: .dtypeMismatch(claimed: dtype, actual: actual.dtype))
            }
            let values = actual.scalars
            let storage = actual.storage
            func holds(_ number: ExpectedNumber, _ offset: Int) -> Bool {
                switch storage {
                case .int64(let a): return number.isSatisfied(byInteger: a[offset])
                case .int32(let a): return number.isSatisfied(byInteger: Int64(a[offset]))
                case .float64, .float32, .bool: return number.isSatisfied(by: values[offset])
                }
            }
            var failures = 0
            var worst: (offset: Int, error: Double)?
            for (offset, number) in numbers.enumerated() where !holds(number, offset) {
                failures += 1
                let error = absoluteError(values[offset], number.value)
                if worst.map({ error > $0.error }) ?? true { worst = (offset, error) }
            }
            guard let worst else { return ClaimVerdict(failure: nil) }
            let claimed = numbers[worst.offset]
            let value = values[worst.offset]
            let relative = claimed.value == 0 || !worst.error.isFinite
                ? Double.infinity : worst.error / abs(claimed.value)
            return ClaimVerdict(failure: .valueMismatch(ElementMismatch(
                index: unravel(worst.offset, shape: shape), claimed: claimed, actual: value,
                actualText: Printer.elementWriter(actual, float: NumberFormat(precision: .full))(worst.offset),
                absoluteError: worst.error, relativeError: relative,
                failures: failures, count: numbers.count)))
        }
    }

    private static func absoluteError(_ actual: Double, _ claimed: Double) -> Double {
        actual.isFinite && claimed.isFinite ? abs(actual - claimed) : .infinity
    }

    /// The row-major multi-index of a flat offset into `shape`.
    static func unravel(_ offset: Int, shape: [Int]) -> [Int] {
        var rest = offset
        var index = [Int](repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() where shape[axis] > 0 {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return index
    }
}
