import AttnLang

/// Compound statements: blocks, `if`, `while`, `for`, `with` and decorators
/// (`def` and `class` are PyParser+Functions.swift's).
extension PyParser {
    // block -> NEWLINE INDENT statement+ DEDENT | simple_stmts
    mutating func block(after construct: String, line: Int) throws(Diagnostic) -> [PyStmt] {
        guard matchNewline() else { return try simpleStatements() }
        guard peek.kind == .indent else {
            throw error("expected an indented block after \(construct) on line \(line)", kind: "IndentationError")
        }
        advance()
        var body: [PyStmt] = []
        while peek.kind != .dedent && !atEnd {
            body += try statement()
        }
        if peek.kind == .dedent { advance() } else if let lexError { throw lexError }
        return body
    }

    /// The `:` that opens a block.
    mutating func colon() throws(Diagnostic) {
        try expect(.colon, "expected ':'")
    }

    // if_stmt -> 'if' named_expression ':' block elif_stmt* else_block?
    mutating func ifStatement() throws(Diagnostic) -> PyStmt {
        let keyword = advance()
        var branches: [(PyExpr, [PyStmt])] = []
        var condition = try namedExpression()
        try colon()
        var body = try block(after: "'if' statement", line: keyword.line)
        branches.append((condition, body))
        var orElse: [PyStmt] = []
        while check(.elif) {
            let elif = advance()
            condition = try namedExpression()
            try colon()
            body = try block(after: "'elif' statement", line: elif.line)
            branches.append((condition, body))
        }
        if check(.else) {
            let elseToken = advance()
            try colon()
            orElse = try block(after: "'else' statement", line: elseToken.line)
        }
        return .if(branches, orElse, keyword.range.joined(lastRange))
    }

    /// The range of the last token consumed, not counting the tokens that
    /// end lines and blocks (a block's range ends with its last statement).
    var lastRange: SourceRange {
        var i = max(0, index - 1)
        while i > 0, [.newline, .indent, .dedent].contains(tokens[i].kind) { i -= 1 }
        return tokens[i].range
    }

    // while_stmt -> 'while' named_expression ':' block else_block?
    mutating func whileStatement() throws(Diagnostic) -> PyStmt {
        let keyword = advance()
        let condition = try namedExpression()
        try colon()
        let body = try loopBody(after: "'while' statement", line: keyword.line)
        var orElse: [PyStmt] = []
        if check(.else) {
            let elseToken = advance()
            try colon()
            orElse = try block(after: "'else' statement", line: elseToken.line)
        }
        return .while(condition, body, orElse: orElse, keyword.range.joined(lastRange))
    }

    mutating func loopBody(after construct: String, line: Int) throws(Diagnostic) -> [PyStmt] {
        let saved = inLoop
        inLoop = true
        defer { inLoop = saved }
        return try block(after: construct, line: line)
    }

    // for_stmt -> 'for' star_targets 'in' star_expressions ':' block else_block?
    mutating func forStatement() throws(Diagnostic) -> PyStmt {
        let keyword = advance()
        let target = try targetList()
        guard match(.in) else { throw error("invalid syntax") }
        let iterable = try starExpressions()
        try colon()
        let body = try loopBody(after: "'for' statement", line: keyword.line)
        var orElse: [PyStmt] = []
        if check(.else) {
            let elseToken = advance()
            try colon()
            orElse = try block(after: "'else' statement", line: elseToken.line)
        }
        return .for(target, iterable, body, orElse: orElse, keyword.range.joined(lastRange))
    }

    // with_stmt -> 'with' with_item (',' with_item)* ':' block
    // with_item -> expression ('as' star_target)?
    mutating func withStatement() throws(Diagnostic) -> PyStmt {
        let keyword = advance()
        var items: [(PyExpr, PyExpr?)] = []
        let parenthesized = check(.leftParen) && parenthesizedWithItems()
        if parenthesized { advance() }
        repeat {
            if parenthesized && check(.rightParen) { break }
            let context = try expression()
            var target: PyExpr?
            if match(.as) {
                let t = try starTarget()
                try checkTarget(t, assigning: true)
                target = t
            }
            items.append((context, target))
        } while match(.comma)
        if parenthesized { try expect(.rightParen) }
        try colon()
        let body = try block(after: "'with' statement", line: keyword.line)
        return .with(items, body, keyword.range.joined(lastRange))
    }

    // try_stmt -> 'try' ':' block (except_block+ else_block? finally_block? | finally_block)
    // except_block -> 'except' (expression ('as' NAME)?)? ':' block
    mutating func tryStatement() throws(Diagnostic) -> PyStmt {
        let keyword = advance()
        try colon()
        let body = try block(after: "'try' statement", line: keyword.line)
        var handlers: [PyExceptHandler] = []
        var sawBare = false
        while check(.except) {
            let start = advance()
            if sawBare { throw Diagnostic("SyntaxError: default 'except:' must be last", at: start.range) }
            if check(.star) { throw unsupported("except* (exception groups)", at: peek) }
            var type: PyExpr?
            var name: String?
            if !check(.colon) {
                type = try expression()
                if match(.as) { name = try expectName().0 }
            } else {
                sawBare = true
            }
            try colon()
            let handlerBody = try block(after: "'except' statement", line: start.line)
            handlers.append(PyExceptHandler(type: type, name: name, body: handlerBody, range: start.range.joined(lastRange)))
        }
        var orElse: [PyStmt] = []
        if !handlers.isEmpty, check(.else) {
            let elseToken = advance()
            try colon()
            orElse = try block(after: "'else' statement", line: elseToken.line)
        }
        var final: [PyStmt] = []
        if check(.finally) {
            let finallyToken = advance()
            try colon()
            final = try block(after: "'finally' statement", line: finallyToken.line)
        }
        if handlers.isEmpty && final.isEmpty {
            throw Diagnostic("SyntaxError: expected 'except' or 'finally' block", at: peek.range)
        }
        return .try(body, handlers, orElse: orElse, finally: final, keyword.range.joined(lastRange))
    }

    /// `with (a as b, c as d):` (3.10's parenthesized items) rather than
    /// `with (expression):`.
    private func parenthesizedWithItems() -> Bool {
        var i = index + 1, level = 0
        while i < tokens.count {
            switch tokens[i].kind {
            case .op(.leftParen), .op(.leftBracket), .op(.leftBrace): level += 1
            case .op(.rightParen) where level == 0: return false
            case .op(.rightParen), .op(.rightBracket), .op(.rightBrace): level -= 1
            case .keyword(.as) where level == 0: return true
            case .newline, .end: return false
            default: break
            }
            i += 1
        }
        return false
    }

    // decorated -> ('@' named_expression NEWLINE)+ (function_def | class_def)
    mutating func decorated() throws(Diagnostic) -> PyStmt {
        var decorators: [PyExpr] = []
        while match(.at) {
            decorators.append(try namedExpression())
            guard matchNewline() else { throw error("invalid syntax") }
        }
        if check(.def) { return try functionDefinition(decorators: decorators) }
        if check(.class) { return try classDefinition(decorators: decorators) }
        if check(.async) { throw unsupported("async functions and statements", at: peek) }
        throw error("invalid syntax")
    }
}
