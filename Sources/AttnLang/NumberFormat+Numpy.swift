import Foundation

// numpy's and Python's ways of writing a float, as notations of
// `NumberFormat`, so that a numpy dialect prints exactly what numpy 2 prints
// by choosing them (held to numpy's own output by scripts/numpy_printing.py).
//
// numpy writes the floats of an array with one `FloatingFormat` decided from
// all of them (those shown, when the array is summarized), with the default
// print options `precision=8`, `floatmode='maxprec'`, `suppress=False`,
// `sign='-'`:
// - every number gets the shortest digits that tell it apart from the other
//   values of its own type (float32 or float64), "unique" digits, cut to
//   `precision` digits after the point (rounded, ties to even) where they are
//   longer;
// - the array is written in scientific notation when its largest nonzero
//   magnitude is at least 1e8 (1e6 for float32), or, unless `suppress`, its
//   smallest is below 1e-4 or the ratio of the two is above 1000 (compared in
//   the array's own type); else positional;
// - positional: the point always shown and trailing zeros dropped (`1.`,
//   `0.5`), the integer parts padded on the left and the fractions on the
//   right with blanks to the widest of the array (`[1.5 , 2.25]`);
// - scientific: every mantissa with as many digits after the point as the
//   longest one needs (the shorter ones get more of their exact digits, not
//   zeros: float32 1e-5 beside 1.2345678e-5 is `9.9999997e-06`), and
//   exponents of at least two digits, signed;
// - `nan` and `inf` right-aligned to the width of the others.
// `floatmode` `'unique'` drops the cut, `'maxprec_equal'` gives every number
// the digits of the longest, `'fixed'` gives every number exactly `precision`
// digits of its exact value.

/// numpy's print options that decide how floats are written (numpy's
/// `np.set_printoptions` names).
public struct NumpyFloatOptions: Equatable, Sendable {
    public enum FloatMode: String, Sendable, CaseIterable {
        case fixed, unique, maxprec
        case maxprecEqual = "maxprec_equal"
    }

    /// Digits after the point (of the mantissa, in scientific notation) at most.
    public var precision: Int
    public var floatMode: FloatMode
    /// numpy's `suppress`: never scientific for small numbers or a wide
    /// range alone (only for a magnitude of 1e8, or 1e6 in float32).
    public var suppressSmall: Bool
    /// numpy's `sign`: `"-"` (only negatives), `"+"` (always), `" "` (a blank
    /// where a positive number's sign would be).
    public var sign: Character

    public init(precision: Int = 8, floatMode: FloatMode = .maxprec, suppressSmall: Bool = false, sign: Character = "-") {
        self.precision = precision
        self.floatMode = floatMode
        self.suppressSmall = suppressSmall
        self.sign = sign
    }
}

/// What numpy's `FloatingFormat` decided for one array; see the top of this file.
public struct NumpyFloatFormat: Equatable, Sendable {
    /// Scientific notation (else positional).
    var scientific = false
    /// The most digits after the point (or of the mantissa's fraction); nil: no cut.
    var cut: Int?
    /// The fewest such digits, filled with the exact value's own digits.
    var minDigits = 0
    /// Whether digits are the shortest unique ones (else exact, to `cut`).
    var unique = true
    /// Whether trailing zeros after the point are dropped.
    var trimZeros = true
    /// Whether a positive number is written with `+`.
    var plusSign = false
    /// Columns before the point, filled with blanks on the left.
    var padLeft = 0
    /// Columns after the point in positional notation, filled with blanks on
    /// the right; in scientific notation, the mantissa's fraction and the
    /// exponent together (for the width of `nan` and `inf` only).
    var padRight = 0
    /// The fewest exponent digits.
    var exponentDigits = 2

