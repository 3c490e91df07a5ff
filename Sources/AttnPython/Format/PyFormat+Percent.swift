// `template % args`, printf-style formatting, as CPython 3.11 does it.
//
//   conversion ::= "%" ["(" key ")"] flags* [width | "*"] ["." (precision | "*")] [h | l | L] type
//
// - `%%` (right after the `%`) writes `%`; a key `(name)` takes the argument
//   from the mapping (parentheses nest: `%(a(b))s` reads the key `a(b)`);
//   flags are `-` (left-justify), `+` / blank (sign of positives, `+` wins),
//   `0` (zeros after the sign, for numbers, unless `-`), `#` (alternate
//   form); a `*` width or precision is the next argument, an int (a negative
//   width left-justifies, a negative precision counts as 0); `h`, `l`, `L`
//   are read and ignored.
// - `s`, `r`, `a`: `str`, `repr`, `ascii`, cut to the precision, padded with blanks.
// - `d`, `i`, `u`: an int, or `int(x)` of a float or numpy number; the
//   precision is the fewest digits. `o`, `x`, `X`: an int only (`0o`, `0x`,
//   `0X` with `#`). `e E f F g G`: `float(x)`, as in PyFormat+Float.swift
//   (precision 6 when none). `c`: an int code point or a one-character str.
// - Arguments: a tuple gives its items in order; any other value is one
//   argument; a mapping (a dict, and, as CPython checks, a list) is one
//   argument too and also answers keys, and is never "not all converted".
// Errors are CPython's: "not enough arguments for format string", "not all
// arguments converted during string formatting", "format requires a
// mapping", "incomplete format", "incomplete format key", "* wants int",
// "unsupported format character 'z' (0x7a) at index 1" (a character other
// than visible ASCII shows as `?`, the index counts code points), the type
// errors of each conversion, and the KeyError of a missing key.

/// The right operand of `%`.
public enum PercentArguments {
    /// A tuple: its items are the arguments.
    case tuple([PyFormattable])
    /// Any single value that is not a tuple or a mapping.
    case single(PyFormattable)
    /// A mapping (a dict; CPython counts a list too): the value itself, and
    /// the lookup of a `%(key)s` key, which gives the value or the error
    /// (`PyFormatError.missingKey`, or the list's TypeError).
    case mapping(PyFormattable, lookup: (String) -> Result<PyFormattable, PyFormatError>)
}

extension PyFormat {
    /// `template % args`: see the top of the file.
    public static func percent(_ template: String, _ args: PercentArguments) -> Result<String, PyFormatError> {
        var state = PercentState(args)
        let s = Array(template.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            guard s[i] == "%" else {
                out.append(s[i])
                i += 1
                continue
            }
            i += 1
            switch conversion(s, &i, &state) {
            case .failure(let error): return .failure(error)
            case .success(let text): out.append(contentsOf: text.unicodeScalars)
            }
        }
        if state.hasUnusedArguments {
            return .failure(.type("not all arguments converted during string formatting"))
        }
        return .success(String(out))
    }

    /// The conversion whose `%` is just before `i`; moves `i` past it.
    private static func conversion(_ s: [Unicode.Scalar], _ i: inout Int,
                                   _ state: inout PercentState) -> Result<String, PyFormatError> {
        guard i < s.count else { return .failure(.value("incomplete format")) }
        if s[i] == "%" {
            i += 1
            return .success("%")
        }
        var keyed: PyFormattable?
        if s[i] == "(" {
            switch state.keyedArgument(s, &i) {
            case .failure(let error): return .failure(error)
            case .success(let value): keyed = value
            }
        }
        let flags: PercentFlags
        switch PercentFlags.read(s, &i, &state) {
        case .failure(let error): return .failure(error)
        case .success(let read): flags = read
        }
        while i < s.count, s[i] == "h" || s[i] == "l" || s[i] == "L" { i += 1 }
        guard i < s.count else { return .failure(.value("incomplete format")) }
        let type = s[i]
        let index = i
        i += 1
        let argument: PyFormattable
        if let keyed {
            argument = keyed
        } else {
            switch state.next() {
            case .failure(let error): return .failure(error)
            case .success(let value): argument = value
            }
        }
        guard flags.width <= maxLength else { return .failure(tooLong(flags.width)) }
        if let p = flags.precision, p > maxLength, !"sra".unicodeScalars.contains(type) {
            return .failure(tooLong(p))
        }
        return convert(argument, type, flags, index: index)
    }

