import AttnLang

/// Assignment, `for`, `with ... as` and `del` targets: which expressions
/// can stand left of `=`, with CPython's messages for those that cannot.
extension PyParser {
    // star_targets -> star_target (',' star_target)* ','?
    mutating func targetList() throws(Diagnostic) -> PyExpr {
        let first = try starTarget()
        var target = first
        if check(.comma) {
            var items = [first]
            var end = first.range
            while check(.comma) {
                end = advance().range
                if check(.in) || check(.assign) || !canStartExpression { break }
                let item = try starTarget()
                items.append(item)
                end = item.range
            }
            target = .tuple(items, first.range.joined(end))
        }
        try checkTarget(target, assigning: true)
        return target
    }

    // star_target -> '*'? bitwise_or
    mutating func starTarget() throws(Diagnostic) -> PyExpr {
        if check(.star) {
            let star = advance()
            let value = try bitwiseOr()
            return .starred(value, star.range.joined(value.range))
        }
        return try bitwiseOr()
    }

    /// Refuses what cannot be assigned to (or deleted, when `assigning` is
    /// false), as CPython words it.
    func checkTarget(_ target: PyExpr, assigning: Bool, nested: Bool = false) throws(Diagnostic) {
        let verb = assigning ? "assign to" : "delete"
        let hint = assigning && !nested ? " here. Maybe you meant '==' instead of '='?" : ""
        switch target {
        case .name, .attribute, .subscription:
            return
        case .tuple(let items, _), .list(let items, _):
            var starred = 0
            for item in items {
                if case .starred(let inner, let r) = item {
                    guard assigning else { throw Diagnostic("SyntaxError: cannot delete starred", at: r) }
                    starred += 1
                    if starred > 1 { throw Diagnostic("SyntaxError: multiple starred expressions in assignment", at: r) }
                    try checkTarget(inner, assigning: assigning, nested: true)
                } else {
                    try checkTarget(item, assigning: assigning, nested: true)
                }
            }
        case .starred(_, let r):
            throw Diagnostic("SyntaxError: starred assignment target must be in a list or tuple", at: r)
        case .constant(let c, let r):
            switch c {
            case .none: throw Diagnostic("SyntaxError: cannot \(verb) None", at: r)
            case .true: throw Diagnostic("SyntaxError: cannot \(verb) True", at: r)
            case .false: throw Diagnostic("SyntaxError: cannot \(verb) False", at: r)
            case .ellipsis: throw Diagnostic("SyntaxError: cannot \(verb) ellipsis\(hint)", at: r)
            case .int, .float, .string: throw Diagnostic("SyntaxError: cannot \(verb) literal\(hint)", at: r)
            }
        case .call(_, _, let r):
            throw Diagnostic("SyntaxError: cannot \(verb) function call\(hint)", at: r)
        case .compare(_, _, let r):
            throw Diagnostic("SyntaxError: cannot \(verb) comparison\(hint)", at: r)
        case .lambda(_, let r):
            throw Diagnostic("SyntaxError: cannot \(verb) lambda", at: r)
        case .conditional(_, _, _, let r):
            throw Diagnostic("SyntaxError: cannot \(verb) conditional expression\(hint)", at: r)
        case .formatted(_, let r):
            throw Diagnostic("SyntaxError: cannot \(verb) f-string expression\(hint)", at: r)
        case .dict(_, let r), .dictComprehension(_, _, _, let r):
            throw Diagnostic("SyntaxError: cannot \(verb) dict literal\(hint)", at: r)
        case .set(_, let r):
            throw Diagnostic("SyntaxError: cannot \(verb) set display\(hint)", at: r)
        case .comprehension(let kind, _, _, let r):
            let what = kind == .list ? "list comprehension" : kind == .set ? "set comprehension" : "generator expression"
            throw Diagnostic("SyntaxError: cannot \(verb) \(what)\(hint)", at: r)
        case .unary(_, _, let r), .binary(_, _, _, let r), .logical(_, _, _, let r), .not(_, let r), .slice(_, _, _, let r):
            throw Diagnostic("SyntaxError: cannot \(verb) expression\(hint)", at: r)
        }
    }

    /// Only names, attributes and subscripts take `+=` and its kin.
    func checkAugmentedTarget(_ target: PyExpr, op: PyToken) throws(Diagnostic) {
        let what: String
        switch target {
        case .name, .attribute, .subscription: return
        case .tuple: what = "tuple"
        case .list: what = "list"
        case .constant, .formatted: what = "literal"
        case .call: what = "function call"
        case .unary, .binary, .logical, .not, .compare, .conditional, .lambda, .slice, .set, .dict, .starred,
             .comprehension, .dictComprehension:
            what = "expression"
        }
        throw Diagnostic("SyntaxError: '\(what)' is an illegal expression for augmented assignment", at: target.range)
    }
}
