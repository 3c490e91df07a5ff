import AttnLang

/// Atoms: names, literals, strings and f-strings (their fields parsed here),
/// and the displays of tuples, lists, dicts and sets with their comprehensions.
extension PyParser {
    // atom -> NAME | 'True' | 'False' | 'None' | NUMBER | strings | '...'
    //       | '(' (yield | star_named_expressions | genexp)? ')'
    //       | '[' (star_named_expressions | listcomp)? ']'
    //       | '{' (dict | set | dictcomp | setcomp)? '}'
    mutating func atom() throws(Diagnostic) -> PyExpr {
        let token = peek
        switch token.kind {
        case .name(let name):
            advance()
            return .name(name, token.range)
        case .keyword(.None): advance(); return .constant(.none, token.range)
        case .keyword(.True): advance(); return .constant(.true, token.range)
        case .keyword(.False): advance(); return .constant(.false, token.range)
        case .int(let v): advance(); return .constant(.int(v), token.range)
        case .float(let v): advance(); return .constant(.float(v), token.range)
        case .op(.ellipsis): advance(); return .constant(.ellipsis, token.range)
        case .string: return try strings()
        case .op(.leftParen): return try parenthesized()
        case .op(.leftBracket): return try listDisplay()
        case .op(.leftBrace): return try braceDisplay()
        case .keyword(.yield): throw unsupported("generator functions (yield)", at: token)
        case .keyword(.lambda): return try lambda()
        case .op(.walrus): throw unsupported("assignment expressions (:=)", at: token)
        default:
            throw error("invalid syntax")
        }
    }

    // strings -> STRING+      (adjacent literals join; any f-string makes the whole an f-string)
    private mutating func strings() throws(Diagnostic) -> PyExpr {
        var parts: [FormattedPart] = []
        var formatted = false
        var range = peek.range
        while case .string(let literal) = peek.kind {
            range = range.joined(advance().range)
            switch literal {
            case .plain(let text): parts.append(.text(text))
            case .formatted(let pieces):
                formatted = true
                parts += try formattedParts(pieces, line: tokens[index - 1].line)
            }
        }
        if formatted { return .formatted(parts, range) }
        var text = ""
        for case .text(let t) in parts { text += t }
        return .constant(.string(text), range)
    }

    /// An f-string's pieces with each field's expression parsed.
    private mutating func formattedParts(_ pieces: [FStringPiece], line: Int) throws(Diagnostic) -> [FormattedPart] {
        var parts: [FormattedPart] = []
        for piece in pieces {
            switch piece {
            case .text(let t):
                parts.append(.text(t))
            case .field(let field):
                var lexer = PyLexer(source, bytes: bytes, from: field.expression.start, to: field.expression.end, line: line, fieldMode: true)
                try lexer.run()
                let end = PyToken(kind: .end, range: SourceRange(field.expression.end, field.expression.end), line: line)
                var sub = PyParser(source, bytes: bytes, tokens: lexer.tokens + [end], lexError: nil)
                sub.depth = depth
                let value: PyExpr
                do throws(Diagnostic) {
                    value = try sub.starExpressions()
                    guard sub.atEnd else { throw sub.error("f-string: invalid syntax") }
                } catch {
                    // Inside an f-string, running out of tokens is a plain error.
                    var e = error
                    e.kind = .error
                    if !e.message.contains("f-string") {
                        e.message = e.message.replacingFirst("SyntaxError: ", with: "SyntaxError: f-string: ")
                    }
                    throw e
                }
                let spec = try field.spec.map { (s: [FStringPiece]) throws(Diagnostic) in try formattedParts(s, line: line) }
                parts.append(.field(value, conversion: field.conversion, spec: spec, selfDocumenting: field.selfDocumenting))
            }
        }
        return parts
    }

