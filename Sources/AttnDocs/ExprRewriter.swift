import AttnLang

/// Rebuilds syntax trees, for slips that arguments alone cannot express.
enum ExprRewriter {
    /// `e` with every call to a named builtin passed to `replace` (after its
    /// arguments were rewritten); a non-nil answer takes the call's place.
    static func mapCalls(_ e: Expr, _ replace: (String, [CallArgument], SourceRange) -> Expr?) -> Expr {
        func map(_ e: Expr) -> Expr { mapCalls(e, replace) }
        switch e {
        case .number, .string, .variable:
            return e
        case .list(let elements, let r):
            return .list(elements.map(map), r)
        case .unary(let op, let x, let r):
            return .unary(op, map(x), r)
        case .binary(let op, let a, let b, let r):
            return .binary(op, map(a), map(b), r)
        case .call(let callee, let arguments, let r):
            let mapped = arguments.map { a -> CallArgument in
                var a = a
                a.value = map(a.value)
                return a
            }
            if case .variable(let name, _) = callee, let replaced = replace(name, mapped, r) { return replaced }
            return .call(map(callee), mapped, r)
        case .index(let base, let items, let r):
            return .index(map(base), items.map { item -> IndexExpr in
                switch item {
                case .at(let x): return .at(map(x))
                case .slice(let start, let stop, let step, let sr): return .slice(start: start.map(map), stop: stop.map(map), step: step.map(map), sr)
                }
            }, r)
        case .transpose(let base, let r):
            return .transpose(map(base), r)
        case .conditional(let c, let yes, let no, let r):
            return .conditional(map(c), map(yes), map(no), r)
        }
    }

    /// `name(arguments...)`; `template` lends its shape to the new positional
    /// arguments (CallArgument has no public initializer).
    static func call(_ name: String, _ arguments: [CallArgument], _ range: SourceRange, like template: CallArgument) -> Expr {
        .call(.variable(name, range), arguments, range)
    }

    static func call(_ name: String, _ values: [Expr], _ range: SourceRange, like template: CallArgument) -> Expr {
        let arguments = values.map { value -> CallArgument in
            var a = template
            a.label = nil
            a.labelRange = nil
            a.value = value
            return a
        }
        return .call(.variable(name, range), arguments, range)
    }
}