    /// One argument converted by `type` with `flags`.
    private static func convert(_ value: PyFormattable, _ type: Unicode.Scalar, _ flags: PercentFlags,
                                index: Int) -> Result<String, PyFormatError> {
        switch type {
        case "s", "r", "a":
            var text = type == "s" ? str(value) : type == "r" ? repr(value) : ascii(repr(value))
            if let p = flags.precision, p < text.unicodeScalars.count {
                text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(p)))
            }
            return flags.padText(text)
        case "d", "i", "u":
            return integer(value, type, realAllowed: true).map { flags.layout(integer: $0, type: type) }
        case "o", "x", "X":
            return integer(value, type, realAllowed: false).map { flags.layout(integer: $0, type: type) }
        case "e", "E", "f", "F", "g", "G":
            guard let x = real(value) else { return .failure(.type("must be real number, not \(typeName(value))")) }
            return x.flatMap { x in
                let p = flags.precision ?? 6
                let style: FloatStyle = type == "e" || type == "E" ? .exponent(p) : type == "f" || type == "F" ? .fixed(p) : .general(p)
                let number = floatText(x, style, alternate: flags.alternate, upper: type == "E" || type == "F" || type == "G",
                                       percent: false, sign: flags.sign, coercesNegativeZero: false)
                return .success(flags.layout(number))
            }
        case "c":
            return percentCharacter(value).flatMap(flags.padText)
        default:
            let shown = type.value >= 32 && type.value < 127 ? String(type) : "?"
            return .failure(.value("unsupported format character '\(shown)' (0x\(String(type.value, radix: 16))) at index \(index)"))
        }
    }

    /// The int a `%d` (with `realAllowed`, truncating floats) or `%x` takes.
    private static func integer(_ value: PyFormattable, _ type: Unicode.Scalar,
                                realAllowed: Bool) -> Result<PyInteger, PyFormatError> {
        if let n = value.index { return .success(n) }
        if realAllowed {
            switch value.numpyNumber?.python ?? value {
            case .float(let x):
                if x.isNaN { return .failure(.value("cannot convert float NaN to integer")) }
                if x.isInfinite { return .failure(.overflow("cannot convert float infinity to integer")) }
                return .success(PyInteger(truncating: x))
            case .bool(let b): return .success(PyInteger(b ? 1 : 0))
            default: break
            }
        }
        let required = realAllowed ? "a real number" : "an integer"
        return .failure(.type("%\(type) format: \(required) is required, not \(typeName(value))"))
    }

    /// `float(value)` for the float conversions; nil when the value is not a number.
    private static func real(_ value: PyFormattable) -> Result<Double, PyFormatError>? {
        let number = value.numpyNumber?.python ?? value
        if case .float(let x) = number { return .success(x) }
        return number.pythonInt?.float
    }

    /// The character `%c` writes: of an int code point (numpy ints too) or a one-character str.
    private static func percentCharacter(_ value: PyFormattable) -> Result<String, PyFormatError> {
        if case .str(let s) = value, s.unicodeScalars.count == 1 { return .success(s) }
        guard let code = value.index else { return .failure(.type("%c requires int or char")) }
        guard code.int != nil else { return .failure(.overflow("%c arg not in range(0x110000)")) }
        return character(code)
    }
}

/// The flags, width and precision of one `%` conversion.
private struct PercentFlags {
    var left = false
    var plus = false
    var blank = false
    var alternate = false
    var zero = false
    var width = 0
    var precision: Int?

    /// The sign flag as a spec's sign: `+` wins over a blank.
    var sign: Unicode.Scalar? { plus ? "+" : blank ? " " : nil }

    /// The flags, width and precision at `i`, `*` taking arguments from `state`; moves `i` past them.
    static func read(_ s: [Unicode.Scalar], _ i: inout Int, _ state: inout PercentState) -> Result<PercentFlags, PyFormatError> {
        var flags = PercentFlags()
        reading: while i < s.count {
            switch s[i] {
            case "-": flags.left = true
            case "+": flags.plus = true
            case " ": flags.blank = true
            case "#": flags.alternate = true
            case "0": flags.zero = true
            default: break reading
            }
            i += 1
        }
        if i < s.count, s[i] == "*" {
            i += 1
            switch state.star(forPrecision: false) {
            case .failure(let error): return .failure(error)
            case .success(let width):
                if width < 0 { flags.left = true }
                flags.width = width.magnitude > UInt(PyFormat.maxLength) ? PyFormat.maxLength + 1 : abs(width)
            }
        } else {
            switch digits(s, &i) {
            case nil: return .failure(.value("width too big"))
            case let width?: flags.width = width ?? 0
            }
        }
        guard i < s.count, s[i] == "." else { return .success(flags) }
        i += 1
        if i < s.count, s[i] == "*" {
            i += 1
            // A negative precision counts as none at all: zero.
            return state.star(forPrecision: true).map { precision in
                flags.precision = max(0, precision)
                return flags
            }
        }
        switch digits(s, &i) {
        case nil: return .failure(.value("precision too big"))
        case let precision?: flags.precision = precision ?? 0
        }
        if let p = flags.precision, p > Int(Int32.max) { return .failure(.value("precision too big")) }
        return .success(flags)
    }