    // '(' ... ')': the empty tuple, a group, a tuple or a generator expression
    private mutating func parenthesized() throws(Diagnostic) -> PyExpr {
        let open = advance()
        if check(.rightParen) {
            return .tuple([], open.range.joined(advance().range))
        }
        if check(.yield) { throw unsupported("generator functions (yield)", at: peek) }
        try enter()
        defer { depth -= 1 }
        let first = try starOrNamed()
        if check(.for) || check(.async) {
            let clauses = try comprehensionClauses()
            let close = try expect(.rightParen, "'(' was never closed")
            return .comprehension(.generator, first, clauses, open.range.joined(close.range))
        }
        if check(.rightParen) {
            let close = advance()
            if case .starred(_, let r) = first { throw Diagnostic("SyntaxError: cannot use starred expression here", at: r) }
            // A group keeps the inner expression's own range, except a tuple,
            // which now includes its parentheses.
            if case .tuple(let items, _) = first { return .tuple(items, open.range.joined(close.range)) }
            return first
        }
        var items = [first]
        while match(.comma) {
            if check(.rightParen) { break }
            items.append(try starOrNamed())
        }
        let close = try expect(.rightParen, "'(' was never closed")
        return .tuple(items, open.range.joined(close.range))
    }

    private mutating func starOrNamed() throws(Diagnostic) -> PyExpr {
        if check(.star) { return try starExpression() }
        return try namedExpression()
    }

    // '[' ... ']': a list or a list comprehension
    private mutating func listDisplay() throws(Diagnostic) -> PyExpr {
        let open = advance()
        try enter()
        defer { depth -= 1 }
        if check(.rightBracket) { return .list([], open.range.joined(advance().range)) }
        let first = try starOrNamed()
        if check(.for) || check(.async) {
            let clauses = try comprehensionClauses()
            let close = try expect(.rightBracket, "'[' was never closed")
            return .comprehension(.list, first, clauses, open.range.joined(close.range))
        }
        var items = [first]
        while match(.comma) {
            if check(.rightBracket) { break }
            items.append(try starOrNamed())
        }
        let close = try expect(.rightBracket, "'[' was never closed")
        return .list(items, open.range.joined(close.range))
    }

    // '{' ... '}': a dict, a set, or their comprehensions
    private mutating func braceDisplay() throws(Diagnostic) -> PyExpr {
        let open = advance()
        try enter()
        defer { depth -= 1 }
        if check(.rightBrace) { return .dict([], open.range.joined(advance().range)) }
        if check(.doubleStar) || isDictStart() { return try dictDisplay(open) }
        let first = try starOrNamed()
        if check(.for) || check(.async) {
            let clauses = try comprehensionClauses()
            let close = try expect(.rightBrace, "'{' was never closed")
            return .comprehension(.set, first, clauses, open.range.joined(close.range))
        }
        var items = [first]
        while match(.comma) {
            if check(.rightBrace) { break }
            items.append(try starOrNamed())
        }
        let close = try expect(.rightBrace, "'{' was never closed")
        return .set(items, open.range.joined(close.range))
    }

    /// Whether the first item of a `{` display is followed by `:` (a dict).
    private func isDictStart() -> Bool {
        var i = index, level = 0
        while i < tokens.count {
            switch tokens[i].kind {
            case .op(.leftParen), .op(.leftBracket), .op(.leftBrace): level += 1
            case .op(.rightParen), .op(.rightBracket): level -= 1
            case .op(.rightBrace):
                if level == 0 { return false }
                level -= 1
            case .op(.colon) where level == 0: return true
            case .op(.comma) where level == 0: return false
            case .keyword(.for) where level == 0: return false
            case .keyword(.lambda) where level == 0: return false
            case .end: return false
            default: break
            }
            i += 1
        }
        return false
    }

    // dict -> '{' (kvpair | '**' bitwise_or) (',' ...)* ','? '}' | '{' kvpair for_if_clauses '}'
    private mutating func dictDisplay(_ open: PyToken) throws(Diagnostic) -> PyExpr {
        var items: [PyDictItem] = []
        repeat {
            if check(.rightBrace) { break }
            if match(.doubleStar) {
                items.append(.unpacked(try bitwiseOr()))
                continue
            }
            let key = try expression()
            try expect(.colon, "':' expected after dictionary key")
            let value = try expression()
            if items.isEmpty && (check(.for) || check(.async)) {
                let clauses = try comprehensionClauses()
                let close = try expect(.rightBrace, "'{' was never closed")
                return .dictComprehension(key: key, value: value, clauses, open.range.joined(close.range))
            }
            items.append(.pair(key, value))
        } while match(.comma)
        let close = try expect(.rightBrace, "'{' was never closed")
        return .dict(items, open.range.joined(close.range))
    }
}
