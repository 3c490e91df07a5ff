import AttnLang
import Foundation

// A float's digits for each presentation type, as CPython writes them; the
// `format` types and the `%` conversions share these.
//
// - no type and no precision: repr's text (`NumberFormat.python`, the
//   shortest round-trip digits); `#` adds a point to a bare mantissa (`1.e+16`);
// - `f`, `F`, `%`: `precision` digits after the point (6 if none), the exact
//   binary value rounded half to even (C's printf does this exactly);
//   `%` first multiplies by 100 and ends with `%`;
// - `e`, `E`: a mantissa with `precision` digits after the point and an
//   exponent of at least two digits;
// - `g`, `G`, `n`: `precision` significant digits (6 if none, 0 taken as 1);
//   positional when the decimal exponent E (after rounding) has
//   -4 ≤ E < precision, else exponent notation; trailing zeros and a bare
//   point dropped unless `#`;
// - no type with a precision: as `g`, but positional only while
//   E < precision - 1, and a positional result always has a digit after the
//   point (`format(12.0, '.3')` is `12.0`, `format(123.0, '.3')` `1.23e+02`).
// Upper-case types write `E`, `INF`, `NAN`. `nan` never has a minus sign
// (CPython drops a NaN's sign bit); `inf` does. With `z`, a negative number
// whose digits all round to zero is written without its sign.

/// How a float's digits are laid out; see the top of the file.
enum FloatStyle: Equatable {
    /// No type, no precision: repr.
    case repr
    /// No type with a precision: `g` with repr's look.
    case reprLike(Int)
    case fixed(Int)
    case exponent(Int)
    case general(Int)
}

extension PyFormat {
    /// `x` as parts of a number in `style`, with the sign rule (`+`, `-`,
    /// a blank) and flags of a spec or conversion.
    static func floatText(_ x: Double, _ style: FloatStyle, alternate: Bool, upper: Bool, percent: Bool,
                          sign: Unicode.Scalar?, coercesNegativeZero: Bool) -> NumberText {
        let value = percent ? x * 100 : x
        var body: String
        if value.isNaN {
            body = "nan"
        } else if value.isInfinite {
            body = "inf"
        } else {
            body = floatDigits(abs(value), style, alternate: alternate)
        }
        if upper { body = body.uppercased() }
        if percent { body += "%" }
        var negative = value.sign == .minus && !value.isNaN
        if negative, coercesNegativeZero, value.isFinite, roundsToZero(body) {
            negative = false
        }
        var number = NumberText()
        number.sign = negative ? "-" : sign == "+" ? "+" : sign == " " ? " " : ""
        let integerEnd = body.firstIndex { !($0.isASCII && $0.isNumber) } ?? body.endIndex
        number.digits = String(body[..<integerEnd])
        number.rest = String(body[integerEnd...])
        return number
    }

    /// Whether a finite number's digits (before any exponent) are all zeros.
    private static func roundsToZero(_ body: String) -> Bool {
        body.prefix { $0 != "e" && $0 != "E" && $0 != "%" }.allSatisfy { $0 == "0" || $0 == "." }
    }

    /// The digits of a finite, non-negative `x` in `style`.
    static func floatDigits(_ x: Double, _ style: FloatStyle, alternate: Bool) -> String {
        switch style {
        case .repr:
            let text = repr(x)
            guard alternate, !text.contains("."), let e = text.firstIndex(of: "e") else { return text }
            return text[..<e] + "." + text[e...]
        case .fixed(let p):
            let text = String(format: "%.\(p)f", x)
            return alternate && p == 0 ? text + "." : text
        case .exponent(let p):
            let text = String(format: "%.\(p)e", x)
            guard alternate, p == 0, let e = text.firstIndex(of: "e") else { return text }
            return text[..<e] + "." + text[e...]
        case .general(let p):
            return general(x, max(p, 1), positionalBelow: max(p, 1), alternate: alternate, pointAlways: false)
        case .reprLike(let p):
            return general(x, max(p, 1), positionalBelow: max(p, 1) - 1, alternate: alternate, pointAlways: true)
        }
    }

    /// `x` to `digits` significant digits, positional when its decimal
    /// exponent is at least -4 and below `positionalBelow`.
    private static func general(_ x: Double, _ digits: Int, positionalBelow: Int, alternate: Bool, pointAlways: Bool) -> String {
        // C's %e rounds exactly; its mantissa digits and exponent are the decision.
        let scientific = String(format: "%.\(digits - 1)e", x)
        let parts = scientific.split(separator: "e")
        guard parts.count == 2, let exponent = Int(parts[1]) else { return scientific }
        let mantissa = Array(parts[0].filter { $0 != "." })
        var whole: String
        var fraction: String
        let positional = exponent >= -4 && exponent < positionalBelow
        if positional {
            if exponent >= 0 {
                let padded = mantissa + Array(repeating: "0", count: max(0, exponent + 1 - mantissa.count))
                whole = String(padded[...exponent])
                fraction = String(padded[(exponent + 1)...])
            } else {
                whole = "0"
                fraction = String(repeating: "0", count: -exponent - 1) + String(mantissa)
            }
        } else {
            whole = String(mantissa[0])
            fraction = String(mantissa.dropFirst())
        }
        if !alternate {
            while fraction.last == "0" { fraction.removeLast() }
        }
        var text = whole
        if !fraction.isEmpty {
            text += "." + fraction
        } else if alternate {
            text += "."
        } else if pointAlways, positional {
            text += ".0"
        }
        guard !positional else { return text }
        let magnitude = String(abs(exponent))
        return text + (exponent < 0 ? "e-" : "e+") + (magnitude.count < 2 ? "0" : "") + magnitude
    }
}
