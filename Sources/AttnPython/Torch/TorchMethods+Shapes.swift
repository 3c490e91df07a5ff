import AttnCore
import AttnLang

/// Shape methods: `view`, `reshape`, `unsqueeze`, `squeeze`, `transpose`,
/// `permute`, `flatten`, `expand`, `repeat`, `split`, `chunk`, `tril`,
/// `triu`, `masked_fill`. attn's tensors own their storage, so a view is a
/// copy: writing through a view does not change the tensor it came from.
extension TorchMethods {
    static let shapes: [String: Method] = makeShapes()

    private static func makeShapes() -> [String: Method] {
        var m: [String: Method] = [:]
        m.set("view") { _, box, args, py throws(PyError) in
            if let first = args.positional.first, args.positional.count == 1, let d = try? py.torchDTypeArgument(first) {
                guard d.itemSize == box.tensor.dtype.itemSize else { throw PyError.unsupported("view(dtype) reinterpreting bytes is not supported") }
            }
            return try viewed(box, try py.torchSizeArguments(args.positional, allowUnknown: true), py)
        }
        m.set("reshape") { _, box, args, py throws(PyError) in
            try reshapedValue(box, try py.torchSizeArguments(args.positional, allowUnknown: true), py)
        }
        m.set("view_as") { _, box, args, py throws(PyError) in
            guard let other = args.positional.first.flatMap(py.torchBox) else { throw PyError.type("view_as(): argument 'other' must be Tensor") }
            return try viewed(box, other.tensor.shape, py)
        }
        m.set("flatten") { _, box, args, py throws(PyError) in
            let a = try args.bind("flatten", ["start_dim", "end_dim"])
            let t = box.tensor
            if t.rank == 0 { return py.torchResult(try core { () throws(CoreError) in try t.reshape([1]) }, [box], "ViewBackward0") }
            let s = try py.torchDim(a[0] ?? .int(0), rank: t.rank), e = try py.torchDim(a[1] ?? .int(-1), rank: t.rank)
            guard s <= e else { throw PyError.runtime("flatten() has invalid args: start_dim cannot come after end_dim") }
            let shape = Array(t.shape[..<s]) + [t.shape[s...e].reduce(1, *)] + Array(t.shape[(e + 1)...])
            return try reshapedValue(box, shape, py)
        }
        m.set("unsqueeze") { _, box, args, py throws(PyError) in
            let a = try args.bind("unsqueeze", ["dim"], required: 1)
            let t = box.tensor
            let d = try py.torchDim(a[0] ?? .none, rank: t.rank + 1)
            var shape = t.shape
            shape.insert(1, at: d)
            var strides = box.strides
            strides.insert(d < t.rank ? box.strides[d] * t.shape[d] : 1, at: d)
            return py.torchStrided(py.torchResult(try core { () throws(CoreError) in try t.reshape(shape) }, [box], "UnsqueezeBackward0"), strides)
        }
        m.set("squeeze") { _, box, args, py throws(PyError) in
            let a = try args.bind("squeeze", ["dim"])
            let t = box.tensor
            var kept = Array(0..<t.rank)
            var name = "SqueezeBackward0"
            if let d = a[0], !d.isNone {
                var dims: [Int] = []
                if case .tuple(let items) = d { for i in items { dims.append(try py.torchDim(i, rank: t.rank)) } } else { dims = [try py.torchDim(d, rank: t.rank)] }
                kept = kept.filter { !(dims.contains($0) && t.shape[$0] == 1) }
                name = "SqueezeBackward1"
            } else {
                kept = kept.filter { t.shape[$0] != 1 }
            }
            let shape = kept.map { t.shape[$0] }
            return py.torchStrided(py.torchResult(try core { () throws(CoreError) in try t.reshape(shape) }, [box], name), kept.map { box.strides[$0] })
        }
        m.set("transpose") { _, box, args, py throws(PyError) in
            let a = try args.bind("transpose", ["dim0", "dim1"], required: 2)
            let t = box.tensor
            let x = try py.torchDim(a[0] ?? .none, rank: t.rank), y = try py.torchDim(a[1] ?? .none, rank: t.rank)
            if t.rank == 0 { return py.torchResult(t, [box], "TransposeBackward0") }
            var order = Array(0..<t.rank)
            order.swapAt(x, y)
            return py.torchStrided(py.torchResult(try core { () throws(CoreError) in try t.permuted(order) }, [box], "TransposeBackward0"),
                                   order.map { box.strides[$0] })
        }
        m["swapaxes"] = m["transpose"]
        m.set("t") { _, box, _, py throws(PyError) in
            let t = box.tensor
            guard t.rank <= 2 else { throw PyError.runtime("t() expects a tensor with <= 2 dimensions, but self is \(t.rank)D") }
            let order = Array((0..<t.rank).reversed())
            return py.torchStrided(py.torchResult(try core { () throws(CoreError) in try t.permuted(order) }, [box], "TBackward0"),
                                   order.map { box.strides[$0] })
        }
        m.set("permute") { _, box, args, py throws(PyError) in
            let t = box.tensor
            var order: [Int] = []
            for d in try py.torchSizeArguments(args.positional.isEmpty ? (args.keyword("dims").map { [$0] } ?? []) : args.positional, allowUnknown: true) {
                order.append(try py.torchDim(d, rank: t.rank))
            }
            guard order.count == t.rank, Set(order).count == order.count else {
                throw PyError.runtime("permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = \(t.rank) is not equal to len(dims) = \(order.count)")
            }
            return py.torchStrided(py.torchResult(try core { () throws(CoreError) in try t.permuted(order) }, [box], "PermuteBackward0"),
                                   order.map { box.strides[$0] })
        }
        m.set("expand") { _, box, args, py throws(PyError) in
            let t = box.tensor
            let sizes = try py.torchSizeArguments(args.positional, allowUnknown: true)
            guard sizes.count >= t.rank else {
                throw PyError.runtime("expand(torch.FloatTensor{[\(t.shape.map(String.init).joined(separator: ", "))]}, size=[\(sizes.map(String.init).joined(separator: ", "))]): the number of sizes provided (\(sizes.count)) must be greater or equal to the number of dimensions in the tensor (\(t.rank))")
            }
            let offset = sizes.count - t.rank
            for i in offset..<sizes.count where sizes[i] != -1 && t.shape[i - offset] != 1 && t.shape[i - offset] != sizes[i] {
                throw PyError.runtime("The expanded size of the tensor (\(sizes[i])) must match the existing size (\(t.shape[i - offset])) at non-singleton dimension \(i).  Target sizes: [\(sizes.map(String.init).joined(separator: ", "))].  Tensor sizes: [\(t.shape.map(String.init).joined(separator: ", "))]")
            }
            let target = sizes.enumerated().map { i, s in s == -1 && i >= offset ? t.shape[i - offset] : s }
            let strides = target.indices.map { i in i < offset || (t.shape[i - offset] == 1 && target[i] != 1) ? 0 : box.strides[i - offset] }
            return py.torchStrided(py.torchResult(try core { () throws(CoreError) in try t.broadcast(to: target).strong }, [box], "ExpandBackward0"), strides)
        }
        m.set("expand_as") { _, box, args, py throws(PyError) in
            guard let other = args.positional.first.flatMap(py.torchBox) else { throw PyError.type("expand_as(): argument 'other' must be Tensor") }
            return py.torchResult(try core { () throws(CoreError) in try box.tensor.broadcast(to: other.tensor.shape).strong }, [box], "ExpandBackward0")
        }
        m.set("repeat") { _, box, args, py throws(PyError) in
            let reps = try py.torchSizeArguments(args.positional)
            var t = box.tensor
            guard reps.count >= t.rank else {
                throw PyError.runtime("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor")
            }
            t = try core { () throws(CoreError) in try t.reshape(Array(repeating: 1, count: reps.count - t.rank) + t.shape) }
            // The result's size is checked before any copy is made.
            var outShape: [Int] = []
            for (n, r) in zip(t.shape, reps) {
                let (product, overflow) = n.multipliedReportingOverflow(by: r)
                guard !overflow else { throw PyError.memory("a tensor of more than \(Int.max) elements") }
                outShape.append(product)
            }
            _ = try core { () throws(CoreError) in try Tensor.checkedCount(outShape, dtype: t.dtype) }
            for (axis, r) in reps.enumerated() where r != 1 {
                let parts = Array(repeating: t, count: r)
                t = try core { () throws(CoreError) in try Tensor.concatenate(parts, axis: axis) }
            }
            return py.torchResult(t, [box], "RepeatBackward0")
        }
        m.set("split") { _, box, args, py throws(PyError) in
            let a = try args.bind("split", ["split_size", "dim"], required: 1)
            let t = box.tensor
            guard t.rank > 0 else { throw PyError.runtime("split expects at least a 1-dimensional tensor") }
            let d = try py.torchAxis(a[1] ?? .int(0), rank: t.rank)
            var sizes: [Int] = []
            if let n = a[0]?.asIndex {
                guard n > 0 else { throw PyError.runtime("split_size can only be 0 if dimension size is 0, but got dimension size of \(t.shape[d])") }
                var left = t.shape[d]
                while left > 0 { sizes.append(min(Int(n), left)); left -= Int(n) }
            } else {
                sizes = try py.torchSizeArguments([a[0] ?? .none])
                guard sizes.reduce(0, +) == t.shape[d] else {
                    throw PyError.runtime("split_with_sizes expects split_sizes to sum exactly to \(t.shape[d]) (input tensor's size at dimension \(d)), but got split_sizes=[\(sizes.map(String.init).joined(separator: ", "))]")
                }
            }
            return try pieces(box, sizes, d, py, a[0]?.asIndex != nil ? "SplitBackward0" : "SplitWithSizesBackward0")
        }
        m.set("chunk") { _, box, args, py throws(PyError) in
            let a = try args.bind("chunk", ["chunks", "dim"], required: 1)
            let t = box.tensor
            guard t.rank > 0 else { throw PyError.runtime("chunk expects at least a 1-dimensional tensor") }
            let d = try py.torchAxis(a[1] ?? .int(0), rank: t.rank)
            guard let n = a[0]?.asIndex, n > 0 else { throw PyError.runtime("chunk expects `chunks` to be greater than 0, got: \(a[0]?.asIndex ?? 0)") }
            let parts = Swift.min(Int(n), Swift.max(t.shape[d], 1))
            let each = (t.shape[d] + parts - 1) / parts
            var sizes: [Int] = []
            var left = t.shape[d]
            while left > 0 { sizes.append(min(each, left)); left -= each }
            return try pieces(box, sizes, d, py, "SplitBackward0")
        }
        m.set("unbind") { _, box, args, py throws(PyError) in
            let a = try args.bind("unbind", ["dim"])
            let t = box.tensor
            let d = try py.torchAxis(a[0] ?? .int(0), rank: t.rank)
            var out: [PyValue] = []
            for i in 0..<t.shape[d] {
                var items = Array(repeating: IndexItem.slice(start: nil, stop: nil, step: nil), count: d)
                items.append(.at(i))
                out.append(py.torchResult(try core { () throws(CoreError) in try t.index(items) }, [box], "UnbindBackward0"))
            }
            return .tuple(out)
        }
        m.set("repeat_interleave") { _, box, args, py throws(PyError) in
            let a = try args.bind("repeat_interleave", ["repeats", "dim", "output_size"], required: 1)
            guard let n = a[0]?.asIndex, n >= 0 else { throw PyError.unsupported("repeat_interleave with a tensor of repeats is not supported yet") }
            var t = box.tensor
            var d = 0
            if let dim = a[1], !dim.isNone, t.rank > 0 { d = try py.torchDim(dim, rank: t.rank) } else {
                let flat = t
                t = try core { () throws(CoreError) in try flat.reshape([flat.count]) }
            }
            var shape = t.shape
            shape.insert(1, at: d + 1)
            var target = shape
            target[d + 1] = Int(n)
            var merged = t.shape
            let (total, overflow) = merged[d].multipliedReportingOverflow(by: Int(n))
            guard !overflow else { throw PyError.memory("a tensor of more than \(Int.max) elements") }
            merged[d] = total
            _ = try core { () throws(CoreError) in try Tensor.checkedCount(merged, dtype: t.dtype) }
            let source = t
            let r = try core { () throws(CoreError) in try source.reshape(shape).broadcast(to: target).strong.reshape(merged) }
            return py.torchResult(r, [box], "ViewBackward0")
        }
        for (name, lower) in [("tril", true), ("triu", false)] {
            m.set(name) { _, box, args, py throws(PyError) in
                let a = try args.bind(name, ["diagonal"])
                return py.torchResult(try triangle(box.tensor, lower: lower, Int(a[0]?.asIndex ?? 0)), [box], lower ? "TrilBackward0" : "TriuBackward0")
            }
            m.set(name + "_") { v, box, args, _ throws(PyError) in
                let a = try args.bind(name + "_", ["diagonal"])
                box.tensor = try triangle(box.tensor, lower: lower, Int(a[0]?.asIndex ?? 0))
                return v
            }
        }
        m.set("masked_fill") { _, box, args, py throws(PyError) in
            let (t, fromGrad) = try maskedFill(box, args, py)
            return py.torchResult(t, [box, fromGrad], "MaskedFillBackward0")
        }
        m.set("masked_fill_") { v, box, args, py throws(PyError) in
            let (t, _) = try maskedFill(box, args, py)
            box.tensor = t
            if box.tracksGrad && py.torch.gradEnabled { box.gradFn = "MaskedFillBackward0" }
            return v
        }
        return m
    }

