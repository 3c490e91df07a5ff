import AttnLang

/// Python source to tokens, as CPython's tokenizer cuts it.
///
/// - Logical lines end in NEWLINE; blank lines and lines holding only a
///   comment produce nothing. Inside brackets newlines are blanks (implicit
///   joining); a backslash before a newline joins two lines (explicit).
/// - Indentation is measured as CPython measures it: a tab advances to the
///   next multiple of 8 columns, and the same indentation is measured once
///   more with tabs counting 1; two lines whose order differs under the two
///   measures are a TabError ("inconsistent use of tabs and spaces").
///   Deeper indentation gives INDENT; shallower gives one DEDENT per level
///   closed, and must land on a level that is open.
/// - At the end, a NEWLINE ends an unfinished line and DEDENTs close every
///   block, then END.
/// - Numbers, strings and f-strings: PyLexer+Numbers.swift and
///   PyLexer+Strings.swift.
///
/// The lexer stops at the first error: `tokens` holds what came before it
/// and `error` says what went wrong (kind `.incompleteInput` when the text
/// ended inside a bracket or a triple-quoted string, or after a backslash).
struct PyLexer {
    let source: SourceFile
    let bytes: [UInt8]
    /// The byte being looked at.
    var pos: Int
    /// Where lexing stops (exclusive).
    let limit: Int
    /// The 1-based line of `pos`.
    var line: Int
    var tokens: [PyToken] = []
    /// Open indentation levels: columns with tabs to 8, and with tabs as 1.
    var indents: [(column: Int, alternate: Int)] = [(0, 0)]
    /// Open brackets, innermost last, with where they were opened.
    var brackets: [(byte: UInt8, range: SourceRange, line: Int)] = []
    /// For an f-string's expression: no indentation, newlines are blanks.
    let fieldMode: Bool

    init(_ source: SourceFile, bytes: [UInt8], from start: Int = 0, to end: Int? = nil, line: Int = 1, fieldMode: Bool = false) {
        self.source = source
        self.bytes = bytes
        self.pos = start
        self.limit = end ?? bytes.count
        self.line = line
        self.fieldMode = fieldMode
    }

    /// The tokens of `source` up to its end or its first error.
    static func tokenize(_ source: SourceFile) -> (tokens: [PyToken], error: Diagnostic?) {
        var lexer = PyLexer(source, bytes: Array(source.text.utf8), line: source.firstLine)
        do throws(Diagnostic) {
            try lexer.run()
            return (lexer.tokens, nil)
        } catch {
            return (lexer.tokens, error)
        }
    }

    // MARK: - The driver

