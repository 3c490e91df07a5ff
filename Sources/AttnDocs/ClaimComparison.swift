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
        /// A summarized claim's shown elements do not match (why, in words).
        case shownMismatch(String)
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
        case .shownMismatch(let why):
            return "the shown elements differ: \(why)"
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
        case .summarized(let shown, let dtype):
            if let dtype, dtype != actual.dtype.rawValue {
                return ClaimVerdict(failure: .dtypeMismatch(claimed: dtype, actual: actual.dtype))
            }
            return ClaimVerdict(failure: shown.disagreement(with: ShownValue(actual)).map(ClaimVerdict.Failure.shownMismatch))
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

extension ShownValue {
    /// Why `actual` does not show what this claim shows, or nil when it
    /// does. Both may be summarized: a sequence's shown head is compared with
    /// the other's first elements and its tail with the other's last ones,
    /// and a `...` needs at least one element left out. A claimed number
    /// agrees with an exact one (integers, a tensor's elements) as
    /// `ExpectedNumber.isSatisfied(by:)` says, and with another rounded
    /// print when some value rounds to both: they differ by less than their
    /// two tolerances together.
    public func disagreement(with actual: ShownValue, at index: [Int] = []) -> String? {
        switch (self, actual) {
        case (.number(let c), .number(let a)):
            if c.value.isNaN || a.value.isNaN { return c.value.isNaN && a.value.isNaN ? nil : mismatch(c, a, index) }
            if c.value.isInfinite || a.value.isInfinite { return c.value == a.value ? nil : mismatch(c, a, index) }
            // An exact actual value: the claim's own contract.
            if a.tolerance == 0 { return c.isSatisfied(by: a.value) ? nil : mismatch(c, a, index) }
            // Two rounded texts: some value must round to both. At exactly
            // the sum of the half-units apart they round a tie two ways,
            // which a printer does not do, so the bound is strict (with a
            // margin far above binary rounding of decimal text).
            let bound = c.tolerance + a.tolerance
            let slack = max(abs(c.value), abs(a.value)) * 1e-12  // ExpectedNumber's, for binary rounding
            return abs(c.value - a.value) < bound * (1 - 1e-6) + slack ? nil : mismatch(c, a, index)
        case (.number, .sequence):
            return "\(place(index))the claim shows a number, the value a sequence"
        case (.sequence, .number):
            return "\(place(index))the claim shows a sequence, the value a number"
        case (.sequence(let head, let tail), .sequence(let otherHead, let otherTail)):
            let shown = head.count + (tail?.count ?? 0), otherShown = otherHead.count + (otherTail?.count ?? 0)
            switch (tail, otherTail) {
            case (nil, nil) where shown != otherShown:
                return "\(place(index))the claim shows \(shown) elements, the value has \(otherShown)"
            case (.some, nil) where otherShown <= shown:
                return "\(place(index))the claim leaves elements out, but the value has only \(otherShown)"
            case (nil, .some) where shown <= otherShown:
                return "\(place(index))the claim shows \(shown) elements, the value has more than \(otherShown)"
            default:
                break
            }
            // Front to front; and back to back when either left some out.
            for (i, (c, a)) in zip(head, otherHead).enumerated() {
                if let why = c.disagreement(with: a, at: index + [i]) { return why }
            }
            guard tail != nil || otherTail != nil else { return nil }
            for (i, (c, a)) in zip((tail ?? head).reversed(), (otherTail ?? otherHead).reversed()).enumerated() {
                if let why = c.disagreement(with: a, at: index + [-1 - i]) { return why }
            }
            return nil
        }
    }

    private func mismatch(_ claimed: ExpectedNumber, _ actual: ExpectedNumber, _ index: [Int]) -> String {
        "\(place(index))claimed \(claimed.text), actual \(actual.text)"
    }

    private func place(_ index: [Int]) -> String {
        index.isEmpty ? "" : "at [" + index.map(String.init).joined(separator: ", ") + "]: "
    }
}
