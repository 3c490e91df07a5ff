import AttnLang

/// One token of Python source, with the bytes it covers.
struct PyToken: Sendable {
    enum Kind: Sendable, Hashable {
        case name(String)
        case keyword(PyKeyword)
        /// An integer literal; attn's Python ints are 64-bit (see docs/python.md).
        case int(Int64)
        case float(Double)
        /// A string literal (one of several that may stand side by side).
        case string(PyStringLiteral)
        case op(PyOperator)
        /// The end of a logical line.
        case newline
        /// The start and end of an indented block.
        case indent, dedent
        case end
    }

    let kind: Kind
    let range: SourceRange
    /// The 1-based line it starts on (for messages such as "on line 3").
    let line: Int

    var isEnd: Bool { kind == .end }

    func isOp(_ op: PyOperator) -> Bool { kind == .op(op) }
    func isKeyword(_ k: PyKeyword) -> Bool { kind == .keyword(k) }
}

/// Python's keywords (the hard ones; `match`, `case` and `type` are soft and
/// lexed as names).
enum PyKeyword: String, Sendable, Hashable, CaseIterable {
    case False, None, True
    case and, `as`, assert, async, await, `break`, `class`, `continue`, def, del
    case elif, `else`, except, finally, `for`, from, global, `if`, `import`, `in`, `is`
    case lambda, nonlocal, not, or, pass, raise, `return`, `try`, `while`, with, yield
}

/// Operators and delimiters, spelled as in source.
enum PyOperator: String, Sendable, Hashable, CaseIterable {
    case plus = "+", minus = "-", star = "*", doubleStar = "**", slash = "/", doubleSlash = "//"
    case percent = "%", at = "@", shiftLeft = "<<", shiftRight = ">>", ampersand = "&", pipe = "|"
    case caret = "^", tilde = "~", walrus = ":="
    case less = "<", greater = ">", lessEqual = "<=", greaterEqual = ">=", equal = "==", notEqual = "!="
    case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]", leftBrace = "{", rightBrace = "}"
    case comma = ",", colon = ":", dot = ".", semicolon = ";", assign = "=", arrow = "->", ellipsis = "..."
    case plusAssign = "+=", minusAssign = "-=", starAssign = "*=", slashAssign = "/=", doubleSlashAssign = "//="
    case percentAssign = "%=", atAssign = "@=", ampersandAssign = "&=", pipeAssign = "|=", caretAssign = "^="
    case shiftRightAssign = ">>=", shiftLeftAssign = "<<=", doubleStarAssign = "**="

    /// Every spelling, longest first, for the lexer's longest match.
    static let byLength: [PyOperator] = allCases.sorted { $0.rawValue.utf8.count > $1.rawValue.utf8.count }
}

/// A string literal as written: its text with escapes resolved, or an
/// f-string's parts.
enum PyStringLiteral: Sendable, Hashable {
    case plain(String)
    case formatted([FStringPiece])
}

/// A piece of an f-string: literal text, or a replacement field whose
/// expression is the source text at `expression` (parsed by the parser).
enum FStringPiece: Sendable, Hashable {
    case text(String)
    case field(FStringField)
}

struct FStringField: Sendable, Hashable {
    /// The bytes of the expression.
    let expression: SourceRange
    /// `!r`, `!s` or `!a`.
    let conversion: Character?
    /// The text of a self-documenting field (`{x = }` shows `x = `), or nil.
    let selfDocumenting: String?
    /// The format spec after `:`, which may hold nested fields; nil without `:`.
    let spec: [FStringPiece]?
    /// The whole field, braces included.
    let range: SourceRange
}
