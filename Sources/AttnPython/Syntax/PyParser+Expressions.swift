import AttnLang

/// Binary operator levels between comparisons and unary operators, loosest
/// first (Python's precedence; all left-associative).
enum PyBinaryLevel: Int {
    /// `|`: bitwise or, set union.
    case bitOr
    /// `^`: bitwise exclusive or.
    case bitXor
    /// `&`: bitwise and, set intersection.
    case bitAnd
    /// `<<`, `>>`.
    case shift
    /// `+`, `-`.
    case sum
    /// `*`, `@`, `/`, `//`, `%`.
    case term

    var operators: [PyOperator: PyBinaryOp] {
        switch self {
        case .bitOr: return [.pipe: .or]
        case .bitXor: return [.caret: .xor]
        case .bitAnd: return [.ampersand: .and]
        case .shift: return [.shiftLeft: .shiftLeft, .shiftRight: .shiftRight]
        case .sum: return [.plus: .add, .minus: .subtract]
        case .term: return [.star: .multiply, .at: .matmul, .slash: .divide, .doubleSlash: .floorDivide, .percent: .modulo]
        }
    }

    var tighter: PyBinaryLevel? { PyBinaryLevel(rawValue: rawValue + 1) }
}

extension PyParser {
    /// The longest chain of operators or trailers one expression may have
    /// (evaluation recurses once per link; CPython also refuses very long
    /// chains, with a RecursionError during compilation).
    static let maxChain = 3000

    /// Enters one level of nesting, or fails past `maxDepth`.
    mutating func enter() throws(Diagnostic) {
        depth += 1
        if depth > PyParser.maxDepth { throw error("too many nested parentheses") }
    }

    // star_expressions -> star_expression (',' star_expression)* ','?
    mutating func starExpressions() throws(Diagnostic) -> PyExpr {
        let first = try starExpression()
        guard check(.comma) else {
            if case .starred(_, let r) = first { throw Diagnostic("SyntaxError: can't use starred expression here", at: r) }
            return first
        }
        var items = [first]
        var end = first.range
        while check(.comma) {
            end = advance().range
            if !canStartExpression { break }
            let item = try starExpression()
            items.append(item)
            end = item.range
        }
        return .tuple(items, first.range.joined(end))
    }

    /// Whether the current token can begin an expression (ends a list after a trailing comma otherwise).
    var canStartExpression: Bool {
        switch peek.kind {
        case .name, .int, .float, .string: return true
        case .keyword(let k): return [.None, .True, .False, .not, .lambda, .await, .yield].contains(k)
        case .op(let o): return [.leftParen, .leftBracket, .leftBrace, .minus, .plus, .tilde, .star, .ellipsis].contains(o)
        case .newline, .indent, .dedent, .end: return false
        }
    }

    // star_expression -> '*' bitwise_or | expression
    mutating func starExpression() throws(Diagnostic) -> PyExpr {
        if check(.star) {
            let star = advance()
            let value = try bitwiseOr()
            return .starred(value, star.range.joined(value.range))
        }
        return try expression()
    }

    // named_expression -> expression (':=' is refused)
    mutating func namedExpression() throws(Diagnostic) -> PyExpr {
        let value = try expression()
        if check(.walrus) { throw unsupported("assignment expressions (:=)", at: peek) }
        return value
    }

    // expression -> disjunction ('if' disjunction 'else' expression)? | lambdef
    mutating func expression() throws(Diagnostic) -> PyExpr {
        try enter()
        defer { depth -= 1 }
        if check(.lambda) { return try lambda() }
        let body = try disjunction()
        guard check(.if) else { return body }
        advance()
        let condition = try disjunction()
        guard match(.else) else { throw error("expected 'else' after 'if' expression") }
        let other = try expression()
        return .conditional(condition: condition, yes: body, no: other, body.range.joined(other.range))
    }

    // disjunction -> conjunction ('or' conjunction)*
    mutating func disjunction() throws(Diagnostic) -> PyExpr {
        var left = try conjunction()
        var links = 0
        while match(.or) {
            let right = try conjunction()
            links += 1
            try checkChain(links)
            left = .logical(isAnd: false, left, right, left.range.joined(right.range))
        }
        return left
    }

