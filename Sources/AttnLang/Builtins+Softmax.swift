import AttnCore

extension Builtins {
    static let softmaxFamily: [Builtin] = [
        Builtin("softmax", [Parameter("x"), Parameter("axis", .named, default: .number(-1)), Parameter("temperature", .named, default: .number(1))],
                category: .softmax,
                summary: "exp(x/T − max) / Σ exp(x/T − max) along axis: each run sums to 1.", result: .rule(.floatOf("x")),
                details: """
                Numerically stable: the maximum is subtracted first, so softmax([1000, 1000]) = [0.5, 0.5].
                temperature T > 0 divides x first (T < 1 sharpens, T > 1 flattens). A number is a run of one:
                softmax(3) = 1. A run that is all -inf, holds +inf, or holds nan gives nan (as torch.softmax).
                For masked attention use weights(...) or attend(...), which give zeros for a fully masked row.
                """,
                example: "softmax([1, 2, 3])\n# => [0.0900306, 0.244728, 0.665241]") { args, _ throws(Diagnostic) in
            let x = try args.tensor("x"), axis = try args.int("axis")
            let t = try args.double("temperature")
            guard t > 0 else { throw args.error("softmax: temperature must be > 0, got \(Printer.number(t, .full))", at: "temperature") }
            return .tensor(try args.core { () throws(CoreError) in try (t == 1 ? x : try Tensor.binary(.divide, x, Tensor.weak(t))).softmax(axis: axis) })
        },
        Builtin("log_softmax", [Parameter("x"), Parameter("axis", .named, default: .number(-1))], category: .softmax,
                summary: "x − logsumexp(x) along axis: the log of softmax, computed stably.", result: .rule(.floatOf("x")),
                details: "All -inf runs give nan (as torch.log_softmax).",
                example: "log_softmax([0, 0])\n# => [-0.693147, -0.693147]") { args, _ throws(Diagnostic) in
            let x = try args.tensor("x"), axis = try args.int("axis")
            return .tensor(try args.core { () throws(CoreError) in try x.logSoftmax(axis: axis) })
        },
        Builtin("logsumexp", [Parameter("x"), Parameter("axis", .named, default: .omitted)], category: .softmax,
                summary: "log Σ exp(x), computed as max + log Σ exp(x − max) (scipy.special.logsumexp).", result: .rule(.floatOf("x")),
                details: "Without axis, over all elements. All -inf (or empty) gives -inf; any +inf gives inf; any nan gives nan.",
                example: "logsumexp([1000, 1000])\n# => 1000.69") { args, _ throws(Diagnostic) in
            let x = try args.tensor("x"), axis = try args.optionalInt("axis")
            return .tensor(try args.core { () throws(CoreError) in try x.logSumExp(axis: axis) })
        },
    ]
}
