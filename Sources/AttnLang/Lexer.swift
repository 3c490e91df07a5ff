/// Turns source text into tokens.
///
/// Newlines end statements, except inside `(` or `[` (where the lexer drops
/// them) and after a `\` at the end of a line. A binary operator or `,` at
/// the end of a line also continues the statement; the parser handles that,
/// since only it knows an operator from a sign.
public struct Lexer {
    private let source: SourceFile
    private var bytes: [UInt8] { source.bytes }
    private var pos = 0
    /// How many `(` and `[` are open; newlines inside them are not tokens.
    private var depth = 0

    public init(_ source: SourceFile) {
        self.source = source
        // A UTF-8 byte order mark, as some editors write, is not part of the
        // program. (Foundation drops it when a file is read; stdin keeps it.)
        if source.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { pos = 3 }
    }

    /// All tokens, ending with `.eof`. Where the text cannot be read, the
    /// lexer records the diagnostic, emits an `.invalid` token and goes on
    /// at the next line, so that one bad line does not hide the rest.
    public static func tokenize(_ source: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(source)
        var tokens: [Token] = []
        var diagnostics: [Diagnostic] = []
        while true {
            do throws(Diagnostic) {
                let token = try lexer.next()
                tokens.append(token)
                if token.kind == .eof { return (tokens, diagnostics) }
            } catch {
                diagnostics.append(error)
                tokens.append(Token(.invalid, error.range))
                lexer.skipLine()
            }
        }
    }

    /// Moves past the rest of the current line (error recovery).
    private mutating func skipLine() {
        while pos < bytes.count && bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
        depth = 0
    }

