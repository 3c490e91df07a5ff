import AttnLang

/// Tokens to statements: one parse function per grammar rule, each opened
/// by its rule (CPython's grammar, cut down to what the dialect runs).
/// Statements: this file; expressions: PyParser+Expressions.swift; `def`,
/// `lambda`, `class` and the scope of names: PyParser+Functions.swift;
/// assignment targets: PyParser+Targets.swift.
///
/// Every error is a `Diagnostic` whose message starts with the exception
/// CPython raises (`SyntaxError: invalid syntax`, `IndentationError: expected
/// an indented block after 'if' statement on line 1`); a construct attn does
/// not run yet says so by name (`match statements are not supported yet`).
/// When the input ends inside a construct (an open block, bracket or string)
/// the diagnostic's kind is `.incompleteInput`.
struct PyParser {
    let source: SourceFile
    let bytes: [UInt8]
    var tokens: [PyToken]
    var index = 0
    /// The lexer's error, standing at the last token (`tokens` ends where it stopped).
    let lexError: Diagnostic?
    /// Expression nesting, bounded (CPython: "too many nested parentheses").
    var depth = 0
    static let maxDepth = 200
    /// Whether a `return` may stand here, and a `break` or `continue`.
    var inFunction = false
    var inLoop = false

    init(_ source: SourceFile, bytes: [UInt8], tokens: [PyToken], lexError: Diagnostic?) {
        self.source = source
        self.bytes = bytes
        var tokens = tokens
        if tokens.last?.kind != .end {
            let at = lexError?.range.start ?? bytes.count
            tokens.append(PyToken(kind: .end, range: SourceRange(at, at), line: tokens.last?.line ?? 1))
        }
        self.tokens = tokens
        self.lexError = lexError
    }

    /// The top-level statements of `source`, each parsed or the error that
    /// stopped it; after an error, parsing resumes at the next line that
    /// starts a top-level statement.
    static func parseModule(_ source: SourceFile) -> [Result<PyStmt, Diagnostic>] {
        let (tokens, lexError) = PyLexer.tokenize(source)
        var parser = PyParser(source, bytes: Array(source.text.utf8), tokens: tokens, lexError: lexError)
        var out: [Result<PyStmt, Diagnostic>] = []
        while !parser.atEnd {
            let start = parser.index
            do throws(Diagnostic) {
                for statement in try parser.statement() { out.append(.success(statement)) }
            } catch {
                // An unclosed bracket is the cause of whatever failed after it (CPython reports it).
                if let lexError, lexError.message.hasSuffix("was never closed"), lexError.range.start <= error.range.start {
                    out.append(.failure(lexError))
                    break
                }
                out.append(.failure(error))
                if error.range == lexError?.range && error.message == lexError?.message { break }
                parser.skipToNextTopLevelStatement(after: start)
            }
        }
        if parser.atEnd, let lexError, !out.contains(where: { if case .failure(let e) = $0 { return e.range == lexError.range } else { return false } }) {
            out.append(.failure(lexError))
        }
        return out
    }

    // MARK: - Tokens

    var peek: PyToken { tokens[min(index, tokens.count - 1)] }
    var atEnd: Bool { peek.isEnd }