    /// The format numpy decides for an array holding `values` (the elements
    /// it shows), float32 values when `isFloat32`.
    init(values: [Double], isFloat32: Bool, options: NumpyFloatOptions) {
        let finite = values.filter(\.isFinite)
        let magnitudes = finite.filter { $0 != 0 }.map(abs)
        if let largest = magnitudes.max(), let smallest = magnitudes.min() {
            // numpy compares in the array's type (its Python numbers are weak).
            if isFloat32 {
                let (l, s) = (Float(largest), Float(smallest))
                scientific = l >= 1e6 || (!options.suppressSmall && (s < Float(0.0001) || l / s > 1000))
            } else {
                scientific = largest >= 1e8 || (!options.suppressSmall && (smallest < 0.0001 || largest / smallest > 1000))
            }
        }
        plusSign = options.sign == "+"
        unique = options.floatMode != .fixed
        cut = options.floatMode == .unique ? nil : max(0, options.precision)
        trimZeros = options.floatMode != .fixed
        if !finite.isEmpty {
            // A first pass writes every number, to measure the parts.
            let texts = finite.map { digits($0, isFloat32: isFloat32) }
            let parts = texts.map { text -> (whole: Substring, fraction: Substring, exponent: Substring) in
                let mantissa = text.split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false)
                let halves = mantissa[0].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
                return (halves[0], halves.count > 1 ? halves[1] : "", mantissa.count > 1 ? mantissa[1] : "")
            }
            padLeft = parts.map(\.whole.count).max() ?? 0
            let fraction = parts.map(\.fraction.count).max() ?? 0
            if scientific {
                exponentDigits = (parts.map(\.exponent.count).max() ?? 3) - 1
                cut = fraction
                minDigits = fraction
                trimZeros = false
                padRight = exponentDigits + 2 + fraction
            } else {
                padRight = fraction
                if options.floatMode == .fixed || options.floatMode == .maxprecEqual {
                    cut = fraction
                    minDigits = fraction
                    trimZeros = false
                }
            }
        }
        if options.sign == " ", !finite.contains(where: { $0.sign == .minus }) { padLeft += 1 }
        if finite.count != values.count {
            let negativeInfinity = options.sign != "-" || values.contains { $0.isInfinite && $0 < 0 }
            let offset = padRight + 1
            padLeft = max(padLeft, 3 - offset, 3 + (negativeInfinity ? 1 : 0) - offset)
        }
    }

    /// `x` as numpy writes it in an array of this format.
    func write(_ x: Double, isFloat32: Bool) -> String {
        guard x.isFinite else {
            let text = x.isNaN ? (plusSign ? "+nan" : "nan") : (x < 0 ? "-inf" : plusSign ? "+inf" : "inf")
            return String(repeating: " ", count: max(0, padLeft + padRight + 1 - text.count)) + text
        }
        let text = digits(x, isFloat32: isFloat32)
        let point = text.firstIndex(of: ".") ?? text.endIndex
        let whole = text[..<point].count
        var out = String(repeating: " ", count: max(0, padLeft - whole)) + text
        if !scientific {
            let fraction = text.distance(from: point, to: text.endIndex) - 1
            out += String(repeating: " ", count: max(0, padRight - fraction))
        }
        return out
    }

    /// `x` (finite) written without padding: its digits cut, filled and
    /// trimmed as decided, with a point always and a sign when asked.
    func digits(_ x: Double, isFloat32: Bool) -> String {
        let sign = x.sign == .minus ? "-" : plusSign ? "+" : ""
        let shortest = ShortestDecimal(abs(x), isFloat32: isFloat32)
        let written = scientific ? shortest.digits.count - 1 : shortest.fractionDigits
        // The exact value's digits where the unique ones are too many, too
        // few, or not wanted; C's printf rounds exactly, ties to even, as
        // numpy's Dragon4 does.
        let places: Int?
        if !unique { places = cut ?? written } else if let cut, written > cut { places = cut } else if minDigits > written { places = minDigits } else { places = nil }
        var body: String
        var exponent = shortest.pointPosition - 1
        if let places {
            let exact = String(format: scientific ? "%.\(places)e" : "%.\(places)f", abs(x))
            if scientific, let e = exact.firstIndex(of: "e") {
                body = String(exact[..<e])
                exponent = Int(exact[exact.index(after: e)...]) ?? 0
            } else {
                body = exact
            }
            if !body.contains(".") { body += "." }
        } else {
            body = scientific ? shortest.mantissa : shortest.positional
        }
        if trimZeros, body.contains(".") {
            while body.last == "0" { body.removeLast() }
        }
        guard scientific else { return sign + body }
        let magnitude = String(abs(exponent))
        let padded = String(repeating: "0", count: max(0, exponentDigits - magnitude.count)) + magnitude
        return sign + body + (exponent < 0 ? "e-" : "e+") + padded
    }

    /// `x` as Python's `repr` writes a float, and numpy's `str` a float
    /// scalar (of float32 too): the shortest digits, positional with at
    /// least one digit after the point when 1e-4 ≤ |x| < 1e16 (1e6 for
    /// float32, numpy 2's cut-off) or x is 0, else scientific without
    /// trailing zeros or a bare point (`1e-05`, `1.5e+16`); `nan`, `inf`, `-inf`.
    static func python(_ x: Double, isFloat32: Bool) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        let sign = x.sign == .minus ? "-" : ""
        let shortest = ShortestDecimal(abs(x), isFloat32: isFloat32)
        if x == 0 || (abs(x) >= 1e-4 && abs(x) < (isFloat32 ? 1e6 : 1e16)) {
            let text = shortest.positional
            return sign + text + (text.hasSuffix(".") ? "0" : "")
        }
        var mantissa = shortest.mantissa
        if mantissa.hasSuffix(".") { mantissa.removeLast() }
        let exponent = shortest.pointPosition - 1
        let magnitude = String(abs(exponent))
        return sign + mantissa + (exponent < 0 ? "e-" : "e+") + (magnitude.count < 2 ? "0" : "") + magnitude
    }
}