    private func peek(_ ahead: Int = 0) -> UInt8 {
        pos + ahead < bytes.count ? bytes[pos + ahead] : 0
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    private static func isIdentStart(_ b: UInt8) -> Bool {
        (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == UInt8(ascii: "_")
    }
    private static func isIdentPart(_ b: UInt8) -> Bool { isIdentStart(b) || isDigit(b) }

    public mutating func next() throws(Diagnostic) -> Token {
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") {
                pos += 1
            } else if b == UInt8(ascii: "#") {
                while pos < bytes.count && bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
            } else if b == UInt8(ascii: "\\") {
                // A backslash continues the statement when only blanks or a comment follow it.
                var look = pos + 1
                while look < bytes.count && (bytes[look] == UInt8(ascii: " ") || bytes[look] == UInt8(ascii: "\t") || bytes[look] == UInt8(ascii: "\r")) { look += 1 }
                if look < bytes.count && bytes[look] == UInt8(ascii: "#") {
                    while look < bytes.count && bytes[look] != UInt8(ascii: "\n") { look += 1 }
                }
                if look >= bytes.count {
                    throw Diagnostic("the line continues after '\\', but the input ended", at: SourceRange(pos, pos + 1), kind: .incompleteInput)
                }
                guard bytes[look] == UInt8(ascii: "\n") else {
                    throw Diagnostic("unexpected character '\\' (a backslash continues a line only at its end)", at: SourceRange(pos, pos + 1))
                }
                pos = look + 1
            } else if b == UInt8(ascii: "\n") && depth > 0 {
                pos += 1
            } else {
                break
            }
        }
        let start = pos
        guard pos < bytes.count else { return Token(.eof, SourceRange(start, start)) }
        let b = bytes[pos]
        func single(_ kind: Token.Kind, length: Int = 1) -> Token {
            pos += length
            return Token(kind, SourceRange(start, pos))
        }
        switch b {
        case UInt8(ascii: "\n"): return single(.newline)
        case UInt8(ascii: "+"): return single(.plus)
        case UInt8(ascii: "-"): return single(.minus)
        case UInt8(ascii: "*"): return peek(1) == UInt8(ascii: "*") ? single(.caret, length: 2) : single(.star)
        case UInt8(ascii: "/"): return single(.slash)
        case UInt8(ascii: "@"): return single(.at)
        case UInt8(ascii: "^"): return single(.caret)
        case UInt8(ascii: "="): return peek(1) == UInt8(ascii: "=") ? single(.equalEqual, length: 2) : single(.equal)
        case UInt8(ascii: "!"):
            if peek(1) == UInt8(ascii: "=") { return single(.bangEqual, length: 2) }
        case UInt8(ascii: "<"): return peek(1) == UInt8(ascii: "=") ? single(.lessEqual, length: 2) : single(.less)
        case UInt8(ascii: ">"): return peek(1) == UInt8(ascii: "=") ? single(.greaterEqual, length: 2) : single(.greater)
        case UInt8(ascii: "("), UInt8(ascii: "["):
            depth += 1
            return single(b == UInt8(ascii: "(") ? .lparen : .lbracket)
        case UInt8(ascii: ")"), UInt8(ascii: "]"):
            depth = max(0, depth - 1)
            return single(b == UInt8(ascii: ")") ? .rparen : .rbracket)
        case UInt8(ascii: ","): return single(.comma)
        case UInt8(ascii: ":"): return single(.colon)
        case UInt8(ascii: ";"): return single(.semicolon)
        case UInt8(ascii: "."):
            if Lexer.isDigit(peek(1)) { return try number() }
            return single(.dot)
        case UInt8(ascii: "\""): return try string()
        default:
            if Lexer.isDigit(b) { return try number() }
            if Lexer.isIdentStart(b) { return identifier() }
        }
        // Not a character attn knows: report the whole (possibly multi-byte) character.
        var end = pos + 1
        while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
        let text = String(decoding: bytes[pos..<end], as: UTF8.self)
        // Control characters are named, not echoed, so the message cannot garble a terminal.
        if let scalar = text.unicodeScalars.first, text.unicodeScalars.count == 1,
           scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            throw Diagnostic("unexpected character U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex)", at: SourceRange(pos, end))
        }
        throw Diagnostic("unexpected character '\(text)'", at: SourceRange(pos, end))
    }

    // number → see `NumberLiteral`, the one reader of attn's numbers
    private mutating func number() throws(Diagnostic) -> Token {
        let start = pos
        guard let literal = NumberLiteral.scan(bytes, at: start) else {
            throw Diagnostic("malformed number", at: SourceRange(start, start + 1))
        }
        pos += literal.length
        if Lexer.isIdentStart(peek()) {
            var end = pos
            while end < bytes.count && Lexer.isIdentPart(bytes[end]) { end += 1 }
            throw Diagnostic("malformed number '\(String(decoding: bytes[start..<end], as: UTF8.self))'", at: SourceRange(start, end))
        }
        return Token(.number(literal.value), SourceRange(start, pos))
    }

    private mutating func identifier() -> Token {
        let start = pos
        while Lexer.isIdentPart(peek()) { pos += 1 }
        let name = String(decoding: bytes[start..<pos], as: UTF8.self)
        let range = SourceRange(start, pos)
        return Token(Keyword(rawValue: name).map { .keyword($0) } ?? .identifier(name), range)
    }

    // string → '"' (char | escape)* '"' on one line
    private mutating func string() throws(Diagnostic) -> Token {
        let start = pos
        pos += 1
        var out: [UInt8] = []
        while true {
            guard pos < bytes.count, bytes[pos] != UInt8(ascii: "\n") else {
                throw Diagnostic("unterminated string (strings end with \" on the same line)", at: SourceRange(start, pos))
            }
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") { pos += 1; break }
            if b == UInt8(ascii: "\\") {
                let e = peek(1)
                switch e {
                case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "\\"), UInt8(ascii: "\""): out.append(e)
                default:
                    // A backslash last on the line leaves the string open; otherwise
                    // underline it and the whole (possibly multi-byte) character after it.
                    guard pos + 1 < bytes.count, e != UInt8(ascii: "\n") else {
                        throw Diagnostic("unterminated string (strings end with \" on the same line)", at: SourceRange(start, pos + 1))
                    }
                    var end = pos + 2
                    while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
                    throw Diagnostic("unknown escape in string (use \\n, \\t, \\\\ or \\\")", at: SourceRange(pos, end))
                }
                pos += 2
                continue
            }
            out.append(b)
            pos += 1
        }
        return Token(.string(String(decoding: out, as: UTF8.self)), SourceRange(start, pos))
    }
}
