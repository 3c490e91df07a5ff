import AttnCore

extension Builtins {
    static let linearAlgebra: [Builtin] = [
        Builtin("dot", [Parameter("a"), Parameter("b")], category: .linearAlgebra,
                summary: "numpy.dot: inner, matrix-vector or matrix product.", result: .rule(.promoted("a", "b")),
                details: """
                vector·vector → scalar Σ aᵢbᵢ; matrix [m, k] · vector [k] → [m]; vector [k] · matrix [k, n] → [n];
                matrix · matrix → [m, n]. A scalar operand multiplies elementwise. Above rank 2:
                dot(a, b)[i, j, k, m] = Σ a[i, j, :] · b[k, :, m]. The contracted lengths must agree.
                """,
                example: "dot([0.5, 0.5], [1, 1])\n# => 1") { args, _ throws(Diagnostic) in
            let a = try args.tensor("a"), b = try args.tensor("b")
            return .tensor(try args.core { () throws(CoreError) in try Tensor.dot(a, b) })
        },
        Builtin("matmul", [Parameter("a"), Parameter("b")], category: .linearAlgebra,
                summary: "numpy.matmul, the same as a @ b.", result: .rule(.promoted("a", "b")),
                details: """
                Operands of rank ≥ 1. A vector on the left acts as a row, on the right as a column, and that
                axis is dropped from the result. Leading axes above 2 are batch axes and broadcast:
                [b, m, k] @ [k, n] → [b, m, n].
                """,
                example: "matmul([[1, 2], [3, 4]], [1, 1])\n# => [3, 7]") { args, _ throws(Diagnostic) in
            let a = try args.tensor("a"), b = try args.tensor("b")
            return .tensor(try args.core { () throws(CoreError) in try Tensor.matmul(a, b) })
        },
        Builtin("transpose", [Parameter("a")], category: .linearAlgebra,
                summary: "The last two axes swapped, the same as a.T.", result: .rule(.sameAs("a")),
                details: "A scalar or vector is returned unchanged. (numpy's .T reverses all axes; attn swaps the last two, so a batch [b, m, n] becomes [b, n, m].)",
                example: "transpose([[1, 2]])\n# => [[1],\n#     [2]]") { args, _ throws(Diagnostic) in
            let a = try args.tensor("a")
            return .tensor(try args.core { () throws(CoreError) in try a.transposed })
        },
        Builtin("outer", [Parameter("a"), Parameter("b")], category: .linearAlgebra,
                summary: "numpy.outer: out[i, j] = a[i]·b[j] (inputs flattened).", result: .rule(.promoted("a", "b")),
                example: "outer([1, 2], [1, 10])\n# => [[1, 10],\n#     [2, 20]]") { args, _ throws(Diagnostic) in
            let a = try args.tensor("a"), b = try args.tensor("b")
            return .tensor(try args.core { () throws(CoreError) in try Tensor.outer(a, b) })
        },
        Builtin("norm", [Parameter("a"), Parameter("axis", .named, default: .omitted)], category: .linearAlgebra,
                summary: "The Euclidean norm √Σx² of all elements (numpy.linalg.norm), or along axis.", result: .rule(.floatOf("a")),
                details: "For a matrix without axis this is the Frobenius norm. nan if any element is nan; inf if any is ±inf. norm([]) = 0.",
                example: "norm([3, 4])\n# => 5") { args, _ throws(Diagnostic) in
            let a = try args.tensor("a"), axis = try args.optionalInt("axis")
            return .tensor(try args.core { () throws(CoreError) in try a.norm(axis: axis) })
        },
    ]
}