    // conjunction -> inversion ('and' inversion)*
    mutating func conjunction() throws(Diagnostic) -> PyExpr {
        var left = try inversion()
        var links = 0
        while match(.and) {
            let right = try inversion()
            links += 1
            try checkChain(links)
            left = .logical(isAnd: true, left, right, left.range.joined(right.range))
        }
        return left
    }

    // inversion -> 'not' inversion | comparison
    mutating func inversion() throws(Diagnostic) -> PyExpr {
        if check(.not) {
            let keyword = advance()
            try enter()
            defer { depth -= 1 }
            let operand = try inversion()
            return .not(operand, keyword.range.joined(operand.range))
        }
        return try comparison()
    }

    // comparison -> bitwise_or (compare_op bitwise_or)*
    // compare_op -> '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not' 'in' | 'is' | 'is' 'not'
    mutating func comparison() throws(Diagnostic) -> PyExpr {
        let first = try bitwiseOr()
        var rest: [(PyCompareOp, PyExpr)] = []
        while let op = compareOperator() {
            let operand = try bitwiseOr()
            rest.append((op, operand))
            try checkChain(rest.count)
        }
        guard let last = rest.last else { return first }
        return .compare(first, rest, first.range.joined(last.1.range))
    }

    private mutating func compareOperator() -> PyCompareOp? {
        switch peek.kind {
        case .op(.less): advance(); return .less
        case .op(.greater): advance(); return .greater
        case .op(.lessEqual): advance(); return .lessEqual
        case .op(.greaterEqual): advance(); return .greaterEqual
        case .op(.equal): advance(); return .equal
        case .op(.notEqual): advance(); return .notEqual
        case .keyword(.in): advance(); return .in
        case .keyword(.not) where peek(1).isKeyword(.in): advance(); advance(); return .notIn
        case .keyword(.is):
            advance()
            return match(.not) ? .isNot : .is
        default: return nil
        }
    }

    // bitwise_or -> the binary levels of `PyBinaryLevel`, then factor
    mutating func bitwiseOr() throws(Diagnostic) -> PyExpr {
        try binary(.bitOr)
    }

    // binary(level) -> binary(tighter) (op binary(tighter))*
    private mutating func binary(_ level: PyBinaryLevel) throws(Diagnostic) -> PyExpr {
        func operand(_ p: inout PyParser) throws(Diagnostic) -> PyExpr {
            if let tighter = level.tighter { return try p.binary(tighter) }
            return try p.factor()
        }
        var left = try operand(&self)
        var links = 0
        while case .op(let o) = peek.kind, let op = level.operators[o] {
            advance()
            let right = try operand(&self)
            links += 1
            try checkChain(links)
            left = .binary(op, left, right, left.range.joined(right.range))
        }
        return left
    }

    func checkChain(_ links: Int) throws(Diagnostic) {
        if links > PyParser.maxChain {
            throw Diagnostic("RecursionError: maximum recursion depth exceeded during compilation (a chain of more than \(PyParser.maxChain) operations)", at: peek.range)
        }
    }

    // factor -> ('+' | '-' | '~') factor | power
    mutating func factor() throws(Diagnostic) -> PyExpr {
        let op: PyUnaryOp?
        switch peek.kind {
        case .op(.minus): op = .negate
        case .op(.plus): op = .plus
        case .op(.tilde): op = .invert
        default: op = nil
        }
        guard let op else { return try power() }
        let token = advance()
        try enter()
        defer { depth -= 1 }
        let operand = try factor()
        return .unary(op, operand, token.range.joined(operand.range))
    }

    // power -> primary ('**' factor)?      (right-associative: 2 ** -1, 2 ** 3 ** 2)
    mutating func power() throws(Diagnostic) -> PyExpr {
        if check(.await) { throw unsupported("async functions and statements", at: peek) }
        let base = try primary()
        guard match(.doubleStar) else { return base }
        try enter()
        defer { depth -= 1 }
        let exponent = try factor()
        return .binary(.power, base, exponent, base.range.joined(exponent.range))
    }

