/// How one number of a claim was written. It decides the number's tolerance
/// and how `ClaimComparison.format(_:like:)` writes a replacement.
enum Notation: Equatable, Sendable {
    /// `2`, `-3`: exact.
    case integer
    /// `1.`, `-0.` (numpy's float with nothing after the point): exact.
    case barePoint
    /// `0.7311`: `digits` places after the point.
    case decimal(digits: Int)
    /// `1.50e-3`: `digits` places after the mantissa's point.
    case exponent(digits: Int, style: ExponentStyle)
    /// `inf`, `-inf`, `nan`.
    case special
    /// A boolean, with the spellings of its family (`True`/`False`, `np.True_`/`np.False_`).
    case boolean(trueText: String, falseText: String)
}

/// How the exponent of an e-notation number was spelled, so a rewrite keeps it:
/// numpy writes `1.5e-03`, people write `1.5e-3`.
struct ExponentStyle: Equatable, Sendable {
    /// `e` or `E`.
    var marker: Character
    /// Whether a non-negative exponent carries an explicit `+`.
    var plusSign: Bool
    /// The fewest exponent digits, padded with zeros (`e-03` has 2).
    var minDigits: Int
}

/// One number token read exactly: its value, tolerance and notation.
struct NumberLiteral: Sendable {
    var value: Double
    var tolerance: Double
    var notation: Notation

    private static let booleans: [String: (value: Double, trueText: String, falseText: String)] = [
        "true": (1, "true", "false"), "false": (0, "true", "false"),
        "True": (1, "True", "False"), "False": (0, "True", "False"),
        "np.True_": (1, "np.True_", "np.False_"), "np.False_": (0, "np.True_", "np.False_"),
    ]

    /// Exponents beyond this many digits overflow or underflow every `Double`.
    private static let maxExponentDigits = 5

    /// number -> boolean | SIGN? ("inf" | "nan") | SIGN? (DIGITS ["." DIGITS?] | "." DIGITS) [EXP]
    ///
    /// Nil unless all of `text` is one number whose value a `Double` holds.
    init?(_ text: String) {
        if let boolean = Self.booleans[text] {
            self.init(value: boolean.value, tolerance: 0,
                      notation: .boolean(trueText: boolean.trueText, falseText: boolean.falseText))
            return
        }
        let chars = Array(text)
        var i = 0
        let negative = chars.first == "-"
        if chars.first == "-" || chars.first == "+" { i = 1 }

        switch String(chars[i...]) {
        case "inf": self.init(value: negative ? -.infinity : .infinity, tolerance: 0, notation: .special); return
        case "nan": self.init(value: .nan, tolerance: 0, notation: .special); return
        default: break
        }

        func digits() -> Int {
            let start = i
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
            return i - start
        }
        let integerDigits = digits()
        var hasPoint = false
        var fractionDigits = 0
        if i < chars.count, chars[i] == "." {
            hasPoint = true
            i += 1
            fractionDigits = digits()
        }
        guard integerDigits + fractionDigits > 0 else { return nil }

        var exponent: (value: Int, style: ExponentStyle)?
        if i < chars.count, chars[i] == "e" || chars[i] == "E" {
            let marker = chars[i]
            i += 1
            var plusSign = false
            var exponentNegative = false
            if i < chars.count, chars[i] == "+" || chars[i] == "-" {
                plusSign = chars[i] == "+"
                exponentNegative = chars[i] == "-"
                i += 1
            }
            let start = i
            let count = digits()
            guard count > 0, count <= Self.maxExponentDigits, let magnitude = Int(String(chars[start..<i])) else {
                return nil
            }
            let padded = chars[start] == "0" && count > 1
            exponent = (exponentNegative ? -magnitude : magnitude,
                        ExponentStyle(marker: marker, plusSign: plusSign, minDigits: padded ? count : 1))
        }
        guard i == chars.count, let value = Double(text), value.isFinite else { return nil }

        if let exponent {
            // Half a unit in the last written place: ½·10^(e−k) = 5·10^(e−k−1).
            let tolerance = Double("5e\(exponent.value - fractionDigits - 1)") ?? 0
            self.init(value: value, tolerance: tolerance,
                      notation: .exponent(digits: fractionDigits, style: exponent.style))
        } else if fractionDigits > 0 {
            // Decimal text, so the tolerance is the correctly rounded ½·10^-k.
            self.init(value: value, tolerance: Double("5e-\(fractionDigits + 1)") ?? 0,
                      notation: .decimal(digits: fractionDigits))
        } else {
            self.init(value: value, tolerance: 0, notation: hasPoint ? .barePoint : .integer)
        }
    }

    private init(value: Double, tolerance: Double, notation: Notation) {
        self.value = value
        self.tolerance = tolerance
        self.notation = notation
    }
}
