import AttnCore
import Foundation

extension Builtins {
    static func unary(
        _ name: String, summary: String, details: String, example: String, _ operation: UnaryOperation
    ) -> Builtin {
        Builtin(name, [Parameter("x")], category: .elementwise, summary: summary, result: .rule(.unary(operation, "x")),
                details: details, example: example) { args, _ throws(Diagnostic) in
            let x = try args.tensor("x")
            return .tensor(try args.core { () throws(CoreError) in try Tensor.unary(operation, x) })
        }
    }

    static let elementwise: [Builtin] = [
        unary("exp", summary: "e^x, element by element.",
              details: "exp(-inf) = 0, exp(inf) = inf, exp(nan) = nan; overflows to inf above about 709.78.",
              example: "exp([0, 1])\n# => [1, 2.71828]", .exp),
        unary("log", summary: "The natural logarithm, element by element.",
              details: "log(0) = -inf; log of a negative number is nan (numpy warns, attn does not); log(inf) = inf.",
              example: "log([1, 100])\n# => [0, 4.60517]", .log),
        unary("sqrt", summary: "The square root, element by element.",
              details: "sqrt of a negative number is nan; sqrt(inf) = inf.",
              example: "sqrt([4, 2])\n# => [2, 1.41421]", .sqrt),
        unary("abs", summary: "|x|, element by element.", details: "abs(-inf) = inf; abs(nan) = nan.",
              example: "abs([-1.5, 2])\n# => [1.5, 2]", .abs),
        unary("tanh", summary: "The hyperbolic tangent, element by element.",
              details: "tanh(±inf) = ±1.", example: "tanh([0, 1])\n# => [0, 0.761594]", .tanh),
        unary("sigmoid", summary: "The logistic function 1 / (1 + e^-x), element by element.",
              details: "Computed as e^x / (1 + e^x) for x < 0 so it never overflows: sigmoid(-inf) = 0, sigmoid(inf) = 1 (torch.sigmoid).",
              example: "sigmoid([0, 1])\n# => [0.5, 0.731059]", .sigmoid),
        unary("relu", summary: "max(x, 0), element by element.", details: "relu(nan) = nan, as torch.relu.",
              example: "relu([-1, 2])\n# => [0, 2]", .relu),
        Builtin("where", [Parameter("condition"), Parameter("a"), Parameter("b")], category: .elementwise,
                summary: "a where condition is nonzero, else b (numpy.where), with broadcasting.", result: .rule(.promoted("a", "b")),
                details: "All three broadcast together. A nan condition counts as true (nonzero), as in numpy.",
                example: "where([1, 0, 1], [1, 2, 3], 0)\n# => [1, 0, 3]") { args, _ throws(Diagnostic) in
            let c = try args.tensor("condition"), a = try args.tensor("a"), b = try args.tensor("b")
            return .tensor(try args.core { () throws(CoreError) in try Tensor.select(c, a, b) })
        },
    ]
}
