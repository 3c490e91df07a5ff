import AttnLang

/// `def`, `lambda` and `class`, and the static scope of a function's names:
/// as in CPython, a name bound anywhere in a function's body (assigned, a
/// loop or `with` target, imported, defined, deleted, a parameter) is local
/// to the whole function unless declared `global` or `nonlocal`.
extension PyParser {
    // function_def -> 'def' NAME '(' parameters? ')' ('->' expression)? ':' block
    mutating func functionDefinition(decorators: [PyExpr]) throws(Diagnostic) -> PyStmt {
        let keyword = advance()
        let (name, _) = try expectName()
        try expect(.leftParen, "expected '('")
        let parameters = try parameterList(closing: .rightParen, annotations: true)
        try expect(.rightParen, "expected ')'")
        if match(.arrow) { _ = try expression() }
        try colon()
        let saved = (inFunction, inLoop)
        (inFunction, inLoop) = (true, false)
        defer { (inFunction, inLoop) = saved }
        let body = try block(after: "function definition", line: keyword.line)
        let range = keyword.range.joined(lastRange)
        let code = makeFunction(name, parameters, body, isLambda: false, range: range)
        if !saved.0 { try PyParser.checkNonlocals(code, enclosing: []) }
        return .function(code, decorators: decorators, range)
    }

    // lambdef -> 'lambda' parameters? ':' expression
    mutating func lambda() throws(Diagnostic) -> PyExpr {
        let keyword = advance()
        let parameters = try parameterList(closing: .colon, annotations: false)
        try colon()
        let saved = (inFunction, inLoop)
        (inFunction, inLoop) = (true, false)
        defer { (inFunction, inLoop) = saved }
        let body = try expression()
        let range = keyword.range.joined(body.range)
        return .lambda(makeFunction("<lambda>", parameters, [.return(body, body.range)], isLambda: true, range: range), range)
    }

    /// A parsed parameter list.
    struct Parameters {
        var positional: [PyParameter] = []
        var positionalOnly = 0
        var varArgs: String?
        var keywordOnly: [PyParameter] = []
        var varKeywords: String?
        var names: [String] {
            positional.map(\.name) + (varArgs.map { [$0] } ?? []) + keywordOnly.map(\.name) + (varKeywords.map { [$0] } ?? [])
        }
    }

    // parameters -> param (',' param)* ','?
    // param      -> NAME (':' expression)? ('=' expression)? | '/' | '*' NAME? | '**' NAME
    mutating func parameterList(closing: PyOperator, annotations: Bool) throws(Diagnostic) -> Parameters {
        var p = Parameters()
        var seen: Set<String> = []
        var starSeen = false, sawDefault = false
        func add(_ name: String, _ range: SourceRange) throws(Diagnostic) {
            guard seen.insert(name).inserted else {
                throw Diagnostic("SyntaxError: duplicate argument '\(name)' in function definition", at: range)
            }
        }
        while !check(closing) {
            if p.varKeywords != nil { throw error("arguments cannot follow var-keyword argument") }
            if check(.slash) {
                let slash = advance()
                guard !starSeen, p.positionalOnly == 0, !p.positional.isEmpty else {
                    throw Diagnostic("SyntaxError: / must be ahead of *", at: slash.range)
                }
                p.positionalOnly = p.positional.count
            } else if check(.star) {
                let star = advance()
                guard !starSeen else { throw Diagnostic("SyntaxError: * argument may appear only once", at: star.range) }
                starSeen = true
                if case .name(let name) = peek.kind {
                    let range = advance().range
                    try add(name, range)
                    if annotations && match(.colon) { _ = try expression() }
                    p.varArgs = name
                } else if check(closing) || peek(1).isOp(closing) && check(.comma) {
                    throw Diagnostic("SyntaxError: named arguments must follow bare *", at: star.range)
                }
            } else if check(.doubleStar) {
                advance()
                let (name, range) = try expectName()
                try add(name, range)
                if annotations && match(.colon) { _ = try expression() }
                p.varKeywords = name
            } else {
                let (name, range) = try expectName()
                try add(name, range)
                if annotations && match(.colon) { _ = try expression() }
                var value: PyExpr?
                if match(.assign) { value = try expression() }
                let parameter = PyParameter(name: name, defaultValue: value, range: range)
                if starSeen {
                    p.keywordOnly.append(parameter)
                } else {
                    if value != nil {
                        sawDefault = true
                    } else if sawDefault {
                        throw Diagnostic("SyntaxError: non-default argument follows default argument", at: range)
                    }
                    p.positional.append(parameter)
                }
            }
            if !match(.comma) { break }
        }
        return p
    }

    func makeFunction(_ name: String, _ p: Parameters, _ body: [PyStmt], isLambda: Bool, range: SourceRange) -> FunctionCode {
        var scope = NameScope()
        for statement in body { scope.collect(statement) }
        let locals = Set(p.names).union(scope.bound).subtracting(scope.globals).subtracting(scope.nonlocals)
        return FunctionCode(name: name, positional: p.positional, positionalOnly: p.positionalOnly, varArgs: p.varArgs,
                            keywordOnly: p.keywordOnly, varKeywords: p.varKeywords, body: body, isLambda: isLambda,
                            locals: locals, globals: scope.globals, nonlocals: scope.nonlocals, source: source, range: range)
    }

