import AttnCore

extension Builtins {
    static func reduction(
        _ kind: Reduction, summary: String, details: String, example: String
    ) -> Builtin {
        Builtin(kind.rawValue, [Parameter("x"), Parameter("axis", .named, default: .omitted)], category: .reductions,
                summary: summary, result: .rule(.reduction(kind, "x")), details: details + " With axis (negative counts from the end) that axis is removed; without it the result is one number.",
                example: example) { args, _ throws(Diagnostic) in
            let x = try args.tensor("x"), axis = try args.optionalInt("axis")
            return .tensor(try args.core { () throws(CoreError) in try x.reduce(kind, axis: axis) })
        }
    }

    static let reductions: [Builtin] = [
        reduction(.sum, summary: "The sum of the elements (numpy.sum).",
                  details: "Pairwise summation, as numpy. The sum of nothing is 0.",
                  example: "sum([[1, 2], [3, 4]], axis: 0)\n# => [4, 6]"),
        reduction(.mean, summary: "The arithmetic mean (numpy.mean).",
                  details: "The mean of nothing is nan.", example: "mean([1, 2, 3, 4])\n# => 2.5"),
        reduction(.max, summary: "The largest element (numpy.max).",
                  details: "nan if any element is nan. Error on an empty tensor.", example: "max([[1, 5], [3, 2]], axis: 1)\n# => [5, 3]"),
        reduction(.min, summary: "The smallest element (numpy.min).",
                  details: "nan if any element is nan. Error on an empty tensor.", example: "min([3, 1, 2])\n# => 1"),
        reduction(.argmax, summary: "The index of the largest element (numpy.argmax).",
                  details: "Without axis, an index into the flattened tensor. Ties give the first; a nan gives the first nan's index. Error on an empty tensor.",
                  example: "argmax([0.1, 0.7, 0.2])\n# => i64(1)"),
        reduction(.argmin, summary: "The index of the smallest element (numpy.argmin).",
                  details: "Without axis, an index into the flattened tensor. Ties give the first; a nan gives the first nan's index. Error on an empty tensor.",
                  example: "argmin([3, 1, 2])\n# => i64(1)"),
    ]
}
