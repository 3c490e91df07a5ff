import AttnLang

/// String literals and f-strings.
///
///     string  -> prefix? (short | long)
///     prefix  -> "r" | "u" | "f" | "fr" | "rf"   (any case; "b" is refused)
///     short   -> "'" item* "'" | '"' item* '"'      (no newline inside)
///     long    -> "'''" item* "'''" | '"""' item* '"""'
///
/// Escapes (`\n`, `\t`, `\\`, `\'`, `\xhh`, `\uXXXX`, `\UXXXXXXXX`, octal
/// `\ooo`, `\` before a newline) are resolved unless the string is raw; an
/// unknown escape keeps its backslash, as Python does.
///
/// An f-string is cut into text and replacement fields (3.11's rules: a field's
/// expression cannot hold the string's own quote, a backslash or `#`):
///
///     field -> "{" expression "="? ("!" ("r"|"s"|"a"))? (":" spec)? "}"
///     spec  -> (text | field)*       (fields nested at most twice)
///
/// `{{` and `}}` are literal braces. The expression is kept as a byte range
/// and parsed by the parser.
extension PyLexer {
    mutating func string(prefixStart: Int, prefix: String) throws(Diagnostic) {
        if prefix.contains("b") {
            let end = (try? skipString(from: prefixStart + prefix.utf8.count, raw: prefix.contains("r")).end) ?? pos + 1
            throw Diagnostic("bytes literals (b'...') are not supported yet: attn's Python dialect has str but no bytes",
                             at: SourceRange(prefixStart, end))
        }
        if prefix.contains("u") && prefix.count > 1 {
            throw syntaxError("invalid syntax", prefixStart, pos)
        }
        let raw = prefix.contains("r")
        let startLine = line
        let (contentStart, contentEnd, end) = try skipString(from: pos, raw: raw)
        let range = SourceRange(prefixStart, end)
        let literal: PyStringLiteral
        if prefix.contains("f") {
            var nesting = 0
            literal = .formatted(try fStringPieces(contentStart, contentEnd, raw: raw, nesting: &nesting))
        } else {
            literal = .plain(try unescape(contentStart, contentEnd, raw: raw))
        }
        tokens.append(PyToken(kind: .string(literal), range: range, line: startLine))
        pos = end
    }

    /// Finds the end of the string whose opening quote is at `start`:
    /// where its content starts and ends, and the offset after the closing quote.
    private mutating func skipString(from start: Int, raw: Bool) throws(Diagnostic) -> (start: Int, end: Int, after: Int) {
        let quote = bytes[start]
        let long = start + 2 < limit && bytes[start + 1] == quote && bytes[start + 2] == quote
        let width = long ? 3 : 1
        var i = start + width
        let startLine = line
        while i < limit {
            let c = bytes[i]
            if c == UInt8(ascii: "\\") {
                if i + 1 < limit && bytes[i + 1] == UInt8(ascii: "\n") { line += 1 }
                i += 2
                continue
            }
            if c == UInt8(ascii: "\n") {
                guard long else {
                    throw syntaxError("unterminated string literal (detected at line \(startLine))", start, i)
                }
                line += 1
            }
            if c == quote {
                if !long { return (start + 1, i, i + 1) }
                if i + 2 < limit && bytes[i + 1] == quote && bytes[i + 2] == quote { return (start + 3, i, i + 3) }
            }
            i += 1
        }
        if long {
            throw Diagnostic("SyntaxError: unterminated triple-quoted string literal (detected at line \(line))",
                             at: SourceRange(start, start + 3), kind: .incompleteInput)
        }
        throw syntaxError("unterminated string literal (detected at line \(startLine))", start, limit)
    }

