/// attn's number grammar, read in one place. The lexer reads the numbers of
/// programs with it; the docs checker reads the numbers of claims with it
/// (adding a sign, `inf`, `nan` and booleans around it) and takes their
/// tolerance from the digits it reports. So a number the printer writes is
/// read the same way as code and as a claim.
///
///     number   -> mantissa [exponent]
///     mantissa -> DIGITS ["." [DIGITS]] | "." DIGITS
///     exponent -> ("e" | "E") ["+" | "-"] DIGITS
///
/// A point followed by a letter belongs to the number only when the letter
/// starts an exponent, so `1.e3` is a number (as in Python) while `1.T` is
/// `1` then `.T`. An `e` belongs to the number only when digits follow it
/// (`2e` is the number `2` then the name `e`; the lexer reports it).
public struct NumberLiteral: Equatable, Sendable {
    /// The value of the text, correctly rounded; ±inf past a `Double`'s range
    /// (`1e400`) and 0 below it (`1e-400`).
    public let value: Double
    /// How many bytes the number spans.
    public let length: Int
    /// Digits before the point (`.5` has none).
    public let integerDigits: Int
    /// Digits after the point: `0.7311` has 4, `1.` and `2` have none.
    public let fractionDigits: Int
    /// Whether a point was written (`1.` has one, `1` none).
    public let hasPoint: Bool
    /// Digits of the mantissa from its first nonzero one, trailing zeros
    /// included: `0.0120` has 3, `1.50e-3` has 3, `100` has 3. A zero has
    /// one more than its digits after the point (`0` has 1, `0.00` has 3),
    /// as C's `%#.Ng` writes zero with N digits.
    public let significantDigits: Int
    /// The exponent and how it was spelled, for e-notation.
    public let exponent: Exponent?

    /// The power of ten of an e-notation number and its spelling.
    public struct Exponent: Equatable, Sendable {
        /// The power of ten; past ±999,999 it is clamped there (the value is
        /// then ±inf or 0 anyway).
        public let value: Int
        public let spelling: ExponentSpelling
    }

    /// Exponents are clamped to this magnitude so that reading one cannot overflow.
    private static let exponentLimit = 999_999

    /// The number that starts at `start` in `bytes`, or nil when no number
    /// starts there. It stops where the grammar does: what follows (a
    /// letter, another point) is the caller's to judge.
    public static func scan(_ bytes: [UInt8], at start: Int) -> NumberLiteral? {
        var i = start
        func isDigit(_ k: Int) -> Bool { k < bytes.count && bytes[k] >= 48 && bytes[k] <= 57 }
        func isLetter(_ k: Int) -> Bool {
            k < bytes.count && ((bytes[k] | 0x20) >= 97 && (bytes[k] | 0x20) <= 122 || bytes[k] == UInt8(ascii: "_"))
        }
        /// Whether an exponent (`e5`, `E-3`, `e+2`) starts at `k`.
        func isExponent(_ k: Int) -> Bool {
            guard k < bytes.count, bytes[k] | 0x20 == UInt8(ascii: "e") else { return false }
            let sign = k + 1 < bytes.count && (bytes[k + 1] == UInt8(ascii: "+") || bytes[k + 1] == UInt8(ascii: "-"))
            return isDigit(k + (sign ? 2 : 1))
        }

        var mantissa: [UInt8] = []
        while isDigit(i) { mantissa.append(bytes[i]); i += 1 }
        let integerDigits = mantissa.count
        var hasPoint = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "."), isDigit(i + 1) || (integerDigits > 0 && (!isLetter(i + 1) || isExponent(i + 1))) {
            hasPoint = true
            i += 1
            while isDigit(i) { mantissa.append(bytes[i]); i += 1 }
        }
        guard !mantissa.isEmpty else { return nil }
        let fractionDigits = mantissa.count - integerDigits

        var exponent: Exponent?
        if isExponent(i) {
            let marker = Character(Unicode.Scalar(bytes[i]))
            i += 1
            var plusSign = false, negative = false
            if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                plusSign = bytes[i] == UInt8(ascii: "+")
                negative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            let digitsStart = i
            var magnitude = 0
            while isDigit(i) {
                magnitude = min(exponentLimit, magnitude * 10 + Int(bytes[i] - 48))
                i += 1
            }
            let count = i - digitsStart
            let padded = count > 1 && bytes[digitsStart] == UInt8(ascii: "0")
            exponent = Exponent(value: negative ? -magnitude : magnitude,
                                spelling: ExponentSpelling(marker: marker, plusSign: plusSign, minDigits: padded ? count : 1))
        }

        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        // The grammar above is a subset of what `Double` reads, so this
        // cannot fail; the fallback only keeps the function total.
        let value = Double(text) ?? .nan
        let firstNonzero = mantissa.firstIndex { $0 != UInt8(ascii: "0") }
        let significant = firstNonzero.map { mantissa.count - $0 } ?? fractionDigits + 1
        return NumberLiteral(value: value, length: i - start, integerDigits: integerDigits,
                             fractionDigits: fractionDigits, hasPoint: hasPoint,
                             significantDigits: significant, exponent: exponent)
    }

    /// All of `text` read as one number (no sign, no blanks); nil when it is
    /// not exactly one.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard let literal = NumberLiteral.scan(bytes, at: 0), literal.length == bytes.count else { return nil }
        self = literal
    }

    private init(value: Double, length: Int, integerDigits: Int, fractionDigits: Int, hasPoint: Bool,
                 significantDigits: Int, exponent: Exponent?) {
        self.value = value
        self.length = length
        self.integerDigits = integerDigits
        self.fractionDigits = fractionDigits
        self.hasPoint = hasPoint
        self.significantDigits = significantDigits
        self.exponent = exponent
    }

    /// Whether the text looks like an integer: no point and no exponent
    /// (`2`, `100`). attn prints only integers this way, and a claim
    /// written this way is exact.
    public var isIntegerText: Bool { !hasPoint && exponent == nil }
}

/// How the exponent of e-notation is spelled: attn writes `1e-9`, numpy
/// `1e-09`, C `1e+20`, Fortran-minded people `1E5`. The printer uses
/// `.attn`; `attn fix` keeps the spelling a claim used.
public struct ExponentSpelling: Equatable, Sendable {
    /// `e` or `E`.
    public var marker: Character
    /// Whether a non-negative exponent carries an explicit `+`.
    public var plusSign: Bool
    /// The fewest exponent digits, padded with zeros (`e-03` has 2).
    public var minDigits: Int

    public init(marker: Character = "e", plusSign: Bool = false, minDigits: Int = 1) {
        self.marker = marker
        self.plusSign = plusSign
        self.minDigits = minDigits
    }

    /// attn's own: `1e-9`, `1.5e20`.
    public static let attn = ExponentSpelling()

    /// `mantissa` and `exponent` written in this spelling.
    public func write(mantissa: Substring, exponent: Int) -> String {
        let digits = String(abs(exponent))
        let padded = String(repeating: "0", count: max(0, minDigits - digits.count)) + digits
        let sign = exponent < 0 ? "-" : (plusSign ? "+" : "")
        return mantissa + String(marker) + sign + padded
    }

    /// A C-formatted number (`-1.50e-03`, `1e+20`) respelled; text without
    /// an exponent is returned as it is.
    public func respell(_ text: String) -> String {
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }),
              let exponent = Int(text[text.index(after: e)...]) else { return text }
        return write(mantissa: text[..<e], exponent: exponent)
    }
}