    /// ASCII digits at `i`: nil when they pass `Int`, .some(nil) when there are none.
    private static func digits(_ s: [Unicode.Scalar], _ i: inout Int) -> Int?? {
        var value: Int?
        while i < s.count, s[i] >= "0", s[i] <= "9" {
            let (times10, o1) = (value ?? 0).multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(s[i].value - 48))
            if o1 || o2 { return nil }
            value = sum
            i += 1
        }
        return .some(value)
    }

    /// Text padded with blanks to the width (zeros never pad text).
    func padText(_ text: String) -> Result<String, PyFormatError> {
        FormatSpec.pad(text, width: width, fill: " ", align: left ? "<" : ">")
    }

    /// An int as `%d`, `%o`, `%x`, `%X` write it.
    func layout(integer n: PyInteger, type: Unicode.Scalar) -> String {
        var number = NumberText()
        let radix = type == "o" ? 8 : type == "x" || type == "X" ? 16 : 10
        number.digits = n.digits(radix: radix)
        if type == "X" { number.digits = number.digits.uppercased() }
        if let precision, precision > number.digits.count {
            number.digits = String(repeating: "0", count: precision - number.digits.count) + number.digits
        }
        if alternate, radix != 10 { number.prefix = type == "o" ? "0o" : type == "x" ? "0x" : "0X" }
        number.sign = n.negative ? "-" : plus ? "+" : blank ? " " : ""
        return layout(number)
    }

    /// A number padded to the width: on the right with `-`, with zeros after
    /// the sign and prefix with `0`, else on the left with blanks.
    func layout(_ number: NumberText) -> String {
        let text = number.sign + number.prefix + number.digits + number.rest
        let missing = width - text.unicodeScalars.count
        guard missing > 0 else { return text }
        if left { return text + String(repeating: " ", count: missing) }
        if zero { return number.sign + number.prefix + String(repeating: "0", count: missing) + number.digits + number.rest }
        return String(repeating: " ", count: missing) + text
    }
}

/// Where the arguments of a `%` stand.
private struct PercentState {
    /// The positional arguments: a tuple's items, or the one value.
    var items: [PyFormattable]
    /// The next positional argument's index.
    var position = 0
    /// Whether the arguments were one value rather than a tuple.
    var single: Bool
    /// The lookup of a mapping's keys.
    var lookup: ((String) -> Result<PyFormattable, PyFormatError>)?

    init(_ args: PercentArguments) {
        switch args {
        case .tuple(let items): (self.items, single) = (items, false)
        case .single(let value): (items, single) = ([value], true)
        case .mapping(let value, let lookup): (items, single, self.lookup) = ([value], true, lookup)
        }
    }

    var hasUnusedArguments: Bool { position < items.count && lookup == nil }

    mutating func next() -> Result<PyFormattable, PyFormatError> {
        guard position < items.count else { return .failure(.type("not enough arguments for format string")) }
        position += 1
        return .success(items[position - 1])
    }

    /// A `*` width or precision: the next argument, an int.
    mutating func star(forPrecision: Bool) -> Result<Int, PyFormatError> {
        next().flatMap { value in
            guard let n = value.pythonInt else { return .failure(.type("* wants int")) }
            if forPrecision {
                guard let p = n.int, let p32 = Int32(exactly: p) else {
                    return .failure(.overflow("Python int too large to convert to C int"))
                }
                return .success(Int(p32))
            }
            guard let w = n.int else { return .failure(.overflow("Python int too large to convert to C ssize_t")) }
            return .success(w)
        }
    }

    /// The `(key)` at `i` looked up in the mapping; moves `i` past it. The
    /// mapping is then no longer a positional argument.
    mutating func keyedArgument(_ s: [Unicode.Scalar], _ i: inout Int) -> Result<PyFormattable, PyFormatError> {
        guard let lookup else { return .failure(.type("format requires a mapping")) }
        var depth = 1
        let start = i + 1
        i += 1
        while i < s.count {
            if s[i] == "(" { depth += 1 }
            if s[i] == ")" {
                depth -= 1
                if depth == 0 { break }
            }
            i += 1
        }
        guard i < s.count else { return .failure(.value("incomplete format key")) }
        let key = String(String.UnicodeScalarView(s[start..<i]))
        i += 1
        position = items.count
        return lookup(key)
    }
}
