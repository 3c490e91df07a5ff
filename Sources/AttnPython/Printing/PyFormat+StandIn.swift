import AttnLang
import Foundation

// STAND-IN for the pyformat branch (Sources/AttnPython/Format/), which
// writes CPython's float and str repr, the format-spec mini-language,
// %-formatting and numpy scalar formatting as pure functions. Until the lead
// merges it, the evaluator calls only the four entry points of `PyFormat`
// below; swapping means pointing their bodies at pyformat's functions (and
// deleting the helpers under them):
//   PyFormat.floatRepr(_:)          → CPython's repr(float)
//   PyFormat.stringRepr(_:)         → CPython's repr(str)
//   PyFormat.format(_:spec:)        → format(value, spec) for int, float, str
//   PyFormat.percent(_:_:_:)        → str % args
// What this stand-in covers: float repr (through attn's own
// `NumberFormat.python`, already held to CPython by scripts/numpy_printing.py),
// str repr's quoting and the common escapes, and specs and %-conversions
// with fill, align, sign, `0`, width, `,`/`_` grouping, precision and the
// types d b o x X c e E f F g G % s n; not `#` alternate forms of floats,
// `z`, nor the exact digits of `g` at high precision beyond C's `%g`.

/// A value `format()` can format: what remains of a Python value once the
/// evaluator has looked at its type.
enum PyFormatValue {
    case int(Int64)
    case float(Double)
    case str(String)
}

enum PyFormat {
    /// `repr(x)` of a Python float: the shortest round-tripping digits,
    /// `1e-05`, `1e+16`, `inf`, `nan`.
    static func floatRepr(_ x: Double) -> String {
        NumberFormat.python().write(x)
    }

