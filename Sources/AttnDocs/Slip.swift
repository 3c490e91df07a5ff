import AttnCore
import AttnLang

/// A usual mistake in computing attention, replayed on the evaluator: it
/// rewrites the bound arguments of builtin calls through
/// `Interpreter.callHook` (and, for the one slip arguments cannot express,
/// the statement's syntax tree), so the statement can be re-run as the
/// writer may have computed it.
struct Slip: Sendable {
    /// Completes "claim matches if ...".
    let description: String
    /// Rewrites one call's arguments; returns whether it changed anything.
    let rewrite: @Sendable (Builtin, inout Arguments) -> Bool
    /// Rewrites the expression before it runs; nil when nothing changed.
    var transform: (@Sendable (Expr) -> Expr?)?

    init(_ description: String, transform: (@Sendable (Expr) -> Expr?)? = nil,
         rewrite: @escaping @Sendable (Builtin, inout Arguments) -> Bool) {
        self.description = description
        self.rewrite = rewrite
        self.transform = transform
    }

    /// The builtins that compute scores from Q and K.
    static let scaled: Set<String> = ["scores", "weights", "attend"]
    static let attention: Set<String> = ["scores", "weights", "attend", "dot_attention"]

    /// Every slip tried, most common first.
    static let all: [Slip] = scaling + axes + masks + heads + headCounts + [dotOverFirstElements]

    static let scaling: [Slip] = [
        Slip("the scores are not scaled by 1/sqrt(d) (scale: 1)") { b, args in
            guard scaled.contains(b.name), !args.has("scale") else { return false }
            return args.set("scale", Tensor(1))
        },
        Slip("the scores are scaled by 1/d instead of 1/sqrt(d) (scale: 1/d)") { b, args in
            guard scaled.contains(b.name), !args.has("scale"), let q = args.tensorValue("Q"), let d = q.shape.last else { return false }
            let heads = args.intValue("heads") ?? 1  // scores has no heads: one
            guard heads >= 1, d % heads == 0, d / heads > 1 else { return false }
            return args.set("scale", Tensor(1 / Double(d / heads)))
        },
        Slip("the scores are scaled by 1/sqrt(d), which this statement's scale: replaces") { b, args in
            guard scaled.contains(b.name), args.has("scale") else { return false }
            return args.values.removeValue(forKey: "scale") != nil
        },
    ]

    static let axes: [Slip] = [
        Slip("the softmax is taken over the other axis", transform: otherAxisOfAttention) { b, args in
            guard b.name == "softmax" || b.name == "log_softmax", let x = args.tensorValue("x"), x.rank >= 2,
                  let axis = args.intValue("axis") else { return false }
            let a = axis < 0 ? axis + x.rank : axis
            return args.set("axis", Tensor(Double(a == x.rank - 1 ? x.rank - 2 : x.rank - 1)))
        },
        Slip("the scores use K instead of Kᵀ (Q·K)") { b, args in
            guard attention.contains(b.name), let k = args.tensorValue("K"), k.rank >= 2,
                  let swapped = try? k.transposed else { return false }
            return args.set("K", swapped)
        },
        Slip("Q and K are swapped") { b, args in
            guard attention.contains(b.name), let q = args.values["Q"], let k = args.values["K"] else { return false }
            args.values["Q"] = k
            args.values["K"] = q
            return true
        },
    ]

    static let masks: [Slip] = [
        Slip("the mask is not applied") { b, args in
            guard attention.contains(b.name) else { return false }
            return args.values.removeValue(forKey: "mask") != nil
        },
        Slip("the causal mask is not applied (causal: false)") { b, args in
            guard attention.contains(b.name), args.boolValue("causal") else { return false }
            return args.values.removeValue(forKey: "causal") != nil
        },
        Slip("the causal mask is aligned bottom-right instead of top-left") { b, args in
            guard attention.contains(b.name), args.boolValue("causal"), !args.has("mask"),
                  let q = args.tensorValue("Q"), let k = args.tensorValue("K"), k.rank >= 2 else { return false }
            let lq = q.rank >= 2 ? q.shape[q.rank - 2] : 1, lk = k.shape[k.rank - 2]
            guard lq != lk else { return false }
            var mask = [Double](repeating: 0, count: lq * lk)
            for i in 0..<lq { for j in 0..<lk where j <= i + lk - lq { mask[i * lk + j] = 1 } }
            args.values.removeValue(forKey: "causal")
            return args.set("mask", Tensor(unchecked: q.rank >= 2 ? [lq, lk] : [lk], mask))
        },
    ]

    static let heads: [Slip] = [
        Slip("the heads are not split (heads: 1)") { b, args in
            guard b.name == "weights" || b.name == "attend", let heads = args.intValue("heads"), heads > 1 else { return false }
            return args.values.removeValue(forKey: "heads") != nil
        },
        Slip("each head takes interleaved columns (h, h + heads, ...) instead of a contiguous block") { b, args in
            interleaveHeads(b, &args)
        },
        Slip("each head attends over the whole width instead of its d/heads slice") { b, args in
            guard b.name == "weights", let heads = args.intValue("heads"), heads > 1,
                  let q = args.tensorValue("Q"), let k = args.tensorValue("K"),
                  let q2 = tile(q, heads), let k2 = tile(k, heads) else { return false }
            return args.set("Q", q2) && args.set("K", k2)
        },
    ]

    static let headCounts: [Slip] = (2...8).map { (h: Int) -> Slip in
        Slip("the value is computed with heads: \(h)") { b, args in
            guard b.name == "weights" || b.name == "attend", !args.has("heads"),
                  let q = args.tensorValue("Q"), let d = q.shape.last, d % h == 0 else { return false }
            if b.name == "attend", let v = args.tensorValue("V"), let dv = v.shape.last, dv % h != 0 { return false }
            return args.set("heads", Tensor(Double(h)))
        }
    }