    func peek(_ offset: Int) -> PyToken { tokens[min(index + offset, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> PyToken {
        let token = peek
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    func check(_ op: PyOperator) -> Bool { peek.isOp(op) }
    func check(_ keyword: PyKeyword) -> Bool { peek.isKeyword(keyword) }

    mutating func match(_ op: PyOperator) -> Bool {
        guard check(op) else { return false }
        advance()
        return true
    }

    mutating func match(_ keyword: PyKeyword) -> Bool {
        guard check(keyword) else { return false }
        advance()
        return true
    }

    mutating func matchNewline() -> Bool {
        guard peek.kind == .newline else { return false }
        advance()
        return true
    }

    @discardableResult
    mutating func expect(_ op: PyOperator, _ message: String? = nil) throws(Diagnostic) -> PyToken {
        guard check(op) else { throw error(message ?? "expected '\(op.rawValue)'") }
        return advance()
    }

    mutating func expectName() throws(Diagnostic) -> (String, SourceRange) {
        guard case .name(let name) = peek.kind else { throw error("invalid syntax") }
        return (name, advance().range)
    }

    /// A syntax error at the current token; at the end of the tokens, the
    /// lexer's error when it stopped early, else an incomplete input.
    func error(_ message: String, at token: PyToken? = nil, kind: String = "SyntaxError") -> Diagnostic {
        let t = token ?? peek
        if t.isEnd {
            if let lexError { return lexError }
            return Diagnostic("\(kind): \(message)", at: t.range, kind: .incompleteInput)
        }
        return Diagnostic("\(kind): \(message)", at: t.range)
    }

    /// After an error: on to the first token of the next line that starts
    /// at indentation 0 (blocks closed).
    mutating func skipToNextTopLevelStatement(after start: Int) {
        var level = 0
        var i = 0
        var previousEndsLine = true
        while i < tokens.count {
            let t = tokens[i]
            if i > start, previousEndsLine, level == 0, t.kind != .dedent, t.kind != .indent, t.kind != .newline {
                index = i
                return
            }
            switch t.kind {
            case .indent: level += 1
            case .dedent: level -= 1
            default: break
            }
            previousEndsLine = t.kind == .newline || t.kind == .dedent || (previousEndsLine && t.kind == .indent)
            if t.isEnd { break }
            i += 1
        }
        index = tokens.count - 1
    }

    // MARK: - Statements

    // statement -> compound_stmt | simple_stmts
    mutating func statement() throws(Diagnostic) -> [PyStmt] {
        switch peek.kind {
        case .keyword(.if): return [try ifStatement()]
        case .keyword(.while): return [try whileStatement()]
        case .keyword(.for): return [try forStatement()]
        case .keyword(.def): return [try functionDefinition(decorators: [])]
        case .keyword(.class): return [try classDefinition(decorators: [])]
        case .keyword(.with): return [try withStatement()]
        case .op(.at): return [try decorated()]
        case .keyword(.try): return [try tryStatement()]
        case .keyword(.async): throw unsupported("async functions and statements", at: peek)
        case .indent: throw error("unexpected indent", kind: "IndentationError")
        case .name("match") where isSoftKeywordStatement():
            throw unsupported("match statements", at: peek)
        default: return try simpleStatements()
        }
    }

    /// `match x:` (a statement) rather than `match = ...` or `match(x)`.
    private func isSoftKeywordStatement() -> Bool {
        var i = index + 1, brackets = 0
        while i < tokens.count {
            switch tokens[i].kind {
            case .op(.leftParen), .op(.leftBracket), .op(.leftBrace): brackets += 1
            case .op(.rightParen), .op(.rightBracket), .op(.rightBrace): brackets -= 1
            case .op(.colon) where brackets == 0: return i + 1 < tokens.count && tokens[i + 1].kind == .newline
            case .op(.assign) where brackets == 0: return false
            case .newline, .end: return false
            default: break
            }
            i += 1
        }
        return false
    }

    func unsupported(_ what: String, at token: PyToken) -> Diagnostic {
        Diagnostic("\(what) are not supported yet", at: token.range,
                   notes: ["attn runs a subset of Python: see docs/python.md"])
    }

    // simple_stmts -> simple_stmt (';' simple_stmt)* ';'? NEWLINE
    mutating func simpleStatements() throws(Diagnostic) -> [PyStmt] {
        var statements = [try simpleStatement()]
        while match(.semicolon) {
            if peek.kind == .newline {
                // A trailing `;` silences an expression (IPython).
                if case .expression(let e, let r) = statements[statements.count - 1] {
                    statements[statements.count - 1] = .expression(e, SourceRange(r.start, tokens[index - 1].range.end))
                }
                break
            }
            statements.append(try simpleStatement())
        }
        guard peek.kind == .newline else {
            if case .string = peek.kind, case .expression(.name("print", _), _) = statements.last {
                throw error("Missing parentheses in call to 'print'. Did you mean print(...)?")
            }
            throw error("invalid syntax")
        }
        advance()
        return statements
    }

    // simple_stmt -> assignment | star_expressions | return | import | pass | break | continue
    //              | del | assert | global | nonlocal | raise
    mutating func simpleStatement() throws(Diagnostic) -> PyStmt {
        let start = peek
        switch start.kind {
        case .keyword(.pass): advance(); return .pass(start.range)
        case .keyword(.break):
            guard inLoop else { throw Diagnostic("SyntaxError: 'break' outside loop", at: start.range) }
            advance()
            return .break(start.range)
        case .keyword(.continue):
            guard inLoop else { throw Diagnostic("SyntaxError: 'continue' not properly in loop", at: start.range) }
            advance()
            return .continue(start.range)
        case .keyword(.return): return try returnStatement()
        case .keyword(.import): return try importStatement()
        case .keyword(.from): return try fromImport()
        case .keyword(.del): return try deleteStatement()
        case .keyword(.assert): return try assertStatement()
        case .keyword(.global), .keyword(.nonlocal): return try declaration()
        case .keyword(.raise): return try raiseStatement()
        case .keyword(.yield): throw unsupported("generator functions (yield)", at: start)
        case .keyword(.except), .keyword(.finally):
            throw Diagnostic("SyntaxError: invalid syntax", at: start.range)
        default: return try expressionStatement()
        }
    }

    // expression_stmt -> star_expressions (('=' star_expressions)+ | augassign expression | ':' expression ('=' expression)?)?
    mutating func expressionStatement() throws(Diagnostic) -> PyStmt {
        let first = try starExpressions()
        if check(.colon), case .name = first {
            advance()
            _ = try expression()
            var value: PyExpr?
            if match(.assign) { value = try starExpressions() }
            return .annotated(first, value, first.range.joined(value?.range ?? first.range))
        }
        if let op = PyParser.augmented[peek.kind] {
            let opToken = advance()
            try checkAugmentedTarget(first, op: opToken)
            let value = try starExpressions()
            return .augmented(first, op, value, first.range.joined(value.range))
        }
        guard check(.assign) else { return .expression(first, first.range) }
        var items = [first]
        while match(.assign) {
            if check(.yield) { throw unsupported("generator functions (yield)", at: peek) }
            items.append(try starExpressions())
        }
        let value = items.removeLast()
        for target in items { try checkTarget(target, assigning: true) }
        return .assign(items, value, first.range.joined(value.range))
    }

    static let augmented: [PyToken.Kind: PyBinaryOp] = [
        .op(.plusAssign): .add, .op(.minusAssign): .subtract, .op(.starAssign): .multiply, .op(.atAssign): .matmul,
        .op(.slashAssign): .divide, .op(.doubleSlashAssign): .floorDivide, .op(.percentAssign): .modulo,
        .op(.doubleStarAssign): .power, .op(.shiftLeftAssign): .shiftLeft, .op(.shiftRightAssign): .shiftRight,
        .op(.ampersandAssign): .and, .op(.pipeAssign): .or, .op(.caretAssign): .xor,
    ]

    // return_stmt -> 'return' star_expressions?
    mutating func returnStatement() throws(Diagnostic) -> PyStmt {
        let keyword = advance()
        guard inFunction else { throw Diagnostic("SyntaxError: 'return' outside function", at: keyword.range) }
        if peek.kind == .newline || check(.semicolon) { return .return(nil, keyword.range) }
        let value = try starExpressions()
        return .return(value, keyword.range.joined(value.range))
    }

    // import_name -> 'import' dotted_as_name (',' dotted_as_name)*
    mutating func importStatement() throws(Diagnostic) -> PyStmt {
        let keyword = advance()
        var names = [try dottedAsName()]
        while match(.comma) { names.append(try dottedAsName()) }
        return .import(names, keyword.range.joined(names[names.count - 1].range))
    }

    // dotted_as_name -> dotted_name ('as' NAME)?
    mutating func dottedAsName() throws(Diagnostic) -> PyImportName {
        let (dotted, range) = try dottedName()
        var alias: String?
        var end = range
        if match(.as) {
            let (name, r) = try expectName()
            alias = name
            end = r
        }
        return PyImportName(dotted: dotted, alias: alias, range: range.joined(end))
    }

    // dotted_name -> NAME ('.' NAME)*
    mutating func dottedName() throws(Diagnostic) -> ([String], SourceRange) {
        if check(.dot) || check(.ellipsis) {
            throw Diagnostic("relative imports (from . import x) are not supported yet", at: peek.range)
        }
        let (first, start) = try expectName()
        var parts = [first], range = start
        while match(.dot) {
            let (next, r) = try expectName()
            parts.append(next)
            range = range.joined(r)
        }
        return (parts, range)
    }

    // import_from -> 'from' dotted_name 'import' ('*' | '(' import_as_names ')' | import_as_names)
    mutating func fromImport() throws(Diagnostic) -> PyStmt {
        let keyword = advance()
        let (dotted, moduleRange) = try dottedName()
        let module = PyImportName(dotted: dotted, alias: nil, range: moduleRange)
        guard match(.import) else { throw error("invalid syntax") }
        if check(.star) {
            let star = advance()
            return .importFrom(module, nil, keyword.range.joined(star.range))
        }
        let parenthesized = match(.leftParen)
        var names: [PyImportName] = []
        repeat {
            if parenthesized && check(.rightParen) { break }
            let (name, range) = try expectName()
            var alias: String?
            var end = range
            if match(.as) {
                let (a, r) = try expectName()
                alias = a
                end = r
            }
            names.append(PyImportName(dotted: [name], alias: alias, range: range.joined(end)))
        } while match(.comma)
        var last = names.last?.range ?? moduleRange
        if parenthesized { last = try expect(.rightParen).range }
        guard !names.isEmpty else { throw error("invalid syntax") }
        return .importFrom(module, names, keyword.range.joined(last))
    }

    // del_stmt -> 'del' del_targets
    mutating func deleteStatement() throws(Diagnostic) -> PyStmt {
        let keyword = advance()
        var targets: [PyExpr] = []
        repeat {
            if peek.kind == .newline { break }
            let target = try bitwiseOr()
            try checkTarget(target, assigning: false)
            targets.append(target)
        } while match(.comma)
        guard let last = targets.last else { throw error("invalid syntax") }
        return .delete(targets, keyword.range.joined(last.range))
    }

    // assert_stmt -> 'assert' expression (',' expression)?
    mutating func assertStatement() throws(Diagnostic) -> PyStmt {
        let keyword = advance()
        let test = try expression()
        var message: PyExpr?
        if match(.comma) { message = try expression() }
        return .assert(test, message, keyword.range.joined(message?.range ?? test.range))
    }

    // global_stmt -> 'global' NAME (',' NAME)*      (nonlocal alike)
    mutating func declaration() throws(Diagnostic) -> PyStmt {
        let keyword = advance()
        var names: [String] = []
        var range = keyword.range
        repeat {
            let (name, r) = try expectName()
            names.append(name)
            range = range.joined(r)
        } while match(.comma)
        if keyword.isKeyword(.nonlocal) {
            guard inFunction else { throw Diagnostic("SyntaxError: nonlocal declaration not allowed at module level", at: range) }
            return .nonlocal(names, range)
        }
        return .global(names, range)
    }

    // raise_stmt -> 'raise' (expression ('from' expression)?)?
    mutating func raiseStatement() throws(Diagnostic) -> PyStmt {
        let keyword = advance()
        if peek.kind == .newline || check(.semicolon) { return .raise(nil, keyword.range) }
        let value = try expression()
        if check(.from) { throw Diagnostic("raise ... from is not supported yet", at: peek.range) }
        return .raise(value, keyword.range.joined(value.range))
    }
}
