import AttnCore
import AttnLang

/// Methods computed by attn's numpy (`cumsum`, `norm`), sorting (`sort`,
/// `argsort`, `topk`: stable, so ties keep their order) and the `new_*`
/// constructors.
extension TorchMethods {
    static let more: [String: Method] = makeMore()

    private static func makeMore() -> [String: Method] {
        var m: [String: Method] = [:]
        m.set("cumsum") { v, box, args, py throws(PyError) in
            let a = try args.bind("cumsum", ["dim", "dtype"], required: 1)
            let d = try py.torchAxis(a[0] ?? .none, rank: box.tensor.rank)
            var r = try TorchModule.numpyCall("cumsum", [v, .int(Int64(d))], py)
            if let dtype = try py.torchDTypeArgument(a[1]) { r = try core { () throws(CoreError) in try r.converted(to: dtype) } }
            return py.torchResult(r, [box], "CumsumBackward0")
        }
        m.set("norm") { v, box, args, py throws(PyError) in
            let a = try args.bind("norm", ["p", "dim", "keepdim", "dtype"])
            if let p = a[0], !p.isNone, try py.torchReal(p, 2) != 2 { throw PyError.unsupported("norm with p other than 2 is not supported yet") }
            let t = try floating(box.tensor, py)
            let squares = try core { () throws(CoreError) in try Tensor.binary(.multiply, t, t) }
            let dims = try dimensions(a[1], t.rank, py)
            let sum = try NumpyMethods.reduce(squares, .sum, axes: dims, keepDims: try py.torchFlag(a[2], false))
            let r = try core { () throws(CoreError) in try Tensor.unary(.sqrt, sum) }
            return py.torchResult(r, [box], dims == nil ? "LinalgVectorNormBackward0" : "LinalgVectorNormBackward0")
        }
        m.set("sort") { _, box, args, py throws(PyError) in
            let a = try args.bind("sort", ["dim", "descending", "stable"])
            let (values, indices) = try sorted(box.tensor, a[0], descending: try py.torchFlag(a[1], false), k: nil, py)
            return TorchReturnTypes.make("sort", py.torchResult(values, [box], "SortBackward0"), py.torchValue(indices), py)
        }
        m.set("argsort") { _, box, args, py throws(PyError) in
            let a = try args.bind("argsort", ["dim", "descending", "stable"])
            return py.torchValue(try sorted(box.tensor, a[0], descending: try py.torchFlag(a[1], false), k: nil, py).1)
        }
        m.set("topk") { _, box, args, py throws(PyError) in
            let a = try args.bind("topk", ["k", "dim", "largest", "sorted"], required: 1)
            guard let k = a[0]?.asIndex, k >= 0 else { throw PyError.type("topk(): argument 'k' must be int") }
            let (values, indices) = try sorted(box.tensor, a[1], descending: try py.torchFlag(a[2], true), k: Int(k), py)
            return TorchReturnTypes.make("topk", py.torchResult(values, [box], "TopkBackward0"), py.torchValue(indices), py)
        }
        for (name, value) in [("new_zeros", 0.0), ("new_ones", 1.0)] {
            m.set(name) { _, box, args, py throws(PyError) in
                let shape = try py.torchSizeArguments(args.positional)
                let dtype = try py.torchDTypeArgument(args.keyword("dtype")) ?? box.tensor.dtype
                return py.torchValue(try core { () throws(CoreError) in try Tensor.full(shape, value, dtype: dtype) })
            }
        }
        m.set("new_full") { _, box, args, py throws(PyError) in
            let a = try args.bind("new_full", ["size", "fill_value", "dtype"], required: 2)
            let shape = try py.torchSizeArguments([a[0] ?? .none])
            let x = try py.torchReal(a[1], 0)
            let dtype = try py.torchDTypeArgument(a[2]) ?? box.tensor.dtype
            return py.torchValue(try core { () throws(CoreError) in try Tensor.full(shape, x, dtype: dtype) })
        }
        m.set("new_tensor") { _, box, args, py throws(PyError) in
            let a = try args.bind("new_tensor", ["data", "dtype"], required: 1)
            let dtype = try py.torchDTypeArgument(a[1]) ?? box.tensor.dtype
            return py.torchValue(try py.torchData(a[0] ?? .none, dtype: dtype))
        }
        m.set("outer") { v, box, args, py throws(PyError) in
            let other = args.positional.first ?? .none
            return py.torchResult(try TorchModule.numpyCall("outer", [v, other], py), [box, py.torchBox(other)], "MulBackward0")
        }
        for (name, kind) in [("amax", Reduction.max), ("amin", .min)] {
            m.set(name) { _, box, args, py throws(PyError) in
                let a = try args.bind(name, ["dim", "keepdim"])
                let dims = try dimensions(a[0], box.tensor.rank, py)
                let r = try NumpyMethods.reduce(box.tensor, kind, axes: dims, keepDims: try py.torchFlag(a[1], false))
                return py.torchResult(r, [box], name == "amax" ? "AmaxBackward0" : "AminBackward0")
            }
        }
        m.set("narrow") { _, box, args, py throws(PyError) in
            let a = try args.bind("narrow", ["dim", "start", "length"], required: 3)
            let t = box.tensor
            let d = try py.torchAxis(a[0] ?? .none, rank: t.rank)
            guard var start = a[1]?.asIndex.map({ Int($0) }), let length = a[2]?.asIndex.map({ Int($0) }) else {
                throw PyError.type("narrow(): start and length must be ints")
            }
            if start < 0 { start += t.shape[d] }
            guard start >= 0, length >= 0, start + length <= t.shape[d] else {
                throw PyError.runtime("start (\(start)) + length (\(length)) exceeds dimension size (\(t.shape[d])).")
            }
            var items = Array(repeating: IndexItem.slice(start: nil, stop: nil, step: nil), count: d)
            items.append(.slice(start: start, stop: start + length, step: 1))
            let r = try core { () throws(CoreError) in try t.index(items) }
            return py.torchStrided(py.torchResult(r, [box], "SliceBackward0"), box.strides)
        }
        m.set("flip") { _, box, args, py throws(PyError) in
            let t = box.tensor
            var dimsArg: PyValue = args.positional.count == 1 ? args.positional[0] : .tuple(args.positional)
            if let k = args.keyword("dims") { dimsArg = k }
            var r = t
            for d in try dimensions(dimsArg, t.rank, py) ?? [] {
                var items = Array(repeating: IndexItem.slice(start: nil, stop: nil, step: nil), count: d)
                items.append(.slice(start: nil, stop: nil, step: -1))
                let current = r
                r = try core { () throws(CoreError) in try current.index(items).strong }
            }
            return py.torchResult(r, [box], "FlipBackward0")
        }
        return m
    }