extension NumberFormat {
    /// numpy's format for the floats of one array whose shown elements are
    /// `values` (see the top of this file); float32 values when `isFloat32`.
    public static func numpy(_ values: [Double], isFloat32: Bool, options: NumpyFloatOptions = NumpyFloatOptions()) -> NumberFormat {
        NumberFormat(precision: .full, notation: .numpy(NumpyFloatFormat(values: values, isFloat32: isFloat32, options: options)),
                     isFloat32: isFloat32)
    }

    /// Python's `repr` of a float, and numpy's `str` of a float scalar.
    public static func python(isFloat32: Bool = false) -> NumberFormat {
        NumberFormat(precision: .full, notation: .python, isFloat32: isFloat32)
    }
}

/// The shortest decimal that reads back as a float64 (or, for a float32
/// value, as the same float32): Swift's `description`, which writes the
/// shortest round-tripping digits and of those the closest to the value, as
/// numpy's Dragon4 and Python's `repr` choose them. Held as digits and a
/// point: value = 0.d1d2...dn × 10^pointPosition.
struct ShortestDecimal {
    /// ASCII digits without leading or trailing zeros; empty for zero.
    let digits: [UInt8]
    /// Where the point goes, counted from the first digit (`0.05` is
    /// digits `5`, point position −1).
    let pointPosition: Int

    /// The shortest decimal of `x`, a finite non-negative number.
    init(_ x: Double, isFloat32: Bool) {
        let text = isFloat32 ? Float(x).description : x.description
        let parts = text.split(separator: "e", maxSplits: 1)
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let mantissa = Array(parts[0].utf8)
        let point = mantissa.firstIndex(of: UInt8(ascii: ".")) ?? mantissa.count
        var all = mantissa.filter { $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: "-") }
        var position = point + exponent
        while all.first == UInt8(ascii: "0") {
            all.removeFirst()
            position -= 1
        }
        while all.last == UInt8(ascii: "0") { all.removeLast() }
        digits = all
        pointPosition = all.isEmpty ? 1 : position
    }

    /// Digits after the point in positional notation.
    var fractionDigits: Int { max(0, digits.count - pointPosition) }

    /// Positional, with a point always and nothing after it when there is
    /// no fraction: `0.05`, `120.`, `0.`.
    var positional: String {
        let text = String(decoding: digits, as: UTF8.self)
        if digits.isEmpty { return "0." }
        if pointPosition <= 0 { return "0." + String(repeating: "0", count: -pointPosition) + text }
        if pointPosition >= digits.count { return text + String(repeating: "0", count: pointPosition - digits.count) + "." }
        return String(text.prefix(pointPosition)) + "." + String(text.dropFirst(pointPosition))
    }

    /// The mantissa of scientific notation, with a point always: `1.5`, `1.`.
    var mantissa: String {
        guard let first = digits.first else { return "0." }
        return String(UnicodeScalar(first)) + "." + String(decoding: digits.dropFirst(), as: UTF8.self)
    }
}
