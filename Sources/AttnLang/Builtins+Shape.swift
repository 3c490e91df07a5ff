import AttnCore

extension Builtins {
    static let shapes: [Builtin] = [
        Builtin("shape", [Parameter("a")], category: .shape,
                summary: "The shape as a vector (numpy's a.shape).", details: "A number has shape [].",
                example: "shape([[1, 2, 3], [4, 5, 6]])\n# => [2, 3]") { args, _ throws(Diagnostic) in
            .tensor(Tensor(vector: try args.tensor("a").shape.map(Double.init)))
        },
        Builtin("len", [Parameter("a")], category: .shape,
                summary: "The length of the first axis (Python's len).", details: "Error for a number (it has no axes).",
                example: "len([[1, 2], [3, 4], [5, 6]])\n# => 3") { args, _ throws(Diagnostic) in
            let a = try args.tensor("a")
            guard let first = a.shape.first else { throw args.error("len of a number: it has no axes", at: "a") }
            return .tensor(Tensor(Double(first)))
        },
        Builtin("reshape", [Parameter("a"), Parameter("shape")], category: .shape,
                summary: "The same elements in row-major order under a new shape (numpy.reshape).", result: .rule(.sameAs("a")),
                details: "One length may be -1 and is inferred. The element counts must agree.",
                example: "reshape(range(6), [2, 3])\n# => [[0, 1, 2],\n#     [3, 4, 5]]") { args, _ throws(Diagnostic) in
            let a = try args.tensor("a")
            let s = try args.tensor("shape")
            guard s.rank <= 1, s.scalars.allSatisfy({ $0.rounded() == $0 && abs($0) < 9e15 }) else {
                throw args.error("reshape: the shape must be a vector of integers like [2, 3]", at: "shape")
            }
            return .tensor(try args.core { () throws(CoreError) in try a.reshape(s.scalars.map { Int($0) }) })
        },
        Builtin("concat", [Parameter("axis", .named, default: .number(0))], variadic: "tensors", category: .shape,
                summary: "Joins tensors along an existing axis (numpy.concatenate).", result: .rule(.joined),
                details: "All lengths but the axis must agree. Numbers cannot be concatenated (use stack).",
                example: "concat([1, 2], [3], [4, 5])\n# => [1, 2, 3, 4, 5]") { args, _ throws(Diagnostic) in
            let parts = try args.restTensors(), axis = try args.int("axis")
            return .tensor(try args.core { () throws(CoreError) in try Tensor.concatenate(parts, axis: axis) })
        },
        Builtin("stack", [Parameter("axis", .named, default: .number(0))], variadic: "tensors", category: .shape,
                summary: "Joins same-shaped tensors along a new axis (numpy.stack).", result: .rule(.joined),
                example: "stack([1, 2], [3, 4], axis: 1)\n# => [[1, 3],\n#     [2, 4]]") { args, _ throws(Diagnostic) in
            let parts = try args.restTensors(), axis = try args.int("axis")
            return .tensor(try args.core { () throws(CoreError) in try Tensor.stack(parts, axis: axis) })
        },
    ]
}
