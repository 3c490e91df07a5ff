import AttnCore
import AttnLang

/// `np.sort`, `np.argsort` and `np.unique`: ascending along an axis (the
/// last by default; the flattened array for `axis=None`), nan last, as
/// numpy orders. The sort is stable, which is what numpy's `kind='stable'`
/// promises and what its default gives for runs of fewer than 17 elements
/// (longer runs with ties may come out in another order there).
extension NumpyModule {
    static func sorting(_ m: inout ModuleBuilder) {
        for (name, indices) in [("sort", false), ("argsort", true)] {
            m.function(name, ["a", "axis", "kind", "order", "stable"], required: 1) { v, _, _ throws(PyError) in
                var t = try NumpyValues.asArray(v[0] ?? .none)
                var axis = -1
                if let a = v[1] {
                    if a.isNone {
                        t = try PyError.core { () throws(CoreError) in try t.reshape([t.count]) }
                    } else {
                        axis = try NumpyValues.integer(a, "axis")
                    }
                }
                return .array(PyArray(try sorted(t, axis: axis, indices: indices)))
            }
        }
        m.function("unique", ["ar"], required: 1) { v, _, _ throws(PyError) in
            let t = try NumpyValues.asArray(v[0] ?? .none)
            let flat = try sorted(try PyError.core { () throws(CoreError) in try t.reshape([t.count]) }, axis: 0, indices: false)
            let values = flat.storage.doubles
            var keep: [Int64] = []
            for (i, x) in values.enumerated() where i == 0 || !(x == values[i - 1] || (x.isNaN && values[i - 1].isNaN)) {
                keep.append(Int64(i))
            }
            return .array(PyArray(try gather(flat, keep)))
        }
    }

    /// `t` sorted along `axis` (or the positions that sort it, as int64).
    static func sorted(_ t: Tensor, axis: Int, indices: Bool) throws(PyError) -> Tensor {
        if t.rank == 0 {
            if !indices { _ = try normalizedAxis(axis, rank: 0) }
            if indices { return Tensor(unchecked: [], storage: .int64([0])) }
            return t
        }
        let ax = try normalizedAxis(axis, rank: t.rank)
        let front = try NumpyMethods.transposed(t, (0..<t.rank).filter { $0 != ax } + [ax])
        let n = front.shape[front.rank - 1]
        let values = front.storage.doubles
        var order: [Int64] = []
        order.reserveCapacity(values.count)
        var run = 0
        while run * max(n, 1) < values.count {
            try PyError.checkInterrupt()
            let base = run * n
            let sortedRun = (0..<n).sorted { i, j in
                let x = values[base + i], y = values[base + j]
                if x.isNaN || y.isNaN { return !x.isNaN && y.isNaN }
                return x < y || (x == y && i < j)
            }
            order += sortedRun.map { Int64(indices ? $0 : base + $0) }
            run += 1
        }
        var result = indices ? Tensor(unchecked: front.shape, storage: .int64(order)) : try gather(front, order)
        result = try PyError.core { () throws(CoreError) in try result.reshape(front.shape) }
        var back = Array(0..<(t.rank - 1))
        back.insert(t.rank - 1, at: ax)
        return try NumpyMethods.transposed(result, back)
    }

    /// The elements of `t` at these flat positions, as a vector.
    private static func gather(_ t: Tensor, _ flat: [Int64]) throws(PyError) -> Tensor {
        try NumpyIndexing.gather(try PyError.core { () throws(CoreError) in try t.reshape([t.count]) },
                                 NumpyIndexing.Selection(starts: flat.map { Int($0) }, block: 1, shape: [flat.count]))
    }
}
