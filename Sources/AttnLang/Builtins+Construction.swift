import AttnCore

extension Builtins {
    static func filled(_ name: String, _ value: Double) -> Builtin {
        Builtin(name, [Parameter("shape")], category: .construction,
                summary: "A tensor of the given shape filled with \(Int(value)) (numpy.\(name)).",
                details: "The shape is a vector like [2, 3] or one integer n (a vector of length n).",
                example: "\(name)([2, 2])\n# => [[\(Int(value)), \(Int(value))],\n#     [\(Int(value)), \(Int(value))]]") { args, _ throws(Diagnostic) in
            let shape = try args.shape("shape")
            return .tensor(try args.core { () throws(CoreError) in try Tensor(repeating: value, shape: shape) })
        }
    }

    static func random(_ name: String, summary: String, normal: Bool) -> Builtin {
        Builtin(name, [Parameter("shape"), Parameter("seed", .named, default: .number(0))], category: .construction,
                summary: summary,
                details: """
                Deterministic: the same shape and seed give the same numbers on every platform (xoshiro256**
                seeded by SplitMix64\(normal ? ", Box–Muller for the normal values" : "")). These are not numpy's streams.
                The seed is a non-negative integer.
                """,
                example: "shape(\(name)([2, 3], seed: 1))\n# => [2, 3]") { args, _ throws(Diagnostic) in
            let shape = try args.shape("shape")
            let seed = try args.int("seed")
            guard seed >= 0 else { throw args.error("\(name): the seed must be ≥ 0, got \(seed)", at: "seed") }
            return .tensor(try args.core { () throws(CoreError) in
                normal ? try Tensor.randn(shape, seed: UInt64(seed)) : try Tensor.rand(shape, seed: UInt64(seed))
            })
        }
    }

    static let construction: [Builtin] = [
        filled("zeros", 0),
        filled("ones", 1),
        Builtin("eye", [Parameter("n")], category: .construction,
                summary: "The n×n identity matrix (numpy.eye).",
                example: "eye(2)\n# => [[1, 0],\n#     [0, 1]]") { args, _ throws(Diagnostic) in
            let n = try args.int("n")
            guard n >= 0 else { throw args.error("eye: n must be ≥ 0, got \(n)", at: "n") }
            return .tensor(try args.core { () throws(CoreError) in try Tensor.eye(n) })
        },
        Builtin("range", [Parameter("a"), Parameter("b", default: .omitted), Parameter("step", default: .number(1))], category: .construction,
                summary: "Evenly spaced values in [a, b) (numpy.arange); range(n) is 0, 1, ..., n-1.",
                details: "There are ⌈(b − a) / step⌉ values a + i·step (none when that is ≤ 0). A zero step is an error.",
                example: "range(1, 2, 0.25)\n# => [1, 1.25, 1.5, 1.75]") { args, _ throws(Diagnostic) in
            let a = try args.double("a"), step = try args.double("step")
            let (start, stop) = try args.optionalDouble("b").map { (a, $0) } ?? (0, a)
            return .tensor(try args.core { () throws(CoreError) in try Tensor.arange(start, stop, step) })
        },
        Builtin("linspace", [Parameter("a"), Parameter("b"), Parameter("n", default: .number(50))], category: .construction,
                summary: "n evenly spaced values from a to b inclusive (numpy.linspace).",
                details: "Computed as a + i·(b − a)/(n − 1), with the last set to b exactly. n = 1 gives [a]; n = 0 gives [].",
                example: "linspace(0, 1, 5)\n# => [0, 0.25, 0.5, 0.75, 1]") { args, _ throws(Diagnostic) in
            let a = try args.double("a"), b = try args.double("b")
            let n = try args.int("n")
            return .tensor(try args.core { () throws(CoreError) in try Tensor.linspace(a, b, count: n) })
        },
        random("rand", summary: "Uniform random numbers in [0, 1), reproducible for a seed.", normal: false),
        random("randn", summary: "Standard normal random numbers, reproducible for a seed.", normal: true),
        Builtin("causal_mask", [Parameter("l"), Parameter("s", default: .computed("l"))], category: .construction,
                summary: "The l×s causal mask: 1 where query i may attend key j (j ≤ i), else 0.",
                details: "Top-left aligned, as PyTorch's is_causal (torch.ones(l, s).tril()). Pass it as mask: to attend or weights.",
                example: "causal_mask(3)\n# => [[1, 0, 0],\n#     [1, 1, 0],\n#     [1, 1, 1]]") { args, _ throws(Diagnostic) in
            let l = try args.int("l")
            let s = try args.optionalInt("s") ?? l
            guard l >= 0 && s >= 0 else { throw args.error("causal_mask: sizes must be ≥ 0") }
            return .tensor(try args.core { () throws(CoreError) in try Tensor.causalMask(l, s) })
        },
    ]
}