    /// The text of bytes `start..<end` with escapes resolved (unless raw).
    func unescape(_ start: Int, _ end: Int, raw: Bool) throws(Diagnostic) -> String {
        if raw || !bytes[start..<end].contains(UInt8(ascii: "\\")) {
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
        var out = String.UnicodeScalarView()
        var run: [UInt8] = []
        func flush() {
            out.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
            run.removeAll(keepingCapacity: true)
        }
        var i = start
        while i < end {
            let c = bytes[i]
            guard c == UInt8(ascii: "\\"), i + 1 < end else {
                run.append(c)
                i += 1
                continue
            }
            flush()
            let e = bytes[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\n"): break
            case UInt8(ascii: "\\"): out.append("\\")
            case UInt8(ascii: "'"): out.append("'")
            case UInt8(ascii: "\""): out.append("\"")
            case UInt8(ascii: "a"): out.append("\u{07}")
            case UInt8(ascii: "b"): out.append("\u{08}")
            case UInt8(ascii: "f"): out.append("\u{0C}")
            case UInt8(ascii: "n"): out.append("\n")
            case UInt8(ascii: "r"): out.append("\r")
            case UInt8(ascii: "t"): out.append("\t")
            case UInt8(ascii: "v"): out.append("\u{0B}")
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = Int(e - UInt8(ascii: "0")), digits = 1
                while digits < 3, i < end, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "7") {
                    value = value * 8 + Int(bytes[i] - UInt8(ascii: "0"))
                    i += 1
                    digits += 1
                }
                if let s = Unicode.Scalar(value) { out.append(s) }
            case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
                let count = e == UInt8(ascii: "x") ? 2 : e == UInt8(ascii: "u") ? 4 : 8
                let hex = i + count <= end ? String(decoding: bytes[i..<(i + count)], as: UTF8.self) : ""
                guard hex.count == count, hex.allSatisfy(\.isHexDigit), let v = UInt32(hex, radix: 16), let s = Unicode.Scalar(v) else {
                    let name = e == UInt8(ascii: "x") ? "\\xXX" : e == UInt8(ascii: "u") ? "\\uXXXX" : "\\UXXXXXXXX"
                    throw syntaxError("(unicode error) 'unicodeescape' codec can't decode bytes: truncated \(name) escape", i - 2, min(end, i + count))
                }
                out.append(s)
                i += count
            case UInt8(ascii: "N"):
                throw Diagnostic("named escapes (\\N{...}) are not supported yet", at: SourceRange(i - 2, i))
            default:
                // An unknown escape keeps its backslash (Python warns).
                run.append(UInt8(ascii: "\\"))
                run.append(e)
            }
        }
        flush()
        return String(out)
    }

    // MARK: - f-strings

    /// The pieces of an f-string's content `start..<end` (or of a format
    /// spec inside one, up to the `}` that ends its field).
    private mutating func fStringPieces(_ start: Int, _ end: Int, raw: Bool, nesting: inout Int, inSpec: Bool = false) throws(Diagnostic) -> [FStringPiece] {
        var pieces: [FStringPiece] = []
        var textStart = start
        var i = start
        func text(_ upTo: Int) throws(Diagnostic) {
            if upTo > textStart { pieces.append(.text(try unescape(textStart, upTo, raw: raw))) }
        }
        while i < end {
            let c = bytes[i]
            if c == UInt8(ascii: "\\") && !raw {
                i += 2
                continue
            }
            if c == UInt8(ascii: "{") {
                if !inSpec && i + 1 < end && bytes[i + 1] == UInt8(ascii: "{") {
                    try text(i + 1)
                    i += 2
                    textStart = i
                    continue
                }
                try text(i)
                nesting += 1
                defer { nesting -= 1 }
                guard nesting <= 2 else { throw syntaxError("f-string: expressions nested too deeply", i, i + 1) }
                let (field, after) = try fStringField(open: i, end: end, raw: raw, nesting: &nesting)
                pieces.append(.field(field))
                i = after
                textStart = i
                continue
            }
            if c == UInt8(ascii: "}") {
                if !inSpec && i + 1 < end && bytes[i + 1] == UInt8(ascii: "}") {
                    try text(i + 1)
                    i += 2
                    textStart = i
                    continue
                }
                throw syntaxError("f-string: single '}' is not allowed", i, i + 1)
            }
            i += 1
        }
        try text(end)
        return pieces
    }

