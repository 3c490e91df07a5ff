// `template.format(*args, **kwargs)`, read and written as CPython does:
//
//   template ::= (text | "{{" | "}}" | field)*
//   field    ::= "{" [name] ["!" conversion] [":" spec] "}"
//   name     ::= [argument] ("." attribute | "[" index "]")*
//
// - An argument of decimal digits is a position, anything else a keyword
//   (`{-1}`, `{0x}`, `{ }` are keywords); no argument numbers the fields
//   automatically, counting on through nested fields, and mixing the two is
//   an error. An index of digits is an int, else a str key.
// - The name ends at `!`, `:` or `}` (a `[` reads to its `]` first); a
//   conversion is one code point, then `:` or `}`; the spec runs to the `}`
//   that balances the field's `{`, and fields inside it (`{:{w}.{p}f}`) are
//   filled in first, one level deep only ("Max string recursion exceeded").
// - Fields are done left to right, so the first error in the text is the one
//   raised; lookups are the evaluator's (`resolve`), whose own errors (the
//   IndexError `PyFormatError.replacementIndex`, the KeyError
//   `PyFormatError.missingKey`, an AttributeError) pass through unchanged.
// f-strings are read by the lexer, which gives each field's value and spec
// to `format` and its conversion to `convert`; this reader is str.format's.

/// A replacement field's name, for the evaluator to look up.
public struct PyFormatField: Equatable, Sendable {
    public enum Argument: Equatable, Sendable {
        /// A positional argument (`{0}`, or numbered automatically for `{}`).
        case index(Int)
        /// A keyword argument (`{name}`).
        case keyword(String)
    }

    public enum Accessor: Equatable, Sendable {
        /// `.name`
        case attribute(String)
        /// `[3]`
        case index(Int)
        /// `[key]`
        case key(String)
    }

    public var argument: Argument
    public var accessors: [Accessor]

    public init(argument: Argument, accessors: [Accessor] = []) {
        self.argument = argument
        self.accessors = accessors
    }
}

extension PyFormat {
    /// `template.format(...)` with fields looked up by `resolve`: see the top of the file.
    public static func formatTemplate(_ template: String,
                                      resolve: (PyFormatField) -> Result<PyFormattable, PyFormatError>) -> Result<String, PyFormatError> {
        var numbering = FieldNumbering.unknown
        return render(Array(template.unicodeScalars), depth: 2, numbering: &numbering, resolve: resolve)
    }

    /// The text of `s` with its fields filled in, `depth` levels of nesting allowed.
    private static func render(_ s: [Unicode.Scalar], depth: Int, numbering: inout FieldNumbering,
                               resolve: (PyFormatField) -> Result<PyFormattable, PyFormatError>) -> Result<String, PyFormatError> {
        guard depth > 0 else { return .failure(.value("Max string recursion exceeded")) }
        var out = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            let c = s[i]
            i += 1
            if c == "}" {
                guard i < s.count, s[i] == "}" else { return .failure(.value("Single '}' encountered in format string")) }
                out.append("}")
                i += 1
                continue
            }
            guard c == "{" else {
                out.append(c)
                continue
            }
            guard i < s.count else { return .failure(.value("Single '{' encountered in format string")) }
            if s[i] == "{" {
                out.append("{")
                i += 1
                continue
            }
            let field: RawField
            switch RawField.read(s, &i) {
            case .failure(let error): return .failure(error)
            case .success(let raw): field = raw
            }
            let text = fill(field, depth: depth, numbering: &numbering, resolve: resolve)
            switch text {
            case .failure(let error): return .failure(error)
            case .success(let text): out.append(contentsOf: text.unicodeScalars)
            }
        }
        return .success(String(out))
    }

    /// One field's text: its value looked up, converted, and formatted by its spec.
    private static func fill(_ field: RawField, depth: Int, numbering: inout FieldNumbering,
                             resolve: (PyFormatField) -> Result<PyFormattable, PyFormatError>) -> Result<String, PyFormatError> {
        var value: PyFormattable
        switch field.name(&numbering).flatMap(resolve) {
        case .failure(let error): return .failure(error)
        case .success(let found): value = found
        }
        if let conversion = field.conversion {
            guard conversion == "r" || conversion == "s" || conversion == "a" else {
                let shown = conversion.value > 32 && conversion.value < 127 ? String(conversion) : "\\x" + String(conversion.value, radix: 16)
                return .failure(.value("Unknown conversion specifier \(shown)"))
            }
            switch convert(value, Character(conversion)) {
            case .failure(let error): return .failure(error)
            case .success(let text): value = .str(text)
            }
        }
        var spec = String(String.UnicodeScalarView(field.spec))
        if field.spec.contains("{") {
            switch render(field.spec, depth: depth - 1, numbering: &numbering, resolve: resolve) {
            case .failure(let error): return .failure(error)
            case .success(let text): spec = text
            }
        }
        return format(value, spec: spec)
    }
}