    mutating func run() throws(Diagnostic) {
        var atLineStart = !fieldMode
        while true {
            if atLineStart {
                atLineStart = false
                if try indentation() {
                    atLineStart = true
                    continue
                }
            }
            guard pos < limit else { break }
            let c = bytes[pos]
            switch c {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), 0x0C:
                pos += 1
            case UInt8(ascii: "\r"):
                pos += 1
            case UInt8(ascii: "\n"):
                pos += 1
                line += 1
                if brackets.isEmpty && !fieldMode {
                    emit(.newline, pos - 1, pos, line: line - 1)
                    atLineStart = true
                }
            case UInt8(ascii: "#"):
                if fieldMode { throw syntaxError("f-string expression part cannot include '#'", pos, pos + 1) }
                while pos < limit && bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
            case UInt8(ascii: "\\"):
                try continuation()
            default:
                try token(c)
            }
        }
        try finish()
    }

    /// A backslash: must end the line, which joins the next one to it.
    private mutating func continuation() throws(Diagnostic) {
        var next = pos + 1
        if next < limit && bytes[next] == UInt8(ascii: "\r") { next += 1 }
        guard next < limit else {
            throw Diagnostic("SyntaxError: unexpected EOF while parsing", at: SourceRange(pos, pos + 1), kind: .incompleteInput)
        }
        guard bytes[next] == UInt8(ascii: "\n") else {
            throw syntaxError("unexpected character after line continuation character", pos, pos + 1)
        }
        pos = next + 1
        line += 1
    }

    /// At the start of a line: measures its indentation and emits INDENT or
    /// DEDENTs. Returns true when the line is blank or a comment (skipped
    /// whole, the caller starts over at the next line).
    private mutating func indentation() throws(Diagnostic) -> Bool {
        var column = 0, alternate = 0
        let start = pos
        scan: while pos < limit {
            switch bytes[pos] {
            case UInt8(ascii: " "): column += 1; alternate += 1
            case UInt8(ascii: "\t"): column = (column / 8 + 1) * 8; alternate += 1
            case 0x0C: column = 0; alternate = 0
            default: break scan
            }
            pos += 1
        }
        // Blank lines, comment lines and the end of input set no indentation.
        if pos >= limit { return false }
        switch bytes[pos] {
        case UInt8(ascii: "#"):
            while pos < limit && bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
            if pos < limit { pos += 1; line += 1 }
            return true
        case UInt8(ascii: "\n"):
            pos += 1
            line += 1
            return true
        case UInt8(ascii: "\r") where pos + 1 < limit && bytes[pos + 1] == UInt8(ascii: "\n"):
            pos += 2
            line += 1
            return true
        case UInt8(ascii: "\\"):
            // A line that is only a continuation joins the next one.
            return false
        default:
            break
        }
        let top = indents[indents.count - 1]
        if column == top.column {
            guard alternate == top.alternate else { throw tabError(start) }
        } else if column > top.column {
            guard alternate > top.alternate else { throw tabError(start) }
            indents.append((column, alternate))
            emit(.indent, start, pos)
        } else {
            while let last = indents.last, column < last.column {
                indents.removeLast()
                emit(.dedent, pos, pos)
            }
            guard let last = indents.last, column == last.column else {
                throw Diagnostic("IndentationError: unindent does not match any outer indentation level", at: SourceRange(start, pos))
            }
            guard alternate == last.alternate else { throw tabError(start) }
        }
        return false
    }

    private func tabError(_ start: Int) -> Diagnostic {
        Diagnostic("TabError: inconsistent use of tabs and spaces in indentation", at: SourceRange(start, pos))
    }

    /// The end of input: closes the line and every block, or says what is
    /// still open.
    private mutating func finish() throws(Diagnostic) {
        if let open = brackets.last, !fieldMode {
            throw Diagnostic("SyntaxError: '\(String(UnicodeScalar(open.byte)))' was never closed", at: open.range, kind: .incompleteInput)
        }
        if fieldMode { return }
        if let last = tokens.last, last.kind != .newline, last.kind != .dedent, last.kind != .indent {
            emit(.newline, limit, limit)
        }
        while indents.count > 1 {
            indents.removeLast()
            emit(.dedent, limit, limit)
        }
        emit(.end, limit, limit)
    }

    // MARK: - Tokens

    private mutating func token(_ c: UInt8) throws(Diagnostic) {
        if isDigit(c) || (c == UInt8(ascii: ".") && pos + 1 < limit && isDigit(bytes[pos + 1])) {
            return try number()
        }
        if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
            return try string(prefixStart: pos, prefix: "")
        }
        if isIdentifierStart(c) || c >= 0x80 {
            return try word()
        }
        try op()
    }

    /// A name or keyword, or the prefix of a string (`r"..."`, `f'...'`).
    private mutating func word() throws(Diagnostic) {
        let start = pos
        while pos < limit {
            let c = bytes[pos]
            if isIdentifierStart(c) || isDigit(c) {
                pos += 1
            } else if c >= 0x80 {
                let (scalar, length) = decodeScalar(at: pos)
                guard let scalar, Character(scalar).isLetter || Character(scalar).isNumber || scalar.properties.isIDContinue else {
                    if pos == start { throw invalidCharacter(at: pos) }
                    break
                }
                pos += length
            } else {
                break
            }
        }
        guard pos > start else { throw invalidCharacter(at: pos) }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        if pos < limit, bytes[pos] == UInt8(ascii: "\"") || bytes[pos] == UInt8(ascii: "'"),
           text.count <= 2, text.lowercased().allSatisfy({ "rbuf".contains($0) }) {
            return try string(prefixStart: start, prefix: text.lowercased())
        }
        if let keyword = PyKeyword(rawValue: text) {
            emit(.keyword(keyword), start, pos)
        } else {
            emit(.name(text), start, pos)
        }
    }

    /// An operator or delimiter, tracking brackets.
    private mutating func op() throws(Diagnostic) {
        let start = pos
        for candidate in PyOperator.byLength {
            let spelling = Array(candidate.rawValue.utf8)
            guard pos + spelling.count <= limit, bytes[pos..<pos + spelling.count].elementsEqual(spelling) else { continue }
            pos += spelling.count
            let range = SourceRange(start, pos)
            switch candidate {
            case .leftParen, .leftBracket, .leftBrace:
                brackets.append((spelling[0], range, line))
            case .rightParen, .rightBracket, .rightBrace:
                let closing = String(candidate.rawValue)
                guard let open = brackets.last else {
                    throw syntaxError("unmatched '\(closing)'", start, pos)
                }
                let expected: UInt8 = open.byte == UInt8(ascii: "(") ? UInt8(ascii: ")") : open.byte == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}")
                guard spelling[0] == expected else {
                    let opening = String(UnicodeScalar(open.byte))
                    let onLine = open.line == line ? "" : " on line \(open.line)"
                    throw syntaxError("closing parenthesis '\(closing)' does not match opening parenthesis '\(opening)'\(onLine)", start, pos)
                }
                brackets.removeLast()
            default:
                break
            }
            emit(.op(candidate), start, pos)
            return
        }
        if bytes[pos] == UInt8(ascii: "!") { throw syntaxError("invalid syntax", pos, pos + 1) }
        throw invalidCharacter(at: pos)
    }

    private func invalidCharacter(at offset: Int) -> Diagnostic {
        let (scalar, length) = decodeScalar(at: offset)
        guard let scalar else { return syntaxError("invalid character in source (not UTF-8)", offset, offset + 1) }
        if scalar.isASCII, PyFormat.isPrintable(scalar) {
            return syntaxError("invalid syntax", offset, offset + length)
        }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        if !PyFormat.isPrintable(scalar) {
            return syntaxError("invalid non-printable character U+\(code)", offset, offset + length)
        }
        return syntaxError("invalid character '\(Character(scalar))' (U+\(code))", offset, offset + length)
    }

    // MARK: - Helpers

    mutating func emit(_ kind: PyToken.Kind, _ start: Int, _ end: Int, line: Int? = nil) {
        tokens.append(PyToken(kind: kind, range: SourceRange(start, end), line: line ?? self.line))
    }

    func syntaxError(_ message: String, _ start: Int, _ end: Int) -> Diagnostic {
        Diagnostic("SyntaxError: " + message, at: SourceRange(start, end))
    }

    func isDigit(_ c: UInt8) -> Bool { PyLexer.isDigit(c) }
    static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    func isIdentifierStart(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) || c == UInt8(ascii: "_")
    }

    /// The Unicode scalar starting at `offset` and its length in bytes (nil
    /// for bytes that are not UTF-8).
    func decodeScalar(at offset: Int) -> (Unicode.Scalar?, Int) {
        let lead = bytes[offset]
        let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard offset + length <= limit else { return (nil, 1) }
        let text = String(decoding: bytes[offset..<offset + length], as: UTF8.self)
        guard text.unicodeScalars.count == 1, let scalar = text.unicodeScalars.first, scalar != "\u{FFFD}" || length == 3 else {
            return (nil, 1)
        }
        return (scalar, length)
    }
}