    /// One replacement field opening at `open` (a `{`); returns it and the
    /// offset after its `}`.
    private mutating func fStringField(open: Int, end: Int, raw: Bool, nesting: inout Int) throws(Diagnostic) -> (FStringField, Int) {
        var i = open + 1
        var depth = 0
        var expressionEnd: Int?
        var selfDocumenting: String?
        // The expression: up to a `!`, `:`, `=` or `}` outside brackets and strings.
        scan: while i < end {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"):
                depth -= 1
            case UInt8(ascii: "}"):
                if depth == 0 { expressionEnd = i; break scan }
                depth -= 1
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                var j = i + 1
                while j < end && bytes[j] != c { j += 1 }
                guard j < end else { throw syntaxError("f-string: unterminated string", i, end) }
                i = j
            case UInt8(ascii: "\\"):
                throw syntaxError("f-string expression part cannot include a backslash", i, i + 1)
            case UInt8(ascii: "#"):
                throw syntaxError("f-string expression part cannot include '#'", i, i + 1)
            case UInt8(ascii: "!") where depth == 0 && !(i + 1 < end && bytes[i + 1] == UInt8(ascii: "=")):
                expressionEnd = i
                break scan
            case UInt8(ascii: ":") where depth == 0:
                expressionEnd = i
                break scan
            case UInt8(ascii: "=") where depth == 0:
                let previous = bytes[i - 1]
                let next = i + 1 < end ? bytes[i + 1] : 0
                if next != UInt8(ascii: "=") && ![UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "<"), UInt8(ascii: ">")].contains(previous) {
                    expressionEnd = i
                    var j = i + 1
                    while j < end && bytes[j] == UInt8(ascii: " ") { j += 1 }
                    selfDocumenting = String(decoding: bytes[(open + 1)..<j], as: UTF8.self)
                    i = j
                    break scan
                }
                if next == UInt8(ascii: "=") { i += 1 }
            default:
                break
            }
            i += 1
        }
        guard let exprEnd = expressionEnd, i < end else {
            throw syntaxError("f-string: expecting '}'", open, end)
        }
        let expression = SourceRange(open + 1, exprEnd)
        if String(decoding: bytes[expression.start..<expression.end], as: UTF8.self).allSatisfy(\.isWhitespace) {
            throw syntaxError("f-string: empty expression not allowed", open, i + 1)
        }
        var conversion: Character?
        if i < end && bytes[i] == UInt8(ascii: "!") {
            guard i + 2 < end, [UInt8(ascii: "r"), UInt8(ascii: "s"), UInt8(ascii: "a")].contains(bytes[i + 1]),
                  bytes[i + 2] == UInt8(ascii: ":") || bytes[i + 2] == UInt8(ascii: "}") else {
                throw syntaxError("f-string: invalid conversion character: expected 's', 'r', or 'a'", i, min(end, i + 2))
            }
            conversion = Character(UnicodeScalar(bytes[i + 1]))
            i += 2
        }
        var spec: [FStringPiece]?
        if i < end && bytes[i] == UInt8(ascii: ":") {
            // The spec runs to the `}` that closes this field.
            let specStart = i + 1
            var j = specStart, inner = 0
            while j < end {
                if bytes[j] == UInt8(ascii: "{") { inner += 1 }
                if bytes[j] == UInt8(ascii: "}") {
                    if inner == 0 { break }
                    inner -= 1
                }
                j += 1
            }
            guard j < end else { throw syntaxError("f-string: expecting '}'", open, end) }
            spec = try fStringPieces(specStart, j, raw: raw, nesting: &nesting, inSpec: true)
            i = j
        }
        guard i < end, bytes[i] == UInt8(ascii: "}") else {
            throw syntaxError("f-string: expecting '}'", open, min(end, i + 1))
        }
        let field = FStringField(expression: expression, conversion: conversion, selfDocumenting: selfDocumenting,
                                 spec: spec, range: SourceRange(open, i + 1))
        return (field, i + 1)
    }
}
