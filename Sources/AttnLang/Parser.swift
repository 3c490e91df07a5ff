/// How tightly the binary and prefix operators bind, lowest first: the
/// parser's one table of binding power, read as Lua's `priority[]` is
/// (`operation(above:)`). `if c then a else b` binds more loosely than any
/// of them and the postfix forms (call `f(...)`, index `x[...]`, `.T`) more
/// tightly; the grammar places those two.
public enum Precedence: Int, Comparable, Sendable {
    /// Where an expression starts: every operator binds tighter.
    case lowest
    /// `== != < <= > >=`: elementwise, 1 or 0; they do not chain (`a < b < c` is an error).
    case comparison
    /// `+ -`, left-associative.
    case additive
    /// `* /`, left-associative, elementwise with broadcasting.
    case multiplicative
    /// `@`, left-associative, numpy.matmul.
    case matmul
    /// Prefix `-` and `+`: `-a @ b` is `(-a) @ b`, and `-2^2` is `-(2^2)`.
    case unary
    /// `^` (or `**`), right-associative; its right operand may carry a sign: `2^-1`.
    case power

    public static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }
}

extension BinaryOp {
    public var precedence: Precedence {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return .comparison
        case .add, .subtract: return .additive
        case .multiply, .divide: return .multiplicative
        case .matmul: return .matmul
        case .power: return .power
        }
    }

    /// The limit its right operand is parsed above: its own level for a
    /// left-associative operator (`1 - 2 - 3` is `(1 - 2) - 3`), the level
    /// below for `^` (`2^3^2` is `2^(3^2)`).
    var rightLimit: Precedence {
        self == .power ? .unary : precedence
    }

    /// The operator a token spells, if any.
    init?(_ kind: Token.Kind) {
        switch kind {
        case .plus: self = .add
        case .minus: self = .subtract
        case .star: self = .multiply
        case .slash: self = .divide
        case .at: self = .matmul
        case .caret: self = .power
        case .equalEqual: self = .equal
        case .bangEqual: self = .notEqual
        case .less: self = .less
        case .lessEqual: self = .lessEqual
        case .greater: self = .greater
        case .greaterEqual: self = .greaterEqual
        default: return nil
        }
    }
}

/// A recursive-descent parser from tokens to statements.
public struct Parser {
    /// How deeply expressions may nest before the parser refuses (so that
    /// `((((...` cannot exhaust the stack). Every level of the tree counts:
    /// brackets, signs, and each link of an operator or postfix chain
    /// (`1+1+...` and `x[0][0]...` build trees as deep as they are long,
    /// and the evaluator recurses through them).
    public static let maxDepth = 200

    private let tokens: [Token]
    /// What the lexer said about each `.invalid` token.
    private let lexerDiagnostics: [Diagnostic]
    private var current = 0
    private var depth = 0

    public init(tokens: [Token], lexerDiagnostics: [Diagnostic] = []) {
        self.tokens = tokens.isEmpty ? [Token(.eof, SourceRange(0, 0))] : tokens
        self.lexerDiagnostics = lexerDiagnostics
    }

    /// Parses a whole program; the first error ends it.
    public static func parse(_ source: SourceFile) throws(Diagnostic) -> [StatementNode] {
        var result: [StatementNode] = []
        for item in parseRecovering(source) {
            switch item {
            case .success(let node): result.append(node)
            case .failure(let diagnostic): throw diagnostic
            }
        }
        return result
    }

    /// Parses statement by statement: after an error the parser skips to the
    /// next statement boundary and goes on, so a script run from a pipe can
    /// report every bad line and still run the good ones.
    public static func parseRecovering(_ source: SourceFile) -> [Result<StatementNode, Diagnostic>] {
        let (tokens, diagnostics) = Lexer.tokenize(source)
        var parser = Parser(tokens: tokens, lexerDiagnostics: diagnostics)
        return parser.programRecovering()
    }

    // MARK: - Token helpers

    private var peek: Token { tokens[min(current, tokens.count - 1)] }
    private func peek(_ ahead: Int) -> Token { tokens[min(current + ahead, tokens.count - 1)] }

    @discardableResult
    private mutating func advance() -> Token {
        let token = peek
        if current < tokens.count - 1 { current += 1 }
        return token
    }

    private func check(_ kind: Token.Kind) -> Bool { peek.kind == kind }

    private mutating func match(_ kind: Token.Kind) -> Bool {
        if check(kind) { advance(); return true }
        return false
    }

    private mutating func skipNewlines() {
        while check(.newline) { advance() }
    }

    /// An error at the current token; at the end of the input it is marked
    /// incomplete, so a shell can ask for more.
    private func error(_ message: String, notes: [String] = []) -> Diagnostic {
        let token = peek
        if token.kind == .invalid, let lexed = lexerDiagnostics.first(where: { $0.range == token.range }) {
            return lexed
        }
        if token.kind == .eof {
            return Diagnostic(message, at: token.range, kind: .incompleteInput, notes: notes)
        }
        return Diagnostic(message, at: token.range, notes: notes)
    }