    /// `repr(s)`: single quotes unless the text holds a `'` and no `"`;
    /// backslash, the quote, `\n`, `\r`, `\t` escaped; other non-printable
    /// characters as `\xhh`, `\uhhhh` or `\Uhhhhhhhh`.
    static func stringRepr(_ s: String) -> String {
        let quote: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(scalar) == quote {
                    out += "\\" + String(quote)
                } else if PyLexer.isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else {
                    let hex = String(scalar.value, radix: 16)
                    let width = scalar.value < 0x100 ? 2 : scalar.value < 0x10000 ? 4 : 8
                    let prefix = width == 2 ? "\\x" : width == 4 ? "\\u" : "\\U"
                    out += prefix + String(repeating: "0", count: width - hex.count) + hex
                }
            }
        }
        out.append(quote)
        return out
    }

    /// `format(value, spec)` (see the top of the file for what is covered).
    static func format(_ value: PyFormatValue, spec: String) throws(PyError) -> String {
        let s = try Spec(spec)
        switch value {
        case .str(let text):
            guard s.type == nil || s.type == "s" else {
                throw PyError.value("Unknown format code '\(s.type.map(String.init) ?? "")' for object of type 'str'")
            }
            if s.sign != nil { throw PyError.value("Sign not allowed in string format specifier") }
            var body = text
            if let p = s.precision { body = String(body.unicodeScalars.prefix(p).map(Character.init)) }
            return s.pad(body, sign: "", numeric: false)
        case .int(let i):
            switch s.type {
            case nil, "d", "n":
                return s.pad(s.grouped(String(i.magnitude), every: 3), sign: s.signText(negative: i < 0), numeric: true)
            case "b", "o", "x", "X":
                let radix = s.type == "b" ? 2 : s.type == "o" ? 8 : 16
                var digits = String(i.magnitude, radix: radix, uppercase: s.type == "X")
                digits = s.grouped(digits, every: 4)
                if s.alternate { digits = "0" + String(s.type ?? "x") + digits }
                return s.pad(digits, sign: s.signText(negative: i < 0), numeric: true)
            case "c":
                guard let scalar = Unicode.Scalar(UInt32(clamping: max(0, i))) else { throw PyError.overflow("%c arg not in range(0x110000)") }
                return s.pad(String(Character(scalar)), sign: "", numeric: false)
            case "e", "E", "f", "F", "g", "G", "%":
                return try format(.float(Double(i)), spec: spec)
            default:
                throw PyError.value("Unknown format code '\(s.type.map(String.init) ?? "")' for object of type 'int'")
            }
        case .float(let d):
            if let t = s.type, !"eEfFgGn%".contains(t) {
                throw PyError.value("Unknown format code '\(t)' for object of type 'float'")
            }
            return s.pad(floatBody(d, s), sign: s.signText(negative: d.sign == .minus && !d.isNaN), numeric: true)
        }
    }

    /// A float's digits for a spec, without sign or padding.
    private static func floatBody(_ d: Double, _ s: Spec) -> String {
        let x = abs(d)
        let upper = s.type.map { $0.isUppercase } ?? false
        if !x.isFinite {
            let text = x.isNaN ? "nan" : "inf"
            return (upper ? text.uppercased() : text) + (s.type == "%" ? "%" : "")
        }
        var body: String
        switch s.type {
        case "f", "F": body = String(format: "%.\(s.precision ?? 6)f", x)
        case "e", "E": body = String(format: "%.\(s.precision ?? 6)e", x)
        case "%": body = String(format: "%.\(s.precision ?? 6)f", x * 100)
        case "g", "G", "n": body = String(format: "%.\(max(1, s.precision ?? 6))g", x)
        default:
            // No type: as 'g' (p significant digits), but scientific from an
            // exponent of p - 1 on, and fixed notation always with a digit
            // after the point (`format(10.0, '.2')` is 1e+01, '.3' gives 10.0).
            guard let p = s.precision.map({ max(1, $0) }) else { return s.grouped(floatRepr(x), every: 3) }
            let scientific = String(format: "%.\(p - 1)e", x)
            let e = Int(scientific.split(separator: "e").last ?? "0") ?? 0
            if e < -4 || e >= p - 1 {
                let parts = scientific.split(separator: "e", maxSplits: 1)
                var mantissa = String(parts[0])
                if mantissa.contains(".") {
                    while mantissa.hasSuffix("0") { mantissa.removeLast() }
                    if mantissa.hasSuffix(".") { mantissa.removeLast() }
                }
                body = mantissa + "e" + String(parts.count > 1 ? parts[1] : "+00")
            } else {
                body = String(format: "%.\(p - 1 - e)f", x)
                while body.hasSuffix("0") { body.removeLast() }
                if body.hasSuffix(".") { body += "0" }
            }
        }
        if upper { body = body.uppercased() }
        if s.type == "%" { body += "%" }
        return s.grouped(body, every: 3)
    }

    /// A parsed format spec: `[[fill]align][sign][#][0][width][grouping][.precision][type]`.
    private struct Spec {
        var fill: Character = " "
        var align: Character?
        var sign: Character?
        var alternate = false
        var width = 0
        var grouping: Character?
        var precision: Int?
        var type: Character?

        init(_ text: String) throws(PyError) {
            var chars = Array(text)
            var i = 0
            if chars.count >= 2, "<>=^".contains(chars[1]) {
                fill = chars[0]
                align = chars[1]
                i = 2
            } else if let first = chars.first, "<>=^".contains(first) {
                align = first
                i = 1
            }
            if i < chars.count, "+- ".contains(chars[i]) { sign = chars[i]; i += 1 }
            if i < chars.count, chars[i] == "#" { alternate = true; i += 1 }
            if i < chars.count, chars[i] == "0" {
                if align == nil { fill = "0"; align = "=" }
                i += 1
            }
            var digits = ""
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { digits.append(chars[i]); i += 1 }
            guard digits.count < 12, let w = Int(digits.isEmpty ? "0" : digits), w <= PyInterpreter.maxLength else {
                throw PyError.memory("a format width of \(digits) is more than attn allows")
            }
            width = w
            if i < chars.count, chars[i] == "," || chars[i] == "_" { grouping = chars[i]; i += 1 }
            if i < chars.count, chars[i] == "." {
                i += 1
                var p = ""
                while i < chars.count, chars[i].isASCII, chars[i].isNumber { p.append(chars[i]); i += 1 }
                guard let value = Int(p) else { throw PyError.value("Format specifier missing precision") }
                guard value <= 1_000_000 else { throw PyError.value("precision too big") }
                precision = value
            }
            if i < chars.count { type = chars[i]; i += 1 }
            guard i == chars.count else { throw PyError.value("Invalid format specifier '\(text)' for object") }
            chars = []
        }

        func signText(negative: Bool) -> String {
            if negative { return "-" }
            return sign == "+" ? "+" : sign == " " ? " " : ""
        }

        /// Digits grouped by thousands (or `every` digits) in the integer part.
        func grouped(_ digits: String, every: Int) -> String {
            guard let grouping else { return digits }
            let end = digits.firstIndex { !$0.isNumber && !$0.isLetter || $0 == "e" || $0 == "E" } ?? digits.endIndex
            let whole = Array(digits[..<end])
            var out: [Character] = []
            for (n, c) in whole.enumerated() {
                if n > 0 && (whole.count - n) % every == 0 { out.append(grouping) }
                out.append(c)
            }
            return String(out) + digits[end...]
        }

        func pad(_ body: String, sign: String, numeric: Bool) -> String {
            let length = body.count + sign.count
            guard width > length else { return sign + body }
            let padding = width - length
            switch align ?? (numeric ? ">" : "<") {
            case "<": return sign + body + String(repeating: fill, count: padding)
            case "^":
                let left = padding / 2
                return String(repeating: fill, count: left) + sign + body + String(repeating: fill, count: padding - left)
            case "=": return sign + String(repeating: fill, count: padding) + body
            default: return String(repeating: fill, count: padding) + sign + body
            }
        }
    }

    /// `format % args` (printf-style): conversions `%[(key)][flags][width][.precision]type`.
    static func percent(_ format: String, _ args: PyValue, _ interpreter: PyInterpreter) throws(PyError) -> String {
        var values: [PyValue]
        var mapping: PyDict?
        switch args {
        case .tuple(let t): values = t
        case .dict(let d): values = [args]; mapping = d
        default: values = [args]
        }
        var next = 0
        func take() throws(PyError) -> PyValue {
            guard next < values.count else { throw PyError.type("not enough arguments for format string") }
            defer { next += 1 }
            return values[next]
        }
        var out = ""
        let chars = Array(format)
        var i = 0
        while i < chars.count {
            guard chars[i] == "%" else { out.append(chars[i]); i += 1; continue }
            i += 1
            guard i < chars.count else { throw PyError.value("incomplete format") }
            var key: String?
            if chars[i] == "(" {
                guard let close = chars[i...].firstIndex(of: ")") else { throw PyError.value("incomplete format key") }
                key = String(chars[(i + 1)..<close])
                i = close + 1
            }
            var flags = ""
            while i < chars.count, "-+ #0".contains(chars[i]) { flags.append(chars[i]); i += 1 }
            var width = ""
            while i < chars.count, chars[i].isNumber { width.append(chars[i]); i += 1 }
            if i < chars.count, chars[i] == "*" { width = String(try take().asIndex ?? 0); i += 1 }
            guard width.count < 12, (Int(width) ?? 0) <= PyInterpreter.maxLength else {
                throw PyError.memory("a format width of \(width) is more than attn allows")
            }
            var precision: String?
            if i < chars.count, chars[i] == "." {
                i += 1
                var p = ""
                while i < chars.count, chars[i].isNumber { p.append(chars[i]); i += 1 }
                precision = p.isEmpty ? "0" : p
            }
            guard i < chars.count else { throw PyError.value("incomplete format") }
            let type = chars[i]
            i += 1
            if type == "%" { out += "%"; continue }
            let value: PyValue
            if let key {
                guard let mapping else { throw PyError.type("format requires a mapping") }
                guard let v = mapping.get(.str(key)) else { throw PyError.key(stringRepr(key)) }
                value = v
            } else {
                value = try take()
            }
            var spec = ""
            if flags.contains("-") { spec += "<" } else if flags.contains("0") && "dioxXeEfFgG".contains(type) { spec += "0" }
            if flags.contains("+") { spec = (spec == "0" ? "+0" : spec + "+") } else if flags.contains(" ") { spec += " " }
            if flags.contains("#") { spec += "#" }
            if !flags.contains("-") && !flags.contains("0") && !width.isEmpty { spec = ">" + spec }
            spec += width
            switch type {
            case "s", "r", "a":
                let text = type == "s" ? try interpreter.str(value) : try interpreter.repr(value)
                if let precision { spec += "." + precision }
                out += try PyFormat.format(.str(text), spec: spec)
            case "d", "i", "u":
                let number: Int64
                if let n = value.asIndex { number = n } else if let d = value.asDouble {
                    guard d.isFinite else { throw PyError.overflow("cannot convert float \(d.isNaN ? "NaN" : "infinity") to integer") }
                    number = try PyBuiltins.integer(d.rounded(.towardZero))
                } else {
                    throw PyError.type("%\(type) format: a real number is required, not \(value.typeName)")
                }
                out += try PyFormat.format(.int(number), spec: spec + "d")
            case "x", "X", "o":
                guard let n = value.asIndex else { throw PyError.type("%\(type) format: an integer is required, not \(value.typeName)") }
                out += try PyFormat.format(.int(n), spec: spec + String(type))
            case "e", "E", "f", "F", "g", "G":
                guard let d = value.asDouble else { throw PyError.type("must be real number, not \(value.typeName)") }
                out += try PyFormat.format(.float(d), spec: spec + "." + (precision ?? "6") + String(type))
            case "c":
                if case .str(let s) = value, s.unicodeScalars.count == 1 { out += try PyFormat.format(.str(s), spec: spec) } else if let n = value.asIndex {
                    out += try PyFormat.format(.int(n), spec: spec + "c")
                } else {
                    throw PyError.type("%c requires int or char")
                }
            default:
                throw PyError.value("unsupported format character '\(type)' (0x\(String(type.unicodeScalars.first?.value ?? 0, radix: 16)))")
            }
        }
        if mapping == nil && next < values.count {
            throw PyError.type("not all arguments converted during string formatting")
        }
        return out
    }
}

extension PyValue {
    /// The value as a float, for numbers of every kind (ints, bools, numpy scalars).
    var asDouble: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .float(let d): return d
        case .bool(let b): return b ? 1 : 0
        case .scalar(let t): return t.scalarValue
        default: return nil
        }
    }
}
