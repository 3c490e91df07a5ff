// The format-spec mini-language of `format(x, spec)`, f-string fields and
// `str.format`, read as CPython reads it:
//
//   spec ::= [[fill]align][sign]["z"]["#"]["0"][width][grouping]["." precision][type]
//
// - fill is any one code point, taken as fill only when an align follows it;
//   align is `<`, `>`, `^` or `=`;
// - sign is `+`, `-` or a space; `z` turns a negative zero (after rounding)
//   positive; `#` is the alternate form; `0` asks for zero padding: the fill
//   becomes `0` unless a fill was given, and numbers are then aligned `=`
//   unless an align was given;
// - width and precision are decimal digits (any Unicode decimal digit, as
//   CPython accepts); grouping is `,` or `_`;
// - what is left must be at most one code point, the type.
// Errors, checked in CPython's order: a doubled or mixed grouping, a `.`
// without digits, a number past the machine's integers, more than one code
// point left (`Invalid format specifier`), then a grouping the type does not
// take (`,` with d e f g E G % F or no type; `_` with those and b o x X),
// judged by the value's default type when none is written (`s` for str,
// `d` for int). Each kind of value then checks what it does not allow.

/// A parsed format spec; see the top of the file.
struct FormatSpec: Equatable {
    /// The fill written before an align, if any.
    var fill: Unicode.Scalar?
    /// `<`, `>`, `^` or `=`, if written.
    var align: Unicode.Scalar?
    /// `+`, `-` or a space, if written.
    var sign: Unicode.Scalar?
    /// `z`: a negative zero is written without its sign.
    var coercesNegativeZero = false
    /// `#`: the alternate form (a point always, `0x` prefixes).
    var alternate = false
    /// The `0` before the width.
    var zeroPadding = false
    /// The least number of code points written.
    var width = 0
    /// `,` or `_`, if written.
    var grouping: Unicode.Scalar?
    var precision: Int?
    /// The presentation type, if written.
    var type: Unicode.Scalar?

    /// Whether anything at all was written: an empty spec means `str(x)`.
    var isEmpty = true

    static func isAlign(_ c: Unicode.Scalar) -> Bool { c == "<" || c == ">" || c == "^" || c == "=" }

    /// The spec `text` for a value of type `typeName`, whose type is
    /// `defaultType` when none is written.
    static func parse(_ text: String, typeName: String, defaultType: Unicode.Scalar?) -> Result<FormatSpec, PyFormatError> {
        let s = Array(text.unicodeScalars)
        var spec = FormatSpec()
        spec.isEmpty = s.isEmpty
        var i = 0
        func next(_ c: Unicode.Scalar) -> Bool {
            guard i < s.count, s[i] == c else { return false }
            i += 1
            return true
        }
        if s.count >= 2, isAlign(s[1]) {
            spec.fill = s[0]
            spec.align = s[1]
            i = 2
        } else if let first = s.first, isAlign(first) {
            spec.align = first
            i = 1
        }
        if i < s.count, s[i] == "+" || s[i] == "-" || s[i] == " " {
            spec.sign = s[i]
            i += 1
        }
        spec.coercesNegativeZero = next("z")
        spec.alternate = next("#")
        spec.zeroPadding = next("0")
        switch readNumber(s, &i) {
        case .failure(let error): return .failure(error)
        case .success(let width): spec.width = width ?? 0
        }
        if next(",") { spec.grouping = "," }
        if next("_") {
            if spec.grouping != nil { return .failure(.value("Cannot specify both ',' and '_'.")) }
            spec.grouping = "_"
        }
        if i < s.count, s[i] == "," || s[i] == "_" {
            if s[i] == spec.grouping {
                return .failure(.value("Cannot specify '\(s[i])' with '\(s[i])'."))
            }
            if spec.grouping != nil { return .failure(.value("Cannot specify both ',' and '_'.")) }
        }
        if next(".") {
            switch readNumber(s, &i) {
            case .failure(let error): return .failure(error)
            case .success(nil): return .failure(.value("Format specifier missing precision"))
            case .success(let precision): spec.precision = precision
            }
        }
        if s.count - i > 1 {
            return .failure(.value("Invalid format specifier '\(text)' for object of type '\(typeName)'"))
        }
        if i < s.count { spec.type = s[i] }
        if let grouping = spec.grouping {
            let type = spec.type ?? defaultType
            let allowed: String = grouping == "," ? "defgEG%F" : "defgEG%FboxX"
            if let type, !allowed.unicodeScalars.contains(type) {
                return .failure(.value("Cannot specify '\(grouping)' with '\(codeText(type))'."))
            }
        }
        return .success(spec)
    }

    /// Decimal digits at `i`, if any, as CPython reads a width or precision.
    private static func readNumber(_ s: [Unicode.Scalar], _ i: inout Int) -> Result<Int?, PyFormatError> {
        var value: Int?
        while i < s.count, let digit = decimalDigit(s[i]) {
            let (times10, o1) = (value ?? 0).multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(digit)
            if o1 || o2 { return .failure(.value("Too many decimal digits in format string")) }
            value = sum
            i += 1
        }
        return .success(value)
    }

    /// The value of a Unicode decimal digit (`5`, `٥`), else nil.
    private static func decimalDigit(_ c: Unicode.Scalar) -> Int? {
        if c.isASCII { return c >= "0" && c <= "9" ? Int(c.value - 48) : nil }
        guard c.properties.numericType == .decimal, let v = c.properties.numericValue else { return nil }
        return Int(v)
    }

    /// A type code as CPython shows it in a message: itself when it is
    /// visible ASCII, else `\x` and its hex (`\x4e2d`).
    static func codeText(_ c: Unicode.Scalar) -> String {
        c.value > 32 && c.value < 128 ? String(c) : "\\x" + String(c.value, radix: 16)
    }

    /// The unknown-type error.
    static func unknownCode(_ c: Unicode.Scalar, _ typeName: String) -> PyFormatError {
        .value("Unknown format code '\(codeText(c))' for object of type '\(typeName)'")
    }

    /// The fill: the one written, else `0` for zero padding, else a blank.
    var fillCharacter: Unicode.Scalar { fill ?? (zeroPadding ? "0" : " ") }

    /// Whether zeros pad between the sign and the digits (and are grouped):
    /// a `0` fill with `=` alignment, however it was asked for.
    func zeroFillsDigits(align: Unicode.Scalar) -> Bool { fillCharacter == "0" && align == "=" }
}