    /// The tensor sorted along `dim` (the last by default), stably, with
    /// the indices it came from; the first `k` of each run when given.
    static func sorted(_ t: Tensor, _ dim: PyValue?, descending: Bool, k: Int?, _ py: PyInterpreter) throws(PyError) -> (Tensor, Tensor) {
        if t.rank == 0 { return (t, Tensor(unchecked: [], storage: .int64([0]))) }
        let d = try py.torchDim(dim ?? .int(-1), rank: t.rank)
        let n = t.shape[d]
        if let k, k > n { throw PyError.runtime("selected index k out of range") }
        let moved = try core { () throws(CoreError) in try t.moveAxis(d, to: t.rank - 1).strong }
        let values = moved.storage.doubles
        let keep = k ?? n
        let runs = n == 0 ? 0 : values.count / n
        var outValues: [Double] = [], outIndices: [Int64] = []
        outValues.reserveCapacity(runs * keep)
        outIndices.reserveCapacity(runs * keep)
        for r in 0..<runs {
            let run = Array(values[(r * n)..<((r + 1) * n)])
            // NaN sorts as the largest, as PyTorch's sort puts it.
            func less(_ x: Double, _ y: Double) -> Bool { y.isNaN ? !x.isNaN : (x.isNaN ? false : x < y) }
            let order = (0..<n).sorted { i, j in
                let (x, y) = (run[i], run[j])
                if descending { return less(y, x) || (!less(x, y) && !less(y, x) && i < j) }
                return less(x, y) || (!less(x, y) && !less(y, x) && i < j)
            }
            for i in order.prefix(keep) {
                outValues.append(run[i])
                outIndices.append(Int64(i))
            }
            if r & 0xFF == 0 { try PyError.checkInterrupt() }
        }
        var shape = moved.shape
        shape[shape.count - 1] = keep
        let v = try core { () throws(CoreError) in try Tensor(unchecked: shape, outValues).converted(to: t.dtype).moveAxis(t.rank - 1, to: d).strong }
        let i = try core { () throws(CoreError) in try Tensor(unchecked: shape, storage: .int64(outIndices)).moveAxis(t.rank - 1, to: d).strong }
        return (v, i)
    }
}
