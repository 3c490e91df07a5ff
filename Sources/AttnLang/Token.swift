/// One lexeme with its kind and where it stands in the source.
public struct Token: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case number(Double)
        case string(String)
        case identifier(String)
        case keyword(Keyword)
        // Punctuation and operators.
        case plus, minus, star, slash, at, caret
        case equal, equalEqual, bangEqual, less, lessEqual, greater, greaterEqual
        case lparen, rparen, lbracket, rbracket, comma, colon, semicolon, dot
        case newline
        case eof
        /// Text the lexer could not read; the parser reports the lexer's diagnostic here.
        case invalid
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// How the token is named in messages.
    public var describe: String {
        switch kind {
        case .number: return "a number"
        case .string: return "a string"
        case .identifier(let name): return "'\(name)'"
        case .keyword(let k): return "'\(k.rawValue)'"
        case .plus: return "'+'"
        case .minus: return "'-'"
        case .star: return "'*'"
        case .slash: return "'/'"
        case .at: return "'@'"
        case .caret: return "'^'"
        case .equal: return "'='"
        case .equalEqual: return "'=='"
        case .bangEqual: return "'!='"
        case .less: return "'<'"
        case .lessEqual: return "'<='"
        case .greater: return "'>'"
        case .greaterEqual: return "'>='"
        case .lparen: return "'('"
        case .rparen: return "')'"
        case .lbracket: return "'['"
        case .rbracket: return "']'"
        case .comma: return "','"
        case .colon: return "':'"
        case .semicolon: return "';'"
        case .dot: return "'.'"
        case .newline: return "the end of the line"
        case .eof: return "the end of the input"
        case .invalid: return "unreadable text"
        }
    }
}