    static let dotOverFirstElements = Slip("the dot product takes only the first elements (a[0]·b[0], the seed article's slip)") { b, args in
        guard b.name == "dot", let a = args.tensorValue("a"), let c = args.tensorValue("b"),
              a.rank == 1, c.rank == 1, a.count >= 2, c.count >= 2 else { return false }
        return args.set("a", Tensor(vector: [a.scalars[0]])) && args.set("b", Tensor(vector: [c.scalars[0]]))
    }

    // MARK: - Helpers

    /// `weights(Q, K)` → `transpose(weights(K, Q))`, and `attend(Q, K, V)` →
    /// `matmul(transpose(weights(K, Q)), V)`: the softmax over the queries
    /// instead of the keys. Calls with masks, heads or weights are left alone.
    static let otherAxisOfAttention: @Sendable (Expr) -> Expr? = { expression in
        var changed = false
        let result = ExprRewriter.mapCalls(expression) { name, arguments, range in
            let positional = arguments.filter { $0.label == nil }
            let labels = Set(arguments.compactMap(\.label))
            guard arguments.prefix(positional.count).allSatisfy({ $0.label == nil }) else { return nil }
            switch name {
            case "weights" where positional.count == 2 && labels.isSubset(of: ["scale", "heads"]):
                changed = true
                let swapped = [positional[1], positional[0]] + arguments.filter { $0.label != nil }
                return ExprRewriter.call("transpose", [ExprRewriter.call("weights", swapped, range, like: arguments[0])], range, like: arguments[0])
            case "attend" where positional.count == 3 && labels.isSubset(of: ["scale"]):
                changed = true
                let swapped = [positional[1], positional[0]] + arguments.filter { $0.label != nil }
                let w = ExprRewriter.call("transpose", [ExprRewriter.call("weights", swapped, range, like: arguments[0])], range, like: arguments[0])
                return ExprRewriter.call("matmul", [w, positional[2].value], range, like: arguments[0])
            default:
                return nil
            }
        }
        return changed ? result : nil
    }

    /// Reorders the columns of Q, K (and V, with Wo undoing the order of the
    /// output) so that the contiguous split the builtin makes is the
    /// interleaved split a slip would make.
    static func interleaveHeads(_ b: Builtin, _ args: inout Arguments) -> Bool {
        guard b.name == "weights" || b.name == "attend", let heads = args.intValue("heads"), heads > 1,
              !["Wq", "Wk", "Wv", "Wo"].contains(where: args.has),
              let q = args.tensorValue("Q"), let k = args.tensorValue("K"), let d = q.shape.last, d % heads == 0,
              let q2 = permuteColumns(q, interleaving: heads), let k2 = permuteColumns(k, interleaving: heads)
        else { return false }
        guard args.set("Q", q2), args.set("K", k2) else { return false }
        guard b.name == "attend" else { return true }
        guard let v = args.tensorValue("V"), let dv = v.shape.last, dv % heads == 0,
              let v2 = permuteColumns(v, interleaving: heads) else { return false }
        // Wo[j, order[j]] = 1 puts output column j back at order[j].
        let order = interleavedOrder(dv, heads)
        var wo = [Double](repeating: 0, count: dv * dv)
        for (j, c) in order.enumerated() { wo[j * dv + c] = 1 }
        return args.set("V", v2) && args.set("Wo", Tensor(unchecked: [dv, dv], wo))
    }

    /// Column `t·(n/h) + i` of the result is column `t + i·h` of the input.
    static func interleavedOrder(_ n: Int, _ heads: Int) -> [Int] {
        let width = n / heads
        return (0..<n).map { j in (j / width) + (j % width) * heads }
    }

    static func permuteColumns(_ t: Tensor, interleaving heads: Int) -> Tensor? {
        guard let n = t.shape.last, n > 0, n % heads == 0 else { return nil }
        let order = interleavedOrder(n, heads)
        var out = t.scalars
        for row in 0..<(t.count / n) {
            for (j, c) in order.enumerated() { out[row * n + j] = t.scalars[row * n + c] }
        }
        return Tensor(unchecked: t.shape, out)
    }

    /// `times` copies of `t` side by side along its last axis.
    static func tile(_ t: Tensor, _ times: Int) -> Tensor? {
        guard let n = t.shape.last, n > 0 else { return nil }
        var out: [Double] = []
        out.reserveCapacity(t.count * times)
        for row in 0..<(t.count / n) {
            let slice = t.scalars[(row * n)..<((row + 1) * n)]
            for _ in 0..<times { out.append(contentsOf: slice) }
        }
        return Tensor(unchecked: Array(t.shape.dropLast()) + [n * times], out)
    }
}

extension Arguments {
    // The argument passed, else the table's default, as the builtin itself
    // reads it; nil (false) where it would be an error, since a slip only
    // looks at calls that can run.
    func tensorValue(_ name: String) -> Tensor? { (try? optionalTensor(name)) ?? nil }
    func intValue(_ name: String) -> Int? { (try? optionalInt(name)) ?? nil }
    func boolValue(_ name: String) -> Bool { (try? bool(name)) ?? false }

    /// Binds `name` to `t`, reusing an existing binding's source range.
    mutating func set(_ name: String, _ t: Tensor) -> Bool {
        guard var bound = values[name] ?? values.values.first ?? rest.first else { return false }
        bound.value = .tensor(t)
        values[name] = bound
        return true
    }
}
