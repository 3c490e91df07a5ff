/// The syntax tree. Every node carries the range of source it came from, so
/// the evaluator can point at the exact place an error belongs to.
public indirect enum Expr: Sendable {
    case number(Double, SourceRange)
    case string(String, SourceRange)
    case variable(String, SourceRange)
    /// `[a, b, c]`: elements are stacked along a new first axis.
    case list([Expr], SourceRange)
    case unary(UnaryOp, Expr, SourceRange)
    case binary(BinaryOp, Expr, Expr, SourceRange)
    case call(Expr, [CallArgument], SourceRange)
    case index(Expr, [IndexExpr], SourceRange)
    /// `x.T`: the last two axes swapped.
    case transpose(Expr, SourceRange)
    case conditional(Expr, Expr, Expr, SourceRange)

    public var range: SourceRange {
        switch self {
        case .number(_, let r), .string(_, let r), .variable(_, let r), .list(_, let r),
             .unary(_, _, let r), .binary(_, _, _, let r), .call(_, _, let r),
             .index(_, _, let r), .transpose(_, let r), .conditional(_, _, _, let r):
            return r
        }
    }
}

public enum UnaryOp: Sendable { case negate, plus }

/// Binary operators, by precedence level (see `Precedence`).
public enum BinaryOp: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", matmul = "@", power = "^"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
}

/// One argument of a call: positional (`label == nil`) or named (`axis: 0`).
public struct CallArgument: Sendable {
    public var label: String?
    public var labelRange: SourceRange?
    public var value: Expr
}

/// One entry of `x[...]`.
public enum IndexExpr: Sendable {
    case at(Expr)
    case slice(start: Expr?, stop: Expr?, step: Expr?, SourceRange)

    var range: SourceRange {
        switch self {
        case .at(let e): return e.range
        case .slice(_, _, _, let r): return r
        }
    }
}

/// A statement, ending at a newline or `;`.
public enum Statement: Sendable {
    /// A bare expression; its value is shown unless `silent` (a trailing `;`).
    case expression(Expr, silent: Bool)
    /// `let x = e` or `x = e`.
    case binding(name: String, nameRange: SourceRange, value: Expr)
    /// `let f(a, b) = e`.
    case function(name: String, nameRange: SourceRange, parameters: [String], body: Expr)
}

extension Statement {
    /// The name a binding or definition gives a value; nil for an expression.
    public var definedName: String? {
        switch self {
        case .expression: return nil
        case .binding(let name, _, _), .function(let name, _, _, _): return name
        }
    }
}

/// A statement with the source range it spans (for messages and for the
/// docs checker, which pairs statements with the claims after them).
public struct StatementNode: Sendable {
    public var statement: Statement
    public var range: SourceRange
}
