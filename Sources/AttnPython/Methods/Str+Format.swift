import AttnCore
import AttnLang

/// `str.format`: replacement fields `{name.attr[key]!conversion:spec}` with
/// automatic (`{}`) or explicit (`{0}`, `{x}`) numbering, nested fields in
/// the spec (`{:{width}}`), and `{{`/`}}` for braces. Each value is
/// formatted by the interpreter's `format` (PyFormat for numbers and text).
enum PyStringFormat {
    static func format(_ template: String, _ args: PyArgs, _ py: PyInterpreter) throws(PyError) -> String {
        var state = State(args: args)
        return try render(Array(template), &state, py, depth: 0)
    }

    private struct State {
        let args: PyArgs
        var automatic: Int? = nil
        var manual = false
    }

    private static func render(_ chars: [Character], _ state: inout State, _ py: PyInterpreter, depth: Int) throws(PyError) -> String {
        var out = ""
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "{" {
                if i + 1 < chars.count && chars[i + 1] == "{" { out.append("{"); i += 2; continue }
                // The field runs to its matching `}`.
                var j = i + 1, level = 1
                while j < chars.count {
                    if chars[j] == "{" { level += 1 }
                    if chars[j] == "}" { level -= 1; if level == 0 { break } }
                    j += 1
                }
                guard j < chars.count else { throw PyError.value("Single '{' encountered in format string") }
                out += try field(Array(chars[(i + 1)..<j]), &state, py, depth: depth)
                i = j + 1
                continue
            }
            if c == "}" {
                guard i + 1 < chars.count && chars[i + 1] == "}" else { throw PyError.value("Single '}' encountered in format string") }
                out.append("}")
                i += 2
                continue
            }
            out.append(c)
            i += 1
        }
        return out
    }

    private static func field(_ body: [Character], _ state: inout State, _ py: PyInterpreter, depth: Int) throws(PyError) -> String {
        guard depth < 2 else { throw PyError.value("Max string recursion exceeded") }
        var name: [Character] = [], conversion: Character?, spec: [Character] = []
        var i = 0, bracket = false
        while i < body.count {
            let c = body[i]
            if c == "[" { bracket = true }
            if c == "]" { bracket = false }
            if !bracket && (c == "!" || c == ":") { break }
            name.append(c)
            i += 1
        }
        if i < body.count && body[i] == "!" {
            guard i + 1 < body.count else { throw PyError.value("end of string while looking for conversion specifier") }
            conversion = body[i + 1]
            i += 2
            guard i >= body.count || body[i] == ":" else { throw PyError.value("expected ':' after conversion specifier") }
        }
        if i < body.count && body[i] == ":" { spec = Array(body[(i + 1)...]) }
        var value = try lookup(name, &state, py)
        switch conversion {
        case nil: break
        case "r"?, "a"?: value = .str(try py.repr(value))
        case "s"?: value = .str(try py.str(value))
        case let other?: throw PyError.value("Unknown conversion specifier \(other)")
        }
        let specText = try render(spec, &state, py, depth: depth + 1)
        return try py.format(value, specText)
    }

    /// The value a field name refers to: an argument, then `.attr` and `[key]` steps.
    private static func lookup(_ name: [Character], _ state: inout State, _ py: PyInterpreter) throws(PyError) -> PyValue {
        var i = 0
        var first = ""
        while i < name.count && name[i] != "." && name[i] != "[" { first.append(name[i]); i += 1 }
        var value: PyValue
        if first.isEmpty {
            guard !state.manual else { throw PyError.value("cannot switch from manual field specification to automatic field numbering") }
            let n = state.automatic ?? 0
            state.automatic = n + 1
            guard n < state.args.positional.count else {
                throw PyError.index("Replacement index \(n) out of range for positional args tuple")
            }
            value = state.args.positional[n]
        } else if let n = Int(first) {
            guard state.automatic == nil else { throw PyError.value("cannot switch from automatic field numbering to manual field specification") }
            state.manual = true
            guard n < state.args.positional.count else {
                throw PyError.index("Replacement index \(n) out of range for positional args tuple")
            }
            value = state.args.positional[n]
        } else {
            guard let v = state.args.keyword(first) else { throw PyError.key(PyFormat.stringRepr(first)) }
            value = v
        }
        while i < name.count {
            if name[i] == "." {
                i += 1
                var attr = ""
                while i < name.count && name[i] != "." && name[i] != "[" { attr.append(name[i]); i += 1 }
                value = try py.getAttribute(value, attr)
            } else if name[i] == "[" {
                i += 1
                var key = ""
                while i < name.count && name[i] != "]" { key.append(name[i]); i += 1 }
                i += 1
                value = try py.getItem(value, Int64(key).map { .int($0) } ?? .str(key))
            } else {
                throw PyError.value("Only '.' or '[' may follow ']' in format field specifier")
            }
        }
        return value
    }
}