    private mutating func expect(_ kind: Token.Kind, _ what: String) throws(Diagnostic) -> Token {
        guard check(kind) else { throw error("expected \(what), found \(peek.describe)") }
        return advance()
    }

    /// Counts one more level of nesting, or refuses past `maxDepth`. The
    /// caller gives the level back (`depth -= 1`) once the level is parsed.
    private mutating func descend() throws(Diagnostic) {
        guard depth < Parser.maxDepth else {
            throw Diagnostic("expression nested too deeply (more than \(Parser.maxDepth) levels)", at: peek.range,
                             notes: ["split it into steps with let"])
        }
        depth += 1
    }

    // MARK: - Statements

    // program → (statement? (NEWLINE | ';'))* EOF
    mutating func programRecovering() -> [Result<StatementNode, Diagnostic>] {
        var items: [Result<StatementNode, Diagnostic>] = []
        while true {
            while check(.newline) || check(.semicolon) { advance() }
            if check(.eof) { return items }
            do throws(Diagnostic) {
                var node = try statement()
                if match(.semicolon) {
                    // Only a trailing ';' (last on its line) silences: `1; 2` shows both, `x;` shows nothing.
                    if check(.newline) || check(.eof), case .expression(let e, _) = node.statement {
                        node.statement = .expression(e, silent: true)
                    }
                } else if !check(.newline) && !check(.eof) {
                    throw error("expected the end of the statement (a new line or ';'), found \(peek.describe)")
                }
                items.append(.success(node))
            } catch {
                items.append(.failure(error))
                // Skip to the next statement boundary.
                while !check(.newline) && !check(.semicolon) && !check(.eof) { advance() }
            }
        }
    }

    // statement → 'let' IDENT ('(' params ')')? '=' expr | IDENT '=' expr | expr
    mutating func statement() throws(Diagnostic) -> StatementNode {
        let start = peek.range
        if match(.keyword(.let)) {
            let nameToken = peek
            guard case .identifier(let name) = nameToken.kind else {
                throw error("expected a name after 'let', found \(peek.describe)")
            }
            advance()
            if match(.lparen) {
                var parameters: [String] = []
                if !check(.rparen) {
                    repeat {
                        guard case .identifier(let p) = peek.kind else {
                            throw error("expected a parameter name, found \(peek.describe)")
                        }
                        if parameters.contains(p) {
                            throw Diagnostic("parameter '\(p)' appears twice", at: peek.range)
                        }
                        parameters.append(p)
                        advance()
                    } while match(.comma)
                }
                _ = try expect(.rparen, "')' after the parameters")
                _ = try expect(.equal, "'=' before the function body")
                skipNewlines()
                let body = try expression()
                return StatementNode(
                    statement: .function(name: name, nameRange: nameToken.range, parameters: parameters, body: body),
                    range: start.joined(body.range))
            }
            _ = try expect(.equal, "'=' after 'let \(name)'")
            skipNewlines()
            let value = try expression()
            return StatementNode(statement: .binding(name: name, nameRange: nameToken.range, value: value), range: start.joined(value.range))
        }
        if case .identifier(let name) = peek.kind, peek(1).kind == .equal {
            let nameRange = advance().range
            advance()
            skipNewlines()
            let value = try expression()
            return StatementNode(statement: .binding(name: name, nameRange: nameRange, value: value), range: start.joined(value.range))
        }
        let e = try expression()
        return StatementNode(statement: .expression(e, silent: false), range: e.range)
    }

    // MARK: - Expressions

    // expr → 'if' expr 'then' expr 'else' expr | operation(above: lowest)
    mutating func expression() throws(Diagnostic) -> Expr {
        try descend()
        defer { depth -= 1 }
        if check(.keyword(.if)) {
            let start = advance().range
            skipNewlines()
            let condition = try expression()
            skipNewlines()
            _ = try expect(.keyword(.then), "'then' after the condition of 'if'")
            skipNewlines()
            let yes = try expression()
            skipNewlines()
            _ = try expect(.keyword(.else), "'else' (every 'if' needs one)")
            skipNewlines()
            let no = try expression()
            return .conditional(condition, yes, no, start.joined(no.range))
        }
        return try operation(above: .lowest)
    }

    // operation → ('-' | '+') operation(above: unary) | postfix
    //             { BINARY-OP operation(above: its right limit) }   while BINARY-OP binds tighter than `limit`
    private mutating func operation(above limit: Precedence) throws(Diagnostic) -> Expr {
        var left: Expr
        if check(.minus) || check(.plus) {
            try descend()
            defer { depth -= 1 }
            let token = advance()
            let operand = try operation(above: .unary)
            left = .unary(token.kind == .minus ? .negate : .plus, operand, token.range.joined(operand.range))
        } else {
            left = try postfix()
        }
        // Each link of a chain nests the tree one level deeper (`1+1+...`).
        var links = 0
        defer { depth -= links }
        var previous: Precedence?
        while let op = BinaryOp(peek.kind), op.precedence > limit {
            // Comparisons do not chain: the second one is left for the
            // caller, which reports it as an unexpected token.
            if op.precedence == .comparison && previous == .comparison { break }
            try descend()
            links += 1
            advance()
            skipNewlines()
            let right = try operation(above: op.rightLimit)
            left = .binary(op, left, right, left.range.joined(right.range))
            previous = op.precedence
        }
        return left
    }