    /// `x.view(shape)`: PyTorch's error when the strides allow no view.
    static func viewed(_ box: TorchTensor, _ shape: [Int], _ py: PyInterpreter) throws(PyError) -> PyValue {
        let t = try reshaped(box.tensor, shape, view: true)
        guard let strides = TorchStrides.viewStrides(box.tensor.shape, box.strides, t.shape) else {
            throw PyError.runtime("view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
        }
        return py.torchStrided(py.torchResult(t, [box], "ViewBackward0"), strides)
    }

    /// `x.reshape(shape)`: a view when the strides allow one, else a copy.
    static func reshapedValue(_ box: TorchTensor, _ shape: [Int], _ py: PyInterpreter) throws(PyError) -> PyValue {
        let t = try reshaped(box.tensor, shape, view: false)
        if t.shape == box.tensor.shape { return py.torchStrided(py.torchResult(t, [box], "ViewBackward0"), box.strides) }
        if let strides = TorchStrides.viewStrides(box.tensor.shape, box.strides, t.shape) {
            return py.torchStrided(py.torchResult(t, [box], "ViewBackward0"), strides)
        }
        return py.torchResult(t, [box], "UnsafeViewBackward0")
    }

    /// `x.view(shape)`/`x.reshape(shape)` with one -1 inferred and PyTorch's message.
    static func reshaped(_ t: Tensor, _ shape: [Int], view: Bool) throws(PyError) -> Tensor {
        let known = shape.filter { $0 != -1 }.reduce(1, *)
        var target = shape
        if shape.filter({ $0 == -1 }).count > 1 { throw PyError.runtime("only one dimension can be inferred") }
        if let i = shape.firstIndex(of: -1) {
            if known == 0 || t.count % known != 0 {
                throw PyError.runtime("shape '[\(shape.map(String.init).joined(separator: ", "))]' is invalid for input of size \(t.count)")
            }
            target[i] = t.count / known
        }
        guard target.reduce(1, *) == t.count else {
            throw PyError.runtime("shape '[\(shape.map(String.init).joined(separator: ", "))]' is invalid for input of size \(t.count)")
        }
        return try core { () throws(CoreError) in try t.reshape(target) }
    }

    /// Consecutive pieces of `sizes` along `d`.
    static func pieces(_ box: TorchTensor, _ sizes: [Int], _ d: Int, _ py: PyInterpreter, _ name: String) throws(PyError) -> PyValue {
        var out: [PyValue] = []
        var start = 0
        for s in sizes {
            var items = Array(repeating: IndexItem.slice(start: nil, stop: nil, step: nil), count: d)
            items.append(.slice(start: start, stop: start + s, step: 1))
            out.append(py.torchResult(try core { () throws(CoreError) in try box.tensor.index(items) }, [box], name))
            start += s
        }
        return .tuple(out)
    }

    /// `tril`/`triu` of the last two axes, keeping elements on and below
    /// (above) the `k`-th diagonal.
    static func triangle(_ t: Tensor, lower: Bool, _ k: Int) throws(PyError) -> Tensor {
        guard t.rank >= 2 else { throw PyError.runtime("\(lower ? "tril" : "triu"): input tensor must have at least 2 dimensions") }
        let rows = t.shape[t.rank - 2], cols = t.shape[t.rank - 1]
        var keep = [Bool](repeating: false, count: try core { () throws(CoreError) in try Tensor.checkedCount([rows, cols], dtype: .bool) })
        for i in 0..<rows {
            for j in 0..<cols { keep[i * cols + j] = lower ? j - i <= k : j - i >= k }
            if i & 0xFF == 0 { try PyError.checkInterrupt() }
        }
        let mask = Tensor(unchecked: [rows, cols], storage: .bool(keep))
        return try core { () throws(CoreError) in
            try Tensor.select(mask, t, try Tensor.zeros([], dtype: t.dtype)).converted(to: t.dtype).strong
        }
    }

    /// `masked_fill(mask, value)`: the value where the bool mask is true.
    static func maskedFill(_ box: TorchTensor, _ args: PyArgs, _ py: PyInterpreter) throws(PyError) -> (Tensor, TorchTensor?) {
        let a = try args.bind("masked_fill", ["mask", "value"], required: 2)
        guard let maskBox = (a[0]).flatMap(py.torchBox) else {
            throw PyError.type("masked_fill() received an invalid combination of arguments - got (\(a[0]?.pyType.name ?? "NoneType"), \(a[1]?.pyType.name ?? "NoneType")), but expected one of:\n * (Tensor mask, Tensor value)\n * (Tensor mask, Number value)")
        }
        guard maskBox.tensor.dtype == .bool else {
            throw PyError.runtime("masked_fill_ only supports boolean masks, but got mask with dtype \(maskBox.tensor.dtype == .int64 ? "long int" : TorchOps.cName(maskBox.tensor.dtype))")
        }
        let valueBox = (a[1]).flatMap(py.torchBox)
        guard let value = py.torchOperand(a[1] ?? .none) else { throw PyError.type("masked_fill(): argument 'value' must be Number") }
        let t = box.tensor
        let fill = try core { () throws(CoreError) in try value.converted(to: t.dtype).strong }
        try TorchOps.checkBroadcast(maskBox.tensor.shape, t.shape)
        let shape = try core { () throws(CoreError) in try Tensor.broadcastShape(t.shape, maskBox.tensor.shape) }
        guard shape == t.shape else {
            throw PyError.runtime("The expanded size of the tensor (\(t.shape.last ?? 0)) must match the existing size (\(maskBox.tensor.shape.last ?? 0)) at non-singleton dimension \(t.rank - 1).  Target sizes: [\(t.shape.map(String.init).joined(separator: ", "))].  Tensor sizes: [\(maskBox.tensor.shape.map(String.init).joined(separator: ", "))]")
        }
        let result = try core { () throws(CoreError) in try Tensor.select(maskBox.tensor, fill, t).converted(to: t.dtype).strong }
        return (result, valueBox)
    }
}
