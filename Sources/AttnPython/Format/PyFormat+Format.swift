// `format(value, spec)`: each kind of value reads the spec (FormatSpec) and
// checks what it does not allow, in CPython's order, then lays its text out.
//
// - An empty spec is `str(value)`, for every kind.
// - float: types e E f F g G n % or none (see PyFormat+Float.swift);
//   `precision too big` past 2^31 - 1.
// - int: types d n b o x X c or none; a precision, `z`, and for `c` a sign or
//   `#`, are errors; `c` takes 0...0x10FFFF; the float types format
//   `float(n)` (an OverflowError when it does not fit). `n` is `d`: attn
//   runs in the C locale, which groups nothing.
// - bool: `True`/`False` for an empty spec, else formatted as the int 0 or 1
//   (`format(True, '>6')` is `     1`), and named `bool` in errors.
// - str: type s or none; `z`, a sign, `#` and `=` are errors; a precision
//   keeps that many code points; left-aligned by default.
// - numpy scalars format the Python value numpy converts them to
//   (`format(np.float32(0.1), '.10f')` is `0.1000000015`); a 0-d array
//   formats its item; None and other objects take only the empty spec
//   (`unsupported format string passed to list.__format__`).

extension PyFormat {
    /// `format(value, spec)`: see the top of the file.
    public static func format(_ value: PyFormattable, spec: String) -> Result<String, PyFormatError> {
        switch value {
        case .none, .object:
            if case .object(let o) = value, let item = o.item { return format(item.python, spec: spec) }
            guard spec.isEmpty else {
                return .failure(.type("unsupported format string passed to \(typeName(value)).__format__"))
            }
            return .success(str(value))
        case .bool(let b):
            return spec.isEmpty ? .success(str(value)) : formatInt(PyInteger(b ? 1 : 0), spec, typeName: "bool")
        case .int(let n): return formatInt(PyInteger(n), spec, typeName: "int")
        case .bigInt(let text): return formatInt(PyInteger(decimal: text), spec, typeName: "int")
        case .float(let x): return formatFloat(x, spec, typeName: "float")
        case .str(let s): return formatString(s, spec)
        case .numpy(let scalar): return format(scalar.python, spec: spec)
        }
    }

    static func formatString(_ s: String, _ text: String) -> Result<String, PyFormatError> {
        let spec: FormatSpec
        switch FormatSpec.parse(text, typeName: "str", defaultType: "s") {
        case .failure(let error): return .failure(error)
        case .success(let parsed): spec = parsed
        }
        if let type = spec.type, type != "s" { return .failure(FormatSpec.unknownCode(type, "str")) }
        if spec.coercesNegativeZero {
            return .failure(.value("Negative zero coercion (z) not allowed in string format specifier"))
        }
        if spec.sign == " " { return .failure(.value("Space not allowed in string format specifier")) }
        if spec.sign != nil { return .failure(.value("Sign not allowed in string format specifier")) }
        if spec.alternate { return .failure(.value("Alternate form (#) not allowed in string format specifier")) }
        if spec.align == "=" { return .failure(.value("'=' alignment not allowed in string format specifier")) }
        var kept = s
        if let precision = spec.precision, precision < s.unicodeScalars.count {
            kept = String(String.UnicodeScalarView(s.unicodeScalars.prefix(precision)))
        }
        return spec.pad(kept, defaultAlign: "<")
    }

    static func formatInt(_ n: PyInteger, _ text: String, typeName: String) -> Result<String, PyFormatError> {
        let spec: FormatSpec
        switch FormatSpec.parse(text, typeName: typeName, defaultType: "d") {
        case .failure(let error): return .failure(error)
        case .success(let parsed): spec = parsed
        }
        if spec.isEmpty { return .success(n.decimal) }
        switch spec.type {
        case "e", "E", "f", "F", "g", "G", "%":
            return n.float.flatMap { layoutFloat($0, spec) }
        case nil, "d", "n", "b", "o", "x", "X", "c":
            break
        case let type?:
            return .failure(FormatSpec.unknownCode(type, typeName))
        }
        if spec.precision != nil { return .failure(.value("Precision not allowed in integer format specifier")) }
        if spec.coercesNegativeZero {
            return .failure(.value("Negative zero coercion (z) not allowed in integer format specifier"))
        }
        if spec.type == "c" {
            if spec.sign != nil { return .failure(.value("Sign not allowed with integer format specifier 'c'")) }
            if spec.alternate {
                return .failure(.value("Alternate form (#) not allowed with integer format specifier 'c'"))
            }
            return character(n).flatMap { spec.pad(NumberText(rest: $0)) }
        }
        var number = NumberText()
        let radix: Int
        switch spec.type {
        case "b": (radix, number.prefix) = (2, "0b")
        case "o": (radix, number.prefix) = (8, "0o")
        case "x": (radix, number.prefix) = (16, "0x")
        case "X": (radix, number.prefix) = (16, "0X")
        default: (radix, number.prefix) = (10, "")
        }
        if !spec.alternate { number.prefix = "" }
        number.digits = n.digits(radix: radix)
        if spec.type == "X" { number.digits = number.digits.uppercased() }
        number.sign = n.negative ? "-" : spec.sign == "+" ? "+" : spec.sign == " " ? " " : ""
        return spec.pad(number, groupSize: radix == 10 ? 3 : 4)
    }

    /// The character of code point `n`, as `format(n, 'c')` and `'%c' % n` take it.
    static func character(_ n: PyInteger) -> Result<String, PyFormatError> {
        guard let code = n.int else { return .failure(.overflow("Python int too large to convert to C long")) }
        guard code >= 0, code < 0x110000 else { return .failure(.overflow("%c arg not in range(0x110000)")) }
        // A lone surrogate cannot be held in a Swift string: U+FFFD stands for it.
        return .success(String(Unicode.Scalar(UInt32(code)) ?? "\u{FFFD}"))
    }

    static func formatFloat(_ x: Double, _ text: String, typeName: String) -> Result<String, PyFormatError> {
        switch FormatSpec.parse(text, typeName: typeName, defaultType: nil) {
        case .failure(let error): return .failure(error)
        case .success(let spec):
            if spec.isEmpty { return .success(repr(x)) }
            if let type = spec.type, !"eEfFgGn%".unicodeScalars.contains(type) {
                return .failure(FormatSpec.unknownCode(type, typeName))
            }
            return layoutFloat(x, spec)
        }
    }

    /// A float laid out by a spec whose type is a float type or none.
    private static func layoutFloat(_ x: Double, _ spec: FormatSpec) -> Result<String, PyFormatError> {
        if let p = spec.precision, p > Int(Int32.max) { return .failure(.value("precision too big")) }
        if let p = spec.precision, p > maxLength { return .failure(tooLong(p)) }
        let style: FloatStyle
        switch spec.type {
        case "e", "E": style = .exponent(spec.precision ?? 6)
        case "f", "F", "%": style = .fixed(spec.precision ?? 6)
        case "g", "G", "n": style = .general(spec.precision ?? 6)
        default: style = spec.precision.map { .reprLike($0) } ?? .repr
        }
        let upper = spec.type == "E" || spec.type == "F" || spec.type == "G"
        let number = floatText(x, style, alternate: spec.alternate, upper: upper, percent: spec.type == "%",
                               sign: spec.sign, coercesNegativeZero: spec.coercesNegativeZero)
        return spec.pad(number)
    }
}