    /// Every `nonlocal` name must be a variable of an enclosing function (a
    /// SyntaxError otherwise, as CPython checks when it compiles).
    static func checkNonlocals(_ code: FunctionCode, enclosing: [Set<String>]) throws(Diagnostic) {
        for name in code.nonlocals where !enclosing.contains(where: { $0.contains(name) }) {
            var at = code.range
            func find(_ body: [PyStmt]) {
                for s in body {
                    if case .nonlocal(let names, let r) = s, names.contains(name) { at = r }
                    s.blocks.forEach(find)
                }
            }
            find(code.body)
            throw Diagnostic("SyntaxError: no binding for nonlocal '\(name)' found", at: at)
        }
        let scopes = enclosing + [code.locals.union(code.nonlocals)]
        func nested(_ body: [PyStmt]) throws(Diagnostic) {
            for s in body {
                if case .function(let inner, _, _) = s { try checkNonlocals(inner, enclosing: scopes) }
                // A class body's methods see the same enclosing functions.
                if case .class(let cls, _, _) = s { try nested(cls.body) }
                for block in s.blocks { try nested(block) }
            }
        }
        try nested(code.body)
    }

    // class_def -> 'class' NAME ('(' arguments? ')')? ':' block
    mutating func classDefinition(decorators: [PyExpr]) throws(Diagnostic) -> PyStmt {
        let keyword = advance()
        let (name, _) = try expectName()
        var bases: [PyExpr] = []
        var keywords: [PyArgument] = []
        if match(.leftParen) {
            for argument in try callArguments() {
                switch argument {
                case .positional(let e): bases.append(e)
                case .keyword, .unpackedKeywords: keywords.append(argument)
                case .unpacked(let e): throw Diagnostic("starred base classes are not supported yet", at: e.range)
                }
            }
            try expect(.rightParen, "'(' was never closed")
        }
        try colon()
        let saved = (inFunction, inLoop)
        (inFunction, inLoop) = (false, false)
        defer { (inFunction, inLoop) = saved }
        let body = try block(after: "class definition", line: keyword.line)
        let range = keyword.range.joined(lastRange)
        return .class(ClassCode(name: name, bases: bases, keywords: keywords, body: body, source: source, range: range),
                      decorators: decorators, range)
    }
}

/// The names a function body binds, and those it declares global or
/// nonlocal (not looking into nested functions, classes, lambdas and
/// comprehensions, which have scopes of their own).
struct NameScope {
    var bound: Set<String> = []
    var globals: Set<String> = []
    var nonlocals: Set<String> = []

    mutating func collect(_ statement: PyStmt) {
        switch statement {
        case .expression, .return, .break, .continue, .pass, .assert, .raise:
            break
        case .assign(let targets, _, _):
            for t in targets { collectTarget(t) }
        case .augmented(let t, _, _, _), .annotated(let t, _, _):
            collectTarget(t)
        case .function(let code, _, _):
            bound.insert(code.name)
        case .class(let code, _, _):
            bound.insert(code.name)
        case .if(let branches, let orElse, _):
            for (_, body) in branches { body.forEach { collect($0) } }
            orElse.forEach { collect($0) }
        case .while(_, let body, let orElse, _):
            body.forEach { collect($0) }
            orElse.forEach { collect($0) }
        case .for(let target, _, let body, let orElse, _):
            collectTarget(target)
            body.forEach { collect($0) }
            orElse.forEach { collect($0) }
        case .delete(let targets, _):
            targets.forEach { collectTarget($0) }
        case .with(let items, let body, _):
            for (_, target) in items { if let target { collectTarget(target) } }
            body.forEach { collect($0) }
        case .try(let body, let handlers, let orElse, let final, _):
            for handler in handlers {
                if let name = handler.name { bound.insert(name) }
                handler.body.forEach { collect($0) }
            }
            (body + orElse + final).forEach { collect($0) }
        case .import(let names, _):
            for n in names { bound.insert(n.alias ?? n.dotted[0]) }
        case .importFrom(_, let names, _):
            for n in names ?? [] { bound.insert(n.alias ?? n.name) }
        case .global(let names, _):
            globals.formUnion(names)
        case .nonlocal(let names, _):
            nonlocals.formUnion(names)
        }
    }

    /// The names a target binds (`a`, `a, *b`; not `a.x` or `a[i]`).
    mutating func collectTarget(_ target: PyExpr) {
        switch target {
        case .name(let name, _): bound.insert(name)
        case .tuple(let items, _), .list(let items, _): items.forEach { collectTarget($0) }
        case .starred(let inner, _): collectTarget(inner)
        case .attribute, .subscription:
            break  // binds no name
        case .constant, .formatted, .unary, .binary, .logical, .not, .compare, .conditional, .lambda, .call,
             .slice, .set, .dict, .comprehension, .dictComprehension:
            break  // not a target (the parser refuses it)
        }
    }

    /// The names bound by comprehension targets.
    static func targetNames(_ target: PyExpr) -> [String] {
        var scope = NameScope()
        scope.collectTarget(target)
        return Array(scope.bound)
    }
}
