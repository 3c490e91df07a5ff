// Width, fill, alignment and digit grouping: the part of formatting that
// `format` specs and `%` conversions share once a value's text is known.
//
// Widths count code points, as Python's `len` does (a CJK character or an
// emoji is one, a combining accent another). A number is laid out from its
// parts: sign, prefix (`0x`), the integer digits, and the rest (point,
// fraction, exponent, `%`, or `inf`/`nan`). Grouping puts the separator
// every three digits from the right (four for `_` in binary, octal and hex).
// With `0` as the fill and `=` alignment the zeros go between the sign (and
// prefix) and the digits and are grouped like digits: the field is filled to
// its width, and where that would begin with a separator one more zero goes
// before it (`format(1.5, '010,')` is `0,000,001.5`, eleven wide).

/// A number's text in parts, before grouping and padding.
struct NumberText {
    /// `-`, `+`, a blank or nothing.
    var sign = ""
    /// `0b`, `0o`, `0x`, `0X` or nothing.
    var prefix = ""
    /// The integer part's digits; empty for `inf` and `nan`.
    var digits = ""
    /// Everything after the integer digits.
    var rest = ""
}

extension FormatSpec {
    /// `text` padded to the width by the fill, aligned as asked or by `defaultAlign`.
    func pad(_ text: String, defaultAlign: Unicode.Scalar) -> Result<String, PyFormatError> {
        Self.pad(text, width: width, fill: fillCharacter, align: align ?? defaultAlign)
    }

    /// A number laid out by this spec: grouped, then padded; numbers align
    /// right by default, or `=` with zero padding.
    func pad(_ number: NumberText, groupSize: Int = 3) -> Result<String, PyFormatError> {
        guard width <= PyFormat.maxLength else { return .failure(PyFormat.tooLong(width)) }
        let align = self.align ?? (zeroPadding ? "=" : ">")
        var number = number
        if let separator = grouping, !number.digits.isEmpty {
            var minimum = 0
            if zeroFillsDigits(align: align) {
                minimum = width - number.sign.unicodeScalars.count - number.prefix.unicodeScalars.count
                    - number.rest.unicodeScalars.count
            }
            number.digits = Self.group(number.digits, separator: Character(separator), size: groupSize, minimum: minimum)
        }
        let text = number.sign + number.prefix + number.digits + number.rest
        guard align == "=" else { return Self.pad(text, width: width, fill: fillCharacter, align: align) }
        let missing = width - text.unicodeScalars.count
        guard missing > 0 else { return .success(text) }
        let fill = String(repeating: String(fillCharacter), count: missing)
        return .success(number.sign + number.prefix + fill + number.digits + number.rest)
    }

    /// `text` padded to `width` code points with `fill`, aligned `<`, `>`
    /// or `^` (the odd column on the right).
    static func pad(_ text: String, width: Int, fill: Unicode.Scalar, align: Unicode.Scalar) -> Result<String, PyFormatError> {
        guard width <= PyFormat.maxLength else { return .failure(PyFormat.tooLong(width)) }
        let missing = width - text.unicodeScalars.count
        guard missing > 0 else { return .success(text) }
        let f = String(fill)
        switch align {
        case "<": return .success(text + String(repeating: f, count: missing))
        case "^": return .success(String(repeating: f, count: missing / 2) + text + String(repeating: f, count: missing - missing / 2))
        default: return .success(String(repeating: f, count: missing) + text)
        }
    }

    /// `digits` with `separator` every `size` digits from the right, zeros
    /// added on the left to make at least `minimum` characters, never
    /// starting with a separator.
    static func group(_ digits: String, separator: Character, size: Int, minimum: Int) -> String {
        var remaining = Array(digits)
        var out: [Character] = []
        var needed = minimum
        while true {
            let count = min(size, max(remaining.count, needed, 1))
            for _ in 0..<count { out.append(remaining.popLast() ?? "0") }
            needed -= count
            if remaining.isEmpty, needed <= 0 { break }
            out.append(separator)
            needed -= 1
        }
        return String(out.reversed())
    }
}

extension PyFormat {
    /// The error for a width or precision past `maxLength`.
    static func tooLong(_ n: Int) -> PyFormatError {
        PyFormatError(.memoryError, "a width or precision of \(n) is more than attn writes (at most \(maxLength))")
    }
}
