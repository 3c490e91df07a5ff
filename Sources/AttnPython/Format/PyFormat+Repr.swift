import AttnLang

// repr of floats, strings and containers, as CPython writes them.
//
// - float: the shortest digits that read back as the same float64
//   (NumberFormat's shortest-digits machinery, which numpy's printing uses
//   too), positional with at least one digit after the point for
//   1e-4 ≤ |x| < 1e16 and for zero (`0.1`, `1.0`, `-0.0`), else a mantissa
//   and an exponent of at least two digits (`1e-05`, `1.5e+300`); `inf`,
//   `-inf`, `nan` (never `-nan`).
// - str: in single quotes, or double quotes when the text holds a single
//   quote and no double quote; `\\`, the quote used, `\t`, `\n`, `\r`
//   escaped; other control characters and DEL as `\xhh`; other code points
//   kept when `str.isprintable` says so (CJK and emoji come through), else
//   `\xhh`, `\uhhhh` or `\Uhhhhhhhh`, lowercase hex.
// - ascii: the repr with every non-ASCII code point escaped the same way.
// - containers from their elements' reprs, which the evaluator computes:
//   `[1, 2.5, 'a']`, `(1,)`, `()`, `{'a': 1}`, `{1, 2}`, `set()`,
//   `frozenset({1})`, `range(0, 5)`, `range(0, 5, 2)`, `slice(1, None, 2)`.

extension PyFormat {
    /// `repr(x)` (and `str(x)`) of a Python float.
    public static func repr(_ x: Double) -> String {
        NumberFormat.python().write(x)
    }

    /// `repr(s)` of a Python str.
    public static func repr(_ s: String) -> String {
        let scalars = s.unicodeScalars
        let quote: Unicode.Scalar = scalars.contains("'") && !scalars.contains("\"") ? "\"" : "'"
        var out = String.UnicodeScalarView()
        out.append(quote)
        for scalar in scalars {
            switch scalar {
            case quote, "\\":
                out.append("\\")
                out.append(scalar)
            case "\t": out.append(contentsOf: "\\t".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            default:
                if scalar.value >= 0x20, scalar.value < 0x7F || (scalar.value > 0x7F && isPrintable(scalar)) {
                    out.append(scalar)
                } else {
                    out.append(contentsOf: escaped(scalar).unicodeScalars)
                }
            }
        }
        out.append(quote)
        return String(out)
    }

    /// `ascii(x)` from `repr(x)`: every non-ASCII code point escaped.
    public static func ascii(_ reprText: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in reprText.unicodeScalars {
            if scalar.isASCII {
                out.append(scalar)
            } else {
                out.append(contentsOf: escaped(scalar).unicodeScalars)
            }
        }
        return String(out)
    }

    /// `\xhh`, `\uhhhh` or `\Uhhhhhhhh`, the shortest that holds the code point.
    static func escaped(_ scalar: Unicode.Scalar) -> String {
        let (prefix, width) = scalar.value < 0x100 ? ("\\x", 2) : scalar.value < 0x10000 ? ("\\u", 4) : ("\\U", 8)
        let hex = String(scalar.value, radix: 16)
        return prefix + String(repeating: "0", count: width - hex.count) + hex
    }

    /// `s.isprintable()`.
    public static func isPrintable(_ s: String) -> Bool {
        s.unicodeScalars.allSatisfy(isPrintable)
    }

    /// Whether a code point is printable as `str.isprintable` decides: not
    /// in the categories Cc, Cf, Cs, Co, Cn, Zl, Zp, nor Zs other than the
    /// space, in Unicode 14.0 (CPython 3.11's), so a code point assigned
    /// later counts as unassigned.
    public static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        guard let age = scalar.properties.age, age.major < 14 || (age.major == 14 && age.minor == 0) else { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
             .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        @unknown default:
            return false
        }
    }

    /// `repr` of a list from its elements' reprs: `[1, 2.5, 'a']`.
    public static func list(_ items: [String]) -> String {
        "[" + items.joined(separator: ", ") + "]"
    }

    /// `repr` of a tuple from its elements' reprs: `(1, 2)`, `(1,)`, `()`.
    public static func tuple(_ items: [String]) -> String {
        items.count == 1 ? "(" + items[0] + ",)" : "(" + items.joined(separator: ", ") + ")"
    }

    /// `repr` of a dict from its keys' and values' reprs, in its order: `{'a': 1}`.
    public static func dict(_ items: [(key: String, value: String)]) -> String {
        "{" + items.map { $0.key + ": " + $0.value }.joined(separator: ", ") + "}"
    }

    /// `repr` of a set from its elements' reprs, in its order: `{1, 2}`, `set()`.
    public static func set(_ items: [String]) -> String {
        items.isEmpty ? "set()" : "{" + items.joined(separator: ", ") + "}"
    }

    /// `repr` of a frozenset: `frozenset({1, 2})`, `frozenset()`.
    public static func frozenset(_ items: [String]) -> String {
        items.isEmpty ? "frozenset()" : "frozenset(" + set(items) + ")"
    }

    /// `repr` of a range: `range(0, 5)`, with the step only when it is not 1.
    public static func range(start: Int, stop: Int, step: Int) -> String {
        step == 1 ? "range(\(start), \(stop))" : "range(\(start), \(stop), \(step))"
    }

    /// `repr` of a slice from its parts' reprs: `slice(1, None, 2)`.
    public static func slice(_ start: String, _ stop: String, _ step: String) -> String {
        "slice(\(start), \(stop), \(step))"
    }
}