    // postfix → primary ('(' arguments ')' | '[' indices ']' | '.' 'T')*
    private mutating func postfix() throws(Diagnostic) -> Expr {
        var e = try primary()
        var links = 0
        defer { depth -= links }
        while true {
            if check(.lparen) || check(.lbracket) || check(.dot) {
                try descend()
                links += 1
            }
            if match(.lparen) {
                let arguments = try argumentList()
                let close = try expect(.rparen, "')' to close the call")
                e = .call(e, arguments, e.range.joined(close.range))
            } else if match(.lbracket) {
                let items = try indexList()
                let close = try expect(.rbracket, "']' to close the index")
                e = .index(e, items, e.range.joined(close.range))
            } else if check(.dot) {
                let dot = advance()
                guard case .identifier("T") = peek.kind else {
                    if case .variable(let module, _) = e, ["np", "numpy", "torch", "math", "F"].contains(module),
                       case .identifier(let member) = peek.kind {
                        throw Diagnostic("attn has no modules, so '\(module).\(member)' cannot be used", at: e.range.joined(peek.range),
                                         notes: [member == "array" || member == "tensor"
                                             ? "write the list itself: [1, 2, 3] instead of \(module).\(member)([1, 2, 3])"
                                             : "builtins are called directly: write \(member)(...) instead of \(module).\(member)(...)"])
                    }
                    throw Diagnostic("expected 'T' after '.', found \(peek.describe) (only .T, the transpose, is supported)",
                                     at: dot.range.joined(peek.range))
                }
                let t = advance()
                e = .transpose(e, e.range.joined(t.range))
            } else {
                return e
            }
        }
    }

    // arguments → (argument (',' argument)* ','?)?     argument → (IDENT ':')? expr
    private mutating func argumentList() throws(Diagnostic) -> [CallArgument] {
        var arguments: [CallArgument] = []
        while !check(.rparen) {
            if case .identifier(let label) = peek.kind, peek(1).kind == .colon {
                let labelRange = advance().range
                advance()
                arguments.append(CallArgument(label: label, labelRange: labelRange, value: try expression()))
            } else {
                arguments.append(CallArgument(label: nil, labelRange: nil, value: try expression()))
            }
            if !match(.comma) { break }
        }
        return arguments
    }

    // indices → index (',' index)*      index → expr | expr? ':' expr? (':' expr?)?
    private mutating func indexList() throws(Diagnostic) -> [IndexExpr] {
        var items: [IndexExpr] = []
        repeat {
            let start = peek.range
            var first: Expr?
            if !check(.colon) {
                first = try expression()
            }
            if match(.colon) {
                var stop: Expr?, step: Expr?
                if !check(.colon) && !check(.comma) && !check(.rbracket) { stop = try expression() }
                if match(.colon) {
                    if !check(.comma) && !check(.rbracket) { step = try expression() }
                }
                items.append(.slice(start: first, stop: stop, step: step, start.joined(tokens[max(0, current - 1)].range)))
            } else if let first {
                items.append(.at(first))
            } else {
                throw error("expected an index, found \(peek.describe)")
            }
        } while match(.comma)
        return items
    }

    // primary → NUMBER | STRING | IDENT | '(' expr ')' | '[' (expr (',' expr)* ','?)? ']'
    private mutating func primary() throws(Diagnostic) -> Expr {
        let token = peek
        switch token.kind {
        case .number(let value):
            advance()
            return .number(value, token.range)
        case .string(let text):
            advance()
            return .string(text, token.range)
        case .identifier(let name):
            advance()
            return .variable(name, token.range)
        case .lparen:
            advance()
            let inner = try expression()
            let close = try expect(.rparen, "')'")
            // Keep the parenthesised range so errors underline what was written.
            return Parser.withRange(inner, token.range.joined(close.range))
        case .lbracket:
            try descend()
            defer { depth -= 1 }
            advance()
            var elements: [Expr] = []
            while !check(.rbracket) {
                elements.append(try expression())
                if !match(.comma) { break }
            }
            let close = try expect(.rbracket, "']' or ',' in the list")
            return .list(elements, token.range.joined(close.range))
        default:
            throw error("expected an expression, found \(token.describe)")
        }
    }

    private static func withRange(_ e: Expr, _ r: SourceRange) -> Expr {
        switch e {
        case .number(let v, _): return .number(v, r)
        case .string(let v, _): return .string(v, r)
        case .variable(let v, _): return .variable(v, r)
        case .list(let v, _): return .list(v, r)
        case .unary(let op, let a, _): return .unary(op, a, r)
        case .binary(let op, let a, let b, _): return .binary(op, a, b, r)
        case .call(let f, let a, _): return .call(f, a, r)
        case .index(let x, let i, _): return .index(x, i, r)
        case .transpose(let x, _): return .transpose(x, r)
        case .conditional(let c, let a, let b, _): return .conditional(c, a, b, r)
        }
    }
}