/// Whether a template's fields are numbered automatically (`{}`) or by hand (`{0}`).
private enum FieldNumbering {
    case unknown
    case automatic(next: Int)
    case manual
}

/// A field as written, between its braces.
private struct RawField {
    var name: [Unicode.Scalar]
    var conversion: Unicode.Scalar?
    var spec: [Unicode.Scalar] = []

    /// The field whose `{` is just before `i`; moves `i` past its `}`.
    static func read(_ s: [Unicode.Scalar], _ i: inout Int) -> Result<RawField, PyFormatError> {
        let start = i
        var end: Unicode.Scalar?
        while i < s.count {
            let c = s[i]
            i += 1
            if c == "{" { return .failure(.value("unexpected '{' in field name")) }
            if c == "[" {
                while i < s.count, s[i] != "]" { i += 1 }
                continue
            }
            if c == "}" || c == ":" || c == "!" {
                end = c
                break
            }
        }
        guard let end else { return .failure(.value("expected '}' before end of string")) }
        var field = RawField(name: Array(s[start..<(i - 1)]))
        if end == "}" { return .success(field) }
        if end == "!" {
            guard i < s.count else {
                return .failure(.value("end of string while looking for conversion specifier"))
            }
            field.conversion = s[i]
            i += 1
            if i < s.count {
                let next = s[i]
                i += 1
                if next == "}" { return .success(field) }
                if next != ":" { return .failure(.value("expected ':' after conversion specifier")) }
            }
        }
        // The spec: up to the `}` that balances the field's `{`.
        let specStart = i
        var depth = 1
        while i < s.count {
            let c = s[i]
            i += 1
            if c == "{" { depth += 1 }
            if c == "}" {
                depth -= 1
                if depth == 0 {
                    field.spec = Array(s[specStart..<(i - 1)])
                    return .success(field)
                }
            }
        }
        return .failure(.value("unmatched '{' in format spec"))
    }

    /// The name read as an argument and accessors, numbering an empty argument.
    func name(_ numbering: inout FieldNumbering) -> Result<PyFormatField, PyFormatError> {
        var i = 0
        while i < name.count, name[i] != ".", name[i] != "[" { i += 1 }
        let first = Array(name[..<i])
        var field: PyFormatField
        if first.isEmpty {
            switch numbering {
            case .manual:
                return .failure(.value("cannot switch from manual field specification to automatic field numbering"))
            case .unknown:
                field = PyFormatField(argument: .index(0))
                numbering = .automatic(next: 1)
            case .automatic(let next):
                field = PyFormatField(argument: .index(next))
                numbering = .automatic(next: next + 1)
            }
        } else {
            switch Self.integer(first) {
            case .failure(let error): return .failure(error)
            case .success(let index?):
                if case .automatic = numbering {
                    return .failure(.value("cannot switch from automatic field numbering to manual field specification"))
                }
                numbering = .manual
                field = PyFormatField(argument: .index(index))
            case .success(nil):
                field = PyFormatField(argument: .keyword(String(String.UnicodeScalarView(first))))
            }
        }
        while i < name.count {
            let opener = name[i]
            i += 1
            let start = i
            if opener == "." {
                while i < name.count, name[i] != ".", name[i] != "[" { i += 1 }
                guard i > start else { return .failure(.value("Empty attribute in format string")) }
                field.accessors.append(.attribute(String(String.UnicodeScalarView(name[start..<i]))))
                continue
            }
            if opener != "[" {
                return .failure(.value("Only '.' or '[' may follow ']' in format field specifier"))
            }
            while i < name.count, name[i] != "]" { i += 1 }
            guard i < name.count else { return .failure(.value("Missing ']' in format string")) }
            guard i > start else { return .failure(.value("Empty attribute in format string")) }
            let key = Array(name[start..<i])
            i += 1
            switch Self.integer(key) {
            case .failure(let error): return .failure(error)
            case .success(let index?): field.accessors.append(.index(index))
            case .success(nil): field.accessors.append(.key(String(String.UnicodeScalarView(key))))
            }
        }
        return .success(field)
    }

    /// Text of decimal digits as an int; nil for any other text.
    private static func integer(_ text: [Unicode.Scalar]) -> Result<Int?, PyFormatError> {
        var value = 0
        for c in text {
            guard c.properties.numericType == .decimal, let digit = c.properties.numericValue else { return .success(nil) }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(digit))
            if o1 || o2 { return .failure(.value("Too many decimal digits in format string")) }
            value = sum
        }
        return .success(value)
    }
}
