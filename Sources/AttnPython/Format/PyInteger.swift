import Foundation

/// A Python int of any size, as formatting needs it: a sign and a magnitude,
/// written in base 2, 8, 10 or 16, converted to a float64 (rounded to
/// nearest, ties to even, as `float(n)` does) or to `Int` when it fits.
/// Arithmetic beyond that is the evaluator's; this only writes numbers.
struct PyInteger: Equatable {
    var negative: Bool
    /// The magnitude in base 2^32, least significant word first, without
    /// leading zero words (empty for zero).
    var words: [UInt32]

    init(_ n: Int) {
        negative = n < 0
        var m = UInt64(n.magnitude)
        words = []
        while m != 0 {
            words.append(UInt32(truncatingIfNeeded: m))
            m >>= 32
        }
    }

    /// An int from its decimal text (`-123`, `+4`, digits only otherwise);
    /// text that is not one reads as zero.
    init(decimal text: String) {
        var digits = Substring(text)
        negative = digits.first == "-"
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        words = []
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            negative = false
            return
        }
        // Nine decimal digits at a time: words = words × 10^k + chunk.
        var rest = digits
        while !rest.isEmpty {
            let k = rest.count % 9 == 0 ? 9 : rest.count % 9
            let chunk = UInt32(rest.prefix(k)) ?? 0
            rest = rest.dropFirst(k)
            multiplyAdd(UInt32(pow10(k)), chunk)
        }
        if words.isEmpty { negative = false }
    }

    /// The int of a finite float's integer part (`int(x)`, truncated).
    init(truncating x: Double) {
        self.init(decimal: String(format: "%.0f", x.rounded(.towardZero)))
    }

    var isZero: Bool { words.isEmpty }

    /// The value as an `Int`, when it fits.
    var int: Int? {
        guard words.count <= 2 else { return nil }
        let m = words.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (32 * $1.offset) }
        if negative { return m <= UInt64(Int.max) + 1 ? Int(truncatingIfNeeded: 0 &- m) : nil }
        return m <= UInt64(Int.max) ? Int(m) : nil
    }

    /// `float(n)`, or CPython's OverflowError.
    var float: Result<Double, PyFormatError> {
        double.map { .success($0) } ?? .failure(.overflow("int too large to convert to float"))
    }

    /// `float(n)`: nil when it overflows.
    var double: Double? {
        let x: Double
        if words.count <= 2 {
            let m = words.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (32 * $1.offset) }
            x = Double(m)
        } else {
            // The decimal text, read by a correctly rounding parser.
            guard let parsed = Double(digits(radix: 10)) else { return nil }
            x = parsed
        }
        guard x.isFinite else { return nil }
        return negative ? -x : x
    }

    /// `str(n)`.
    var decimal: String { (negative ? "-" : "") + digits(radix: 10) }

    /// The magnitude's digits in `radix` (2, 8, 10 or 16), lowercase.
    func digits(radix: Int) -> String {
        if words.count <= 2 {
            let m = words.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (32 * $1.offset) }
            return String(m, radix: radix)
        }
        // Divide by the largest power of the radix that fits a word, and
        // write each remainder with its leading zeros.
        var chunkDigits = 0
        var chunk: UInt64 = 1
        while chunk * UInt64(radix) <= UInt64(UInt32.max) {
            chunk *= UInt64(radix)
            chunkDigits += 1
        }
        var rest = self
        var parts: [String] = []
        while !rest.isZero {
            let remainder = rest.divide(by: UInt32(chunk))
            parts.append(String(remainder, radix: radix))
        }
        guard let top = parts.popLast() else { return "0" }
        return top + parts.reversed().map { String(repeating: "0", count: chunkDigits - $0.count) + $0 }.joined()
    }

    /// self = self × factor + addend.
    private mutating func multiplyAdd(_ factor: UInt32, _ addend: UInt32) {
        var carry = UInt64(addend)
        for i in words.indices {
            let product = UInt64(words[i]) * UInt64(factor) + carry
            words[i] = UInt32(truncatingIfNeeded: product)
            carry = product >> 32
        }
        if carry != 0 { words.append(UInt32(carry)) }
    }

    /// self = self / divisor; returns the remainder.
    private mutating func divide(by divisor: UInt32) -> UInt32 {
        var remainder: UInt64 = 0
        for i in words.indices.reversed() {
            let current = remainder << 32 | UInt64(words[i])
            words[i] = UInt32(current / UInt64(divisor))
            remainder = current % UInt64(divisor)
        }
        while words.last == 0 { words.removeLast() }
        return UInt32(remainder)
    }

    private func pow10(_ k: Int) -> UInt64 {
        (0..<k).reduce(UInt64(1)) { result, _ in result * 10 }
    }
}

extension PyFormattable {
    /// The value as a Python int: an int, or a bool (which Python's ints include).
    var pythonInt: PyInteger? {
        switch self {
        case .int(let n): return PyInteger(n)
        case .bigInt(let text): return PyInteger(decimal: text)
        case .bool(let b): return PyInteger(b ? 1 : 0)
        case .none, .float, .str, .numpy, .object: return nil
        }
    }

    /// What `operator.index` gives: a Python int, a numpy integer, or a 0-d
    /// integer array's item (numpy's bool has no `__index__`).
    var index: PyInteger? {
        switch self {
        case .numpy(let scalar): return scalar.integer
        case .object(let o): return o.item?.integer
        case .none, .bool, .int, .bigInt, .float, .str: return pythonInt
        }
    }

    /// The numpy number a numpy scalar or a 0-d array holds.
    var numpyNumber: NumpyScalar? {
        switch self {
        case .numpy(let scalar): return scalar
        case .object(let o): return o.item
        case .none, .bool, .int, .bigInt, .float, .str: return nil
        }
    }
}

extension NumpyScalar {
    /// The int of an integer scalar.
    var integer: PyInteger? {
        switch self {
        case .int64(let n): return PyInteger(Int(n))
        case .int32(let n): return PyInteger(Int(n))
        case .float64, .float32, .bool: return nil
        }
    }
}