    // primary -> atom ('.' NAME | '(' arguments? ')' | '[' slices ']')*
    mutating func primary() throws(Diagnostic) -> PyExpr {
        var value = try atom()
        var links = 0
        while true {
            if match(.dot) {
                let (name, range) = try expectName()
                value = .attribute(value, name, range, value.range.joined(range))
            } else if check(.leftParen) {
                advance()
                let arguments = try callArguments()
                let close = try expect(.rightParen, "'(' was never closed")
                value = .call(value, arguments, value.range.joined(close.range))
            } else if check(.leftBracket) {
                advance()
                let index = try slices()
                let close = try expect(.rightBracket, "'[' was never closed")
                value = .subscription(value, index, value.range.joined(close.range))
            } else {
                return value
            }
            links += 1
            try checkChain(links)
        }
    }

    // arguments -> (argument (',' argument)*)? ','?
    // argument  -> '*' expression | '**' expression | NAME '=' expression | expression for_if_clauses?
    mutating func callArguments() throws(Diagnostic) -> [PyArgument] {
        var arguments: [PyArgument] = []
        var sawKeyword = false, sawDoubleStar = false
        while !check(.rightParen) {
            if check(.star) {
                advance()
                arguments.append(.unpacked(try expression()))
            } else if check(.doubleStar) {
                advance()
                arguments.append(.unpackedKeywords(try expression()))
                sawDoubleStar = true
            } else if case .name(let name) = peek.kind, peek(1).isOp(.assign) {
                let nameRange = advance().range
                advance()
                arguments.append(.keyword(name, try expression(), nameRange: nameRange))
                sawKeyword = true
            } else {
                let start = peek
                let value = try namedExpression()
                if check(.assign) {
                    throw Diagnostic("SyntaxError: expression cannot contain assignment, perhaps you meant \"==\"?", at: value.range)
                }
                if check(.for) || check(.async) {
                    let clauses = try comprehensionClauses()
                    arguments.append(.positional(.comprehension(.generator, value, clauses, value.range.joined(lastRange))))
                    if arguments.count > 1 || (check(.comma) && !peek(1).isOp(.rightParen)) {
                        throw Diagnostic("SyntaxError: Generator expression must be parenthesized", at: value.range.joined(lastRange))
                    }
                } else {
                    if sawDoubleStar {
                        throw error("positional argument follows keyword argument unpacking", at: start)
                    }
                    if sawKeyword { throw error("positional argument follows keyword argument", at: start) }
                    arguments.append(.positional(value))
                }
            }
            if !match(.comma) { break }
        }
        return arguments
    }

    // slices -> slice (',' slice)* ','?
    mutating func slices() throws(Diagnostic) -> PyExpr {
        let first = try slice()
        guard check(.comma) else { return first }
        var items = [first]
        var end = first.range
        while check(.comma) {
            end = advance().range
            if check(.rightBracket) { break }
            let item = try slice()
            items.append(item)
            end = item.range
        }
        return .tuple(items, first.range.joined(end))
    }

    // slice -> expression? ':' expression? (':' expression?)? | star_expression
    mutating func slice() throws(Diagnostic) -> PyExpr {
        let startToken = peek
        var lower: PyExpr?
        if !check(.colon) {
            if check(.star) { return try starExpression() }
            lower = try namedExpression()
            guard check(.colon) else {
                if let lower { return lower }
                throw error("invalid syntax")
            }
        }
        advance()
        var upper: PyExpr?, step: PyExpr?
        if !check(.colon) && !check(.comma) && !check(.rightBracket) { upper = try expression() }
        if match(.colon) {
            if !check(.comma) && !check(.rightBracket) { step = try expression() }
        }
        return .slice(lower, upper, step, startToken.range.joined(lastRange))
    }

    // for_if_clauses -> ('for' star_targets 'in' disjunction ('if' disjunction)*)+
    mutating func comprehensionClauses() throws(Diagnostic) -> [PyComprehensionClause] {
        var clauses: [PyComprehensionClause] = []
        while check(.for) || check(.async) {
            if check(.async) { throw unsupported("async functions and statements", at: peek) }
            advance()
            let target = try targetList()
            guard match(.in) else { throw error("invalid syntax") }
            clauses.append(.for(target: target, iterable: try disjunction()))
            while match(.if) { clauses.append(.if(try disjunction())) }
        }
        return clauses
    }
}

extension String {
    /// The string with the first occurrence of `target` replaced.
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let r = range(of: target) else { return self }
        return replacingCharacters(in: r, with: replacement)
    }
}
