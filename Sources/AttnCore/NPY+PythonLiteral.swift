import Foundation

// MARK: - Python literal parser

/// The subset of Python literals that can appear in a `.npy` header.
enum PyValue: CustomStringConvertible {
    case string(String)
    case int(Int)
    case bool(Bool)
    case none
    case tuple([PyValue])
    case list([PyValue])
    case dict([(String, PyValue)])

    var kind: String {
        switch self {
        case .string: return "a string"
        case .int: return "an integer"
        case .bool: return "a bool"
        case .none: return "None"
        case .tuple: return "a tuple"
        case .list: return "a list"
        case .dict: return "a dict"
        }
    }

    var description: String {
        switch self {
        case .string(let s): return "'" + NPY.sanitize(s) + "'"
        case .int(let i): return String(i)
        case .bool(let b): return b ? "True" : "False"
        case .none: return "None"
        case .tuple(let items):
            if items.count == 1 { return "(\(items[0].description),)" }
            return "(" + items.map(\.description).joined(separator: ", ") + ")"
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .dict(let entries):
            return "{" + entries.map { "'\(NPY.sanitize($0.0))': \($0.1.description)" }.joined(separator: ", ") + "}"
        }
    }
}

struct PyParseError: Error {
    var message: String
}

/// A recursive-descent parser for Python dict/tuple/list/str/int/bool/None
/// literals, with a nesting limit so corrupt input cannot exhaust the stack.
struct PyLiteralParser {
    private let text: [Unicode.Scalar]
    private var position = 0
    private var depth = 0
    private static let maxDepth = 32

    init(_ text: [Unicode.Scalar]) { self.text = text }

    /// One literal, then nothing but whitespace to the end.
    mutating func parseHeader() throws(PyParseError) -> PyValue {
        let value = try parseValue()
        skipSpace()
        guard position == text.count else {
            throw fail("unexpected \(describeCurrent()) after the dict")
        }
        return value
    }

    private var current: Unicode.Scalar? { position < text.count ? text[position] : nil }

    private func fail(_ message: String) -> PyParseError {
        PyParseError(message: "\(message) at character \(position + 1)")
    }

    private func describeCurrent() -> String {
        guard let c = current else { return "end of header" }
        if c.value >= 0x21 && c.value < 0x7F { return "'\(c)'" }
        return "character U+" + String(c.value, radix: 16, uppercase: true)
    }

    private mutating func skipSpace() {
        while let c = current, c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" {
            position += 1
        }
    }

    private mutating func parseValue() throws(PyParseError) -> PyValue {
        skipSpace()
        guard let c = current else { throw fail("unexpected end of header, expected a value") }
        switch c {
        case "{", "(", "[":
            guard depth < PyLiteralParser.maxDepth else { throw fail("literals nested too deeply") }
            depth += 1
            defer { depth -= 1 }
            if c == "{" { return try parseDict() }
            if c == "(" { return try parseTuple() }
            return .list(try parseSequence(close: "]"))
        case "'", "\"":
            return .string(try parseString())
        case "u", "U", "b", "B":
            if let next = peek(1), next == "'" || next == "\"" {
                position += 1
                return .string(try parseString())
            }
            return try parseWord()
        case "-", "+", "0"..."9":
            return .int(try parseInt())
        default:
            return try parseWord()
        }
    }

    private func peek(_ offset: Int) -> Unicode.Scalar? {
        position + offset < text.count ? text[position + offset] : nil
    }

    private mutating func parseWord() throws(PyParseError) -> PyValue {
        let start = position
        while let c = current, c.properties.isAlphabetic || c == "_" || ("0"..."9").contains(c) {
            position += 1
        }
        let word = String(String.UnicodeScalarView(text[start..<position]))
        switch word {
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "None": return .none
        case "":
            throw fail("unexpected \(describeCurrent()), expected a value")
        default:
            position = start
            throw fail("unexpected name '\(NPY.sanitize(word))', expected a value")
        }
    }

    private mutating func parseInt() throws(PyParseError) -> Int {
        let start = position
        var negative = false
        if current == "-" || current == "+" {
            negative = current == "-"
            position += 1
            skipSpace()
        }
        var value = 0
        var digits = 0
        while let c = current, ("0"..."9").contains(c) {
            let digit = Int(c.value - 48)
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(digit)
            guard !o1 && !o2 else {
                position = start
                throw fail("integer too large")
            }
            value = plus
            digits += 1
            position += 1
        }
        guard digits > 0 else { throw fail("expected digits, found \(describeCurrent())") }
        if current == "L" || current == "l" { position += 1 } // Python 2 long
        if let c = current, c == "." || c == "_" || c.properties.isAlphabetic {
            throw fail("expected an integer, found \(describeCurrent()) inside a number")
        }
        return negative ? -value : value
    }

    private mutating func parseString() throws(PyParseError) -> String {
        guard let quote = current else { throw fail("expected a string") }
        position += 1
        var out = String.UnicodeScalarView()
        while true {
            guard let c = current else { throw fail("unterminated string") }
            position += 1
            if c == quote { break }
            if c == "\n" { throw fail("line break inside a string") }
            if c == "\\" {
                guard let e = current else { throw fail("unterminated string") }
                position += 1
                switch e {
                case "\\", "'", "\"": out.append(e)
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "0": out.append("\u{0}")
                default: out.append("\\"); out.append(e)
                }
            } else {
                out.append(c)
            }
        }
        return String(out)
    }

    /// Items up to `close`, comma-separated, trailing comma allowed.
    private mutating func parseSequence(close: Unicode.Scalar) throws(PyParseError) -> [PyValue] {
        position += 1 // the opening bracket
        var items: [PyValue] = []
        while true {
            skipSpace()
            if current == close { position += 1; return items }
            items.append(try parseValue())
            skipSpace()
            if current == "," { position += 1; continue }
            if current == close { position += 1; return items }
            throw fail("expected ',' or '\(close)', found \(describeCurrent())")
        }
    }

    /// `()` and `(x,)` and `(x, y)` are tuples; `(x)` is just `x`, as in Python.
    private mutating func parseTuple() throws(PyParseError) -> PyValue {
        position += 1
        var items: [PyValue] = []
        var sawComma = false
        while true {
            skipSpace()
            if current == ")" { position += 1; break }
            items.append(try parseValue())
            skipSpace()
            if current == "," { position += 1; sawComma = true; continue }
            if current == ")" { position += 1; break }
            throw fail("expected ',' or ')', found \(describeCurrent())")
        }
        if items.count == 1 && !sawComma { return items[0] }
        return .tuple(items)
    }

    private mutating func parseDict() throws(PyParseError) -> PyValue {
        position += 1
        var entries: [(String, PyValue)] = []
        while true {
            skipSpace()
            if current == "}" { position += 1; return .dict(entries) }
            let keyValue = try parseValue()
            guard case .string(let key) = keyValue else {
                throw fail("dict keys must be strings, found \(keyValue.kind)")
            }
            skipSpace()
            guard current == ":" else { throw fail("expected ':' after key '\(NPY.sanitize(key))', found \(describeCurrent())") }
            position += 1
            let value = try parseValue()
            entries.append((key, value))
            skipSpace()
            if current == "," { position += 1; continue }
            if current == "}" { position += 1; return .dict(entries) }
            throw fail("expected ',' or '}', found \(describeCurrent())")
        }
    }
}
