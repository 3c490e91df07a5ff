import Foundation

/// How numbers are written: the one writer behind the printer, the claims
/// that `attn run --transcript` and `:save` write, and the claims `attn fix`
/// rewrites. `NumberLiteral` reads everything it writes.
///
/// Contract, for a finite `x` (held by the round-trip property tests):
/// - general notation (the printer's): an integer of magnitude below 1e16
///   (up to 2^24 for a float32, where every integer is one; past it, as past
///   2^53 in float64, integers are as far apart as their binary digits say)
///   is written whole, without a point (`3`, `-0`), or with a bare point
///   (`3.`, numpy's float) when `integerPoint` is set. Any other number gets
///   `precision` significant digits the way C's `%g` writes them
///   (e-notation when the exponent is below -4 or not below the precision),
///   trailing zeros dropped unless `keepsTrailingZeros`;
/// - a non-integer never looks like an integer: where rounding leaves no
///   digit after the point (`123456.7` or `0.9999999` at 6 digits would be
///   `123457` and `1`), the number is written with the digits after the
///   point that the precision gives, zeros kept, and at least one:
///   `123456.7`, `1.00000`. (A claim without point or exponent is exact.)
/// - scientific notation: every number as a mantissa with precision − 1
///   digits after the point, zeros kept, and an exponent (`1.50000e-3`);
/// - `.full`: the shortest text that reads back as exactly `x`;
/// - the text never reads back as infinite: where rounding passes the
///   largest `Double` (`2e308` at 1 digit), digits are added until it does not.
/// - float32 values (`isFloat32`) at float32's precision: `.full` writes the
///   shortest text that reads back as the same float32, and no more than 9
///   significant digits are written (9 tell any two float32 apart; more
///   would show only their binary expansion); nor does the text read back
///   (through float64, as attn reads `f32(...)`) as a float32 infinity.
/// `nan`, `inf` and `-inf` are written so whatever the settings.
///
/// numpy's and Python's own ways of writing floats, for the numpy dialect
/// and claims in it, are notations of this type too: see
/// `NumberFormat+Numpy.swift`.
public struct NumberFormat: Equatable, Sendable {
    public enum Notation: Equatable, Sendable {
        /// Positional or e-notation, as `%g` chooses; integers whole.
        case general
        /// Always a mantissa and an exponent, integers too (numpy's scientific mode).
        case scientific
        /// numpy's formatting of one array's floats (its `FloatingFormat`),
        /// decided from the array's elements by `NumberFormat.numpy`.
        case numpy(NumpyFloatFormat)
        /// Python's `repr` of a float, which numpy's float scalars share:
        /// the shortest digits, positional (`0.1`, `1.0`) between 1e-4 and
        /// 1e16 (1e6 for float32), else `1e-05`, `1.5e+16`.
        case python
    }

    public var precision: Precision
    public var notation: Notation
    /// Whether all `precision` digits are written (`0.500000`), or trailing
    /// zeros are dropped (`0.5`, attn's printed form).
    public var keepsTrailingZeros: Bool
    /// How exponents are spelled.
    public var exponent: ExponentSpelling
    /// Whether integers get a bare point (`1.`), as numpy writes floats.
    public var integerPoint: Bool
    /// Whether the numbers are float32 values, each given as the Double that
    /// holds it exactly; see the contract.
    public var isFloat32: Bool

    public init(precision: Precision, notation: Notation = .general, keepsTrailingZeros: Bool = false,
                exponent: ExponentSpelling = .attn, integerPoint: Bool = false, isFloat32: Bool = false) {
        self.precision = precision
        self.notation = notation
        self.keepsTrailingZeros = keepsTrailingZeros
        self.exponent = exponent
        self.integerPoint = integerPoint
        self.isFloat32 = isFloat32
    }

    /// The most significant digits worth writing: 17 tell any two float64 apart, 9 any two float32.
    var digitLimit: Int { isFloat32 ? 9 : 17 }

    /// `x` as text; see the type's contract.
    public func write(_ x: Double) -> String {
        switch notation {
        case .numpy(let format): return format.write(x, isFloat32: isFloat32)
        case .python: return NumpyFloatFormat.python(x, isFloat32: isFloat32)
        case .general, .scientific: break
        }
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        let integral = x == x.rounded()
        if notation == .general, integral, isFloat32 ? abs(x) <= 0x1p24 : abs(x) < 1e16 {
            let whole = x == 0 ? (x.sign == .minus ? "-0" : "0") : String(Int64(x))
            return integerPoint ? whole + "." : whole
        }
        switch precision {
        case .full:
            if notation == .general { return exponent.respell(isFloat32 ? Float(x).description : "\(x)") }
            // The fewest mantissa digits that read back as exactly x.
            let digits = (1...digitLimit).first { readsBack(scientific(x, $0), as: x) } ?? digitLimit
            return exponent.respell(scientific(x, digits))
        case .digits(let p):
            var digits = max(1, min(p, digitLimit))
            while true {
                let text = notation == .general ? general(x, digits, integral: integral) : scientific(x, digits)
                if digits >= digitLimit || readsBackFinite(text) { return exponent.respell(text) }
                digits += 1
            }
        }
    }

    /// Whether `text`, read as attn reads a number (a float64, then
    /// rounded to float32 for a float32 value), gives `x` again.
    private func readsBack(_ text: String, as x: Double) -> Bool {
        guard let value = Double(text) else { return false }
        return isFloat32 ? Float(value) == Float(x) : value == x
    }

    /// Whether `text` reads back (as `readsBack` reads it) as a finite number.
    private func readsBackFinite(_ text: String) -> Bool {
        guard let value = Double(text) else { return false }
        return isFloat32 ? Float(value).isFinite : value.isFinite
    }

    /// `%g` with `digits` significant digits, or, for a non-integer that it
    /// would write like an integer, positional with at least one decimal.
    private func general(_ x: Double, _ digits: Int, integral: Bool) -> String {
        let text = String(format: keepsTrailingZeros ? "%#.\(digits)g" : "%.\(digits)g", x)
        guard !integral, !text.contains("e"), !Self.hasFractionDigit(text) else { return text }
        let integerDigits = text.filter(\.isNumber).count
        return String(format: "%.\(max(1, digits - integerDigits))f", x)
    }

    /// C's `%e` with `digits` significant digits (`1.50e-03` for 3).
    private func scientific(_ x: Double, _ digits: Int) -> String {
        String(format: "%.\(digits - 1)e", x)
    }

    private static func hasFractionDigit(_ text: String) -> Bool {
        guard let point = text.firstIndex(of: ".") else { return false }
        return text[text.index(after: point)...].first?.isNumber ?? false
    }
}
