import AttnCore
import AttnLang

/// The attributes and methods of torch tensors (`x.shape`, `x.T`,
/// `x.sum(dim=-1, keepdim=True)`, `x.masked_fill_(mask, v)`...). The
/// module's functions of the same names (`torch.sum(x, dim=0)`) call these
/// with the tensor taken from their first argument.
enum TorchMethods {
    typealias Method = TorchTensorClass.Method

    /// `x.name`: an attribute's value or the method bound to `x`.
    static func attribute(_ name: String, _ v: PyValue, _ box: TorchTensor, _ py: PyInterpreter) throws(PyError) -> PyValue {
        let t = box.tensor
        switch name {
        case "shape": return py.torchSize(t.shape)
        case "dtype": return py.torchDType(t.dtype)
        case "ndim": return .int(Int64(t.rank))
        case "requires_grad": return .bool(box.requiresGrad || box.gradFn != nil)
        case "is_leaf": return .bool(box.gradFn == nil)
        case "grad": return .none
        case "grad_fn":
            guard let fn = box.gradFn else { return .none }
            return py.torchGradFnNode(fn, of: box)
        case "data": return py.torchValue(t)
        case "device": return .str("cpu")
        case "is_cuda": return .bool(false)
        case "T":
            let order = Array((0..<t.rank).reversed())
            return py.torchStrided(py.torchResult(try PyError.core { () throws(CoreError) in try t.permuted(order) }, [box], "PermuteBackward0"),
                                   order.map { box.strides[$0] })
        case "mT":
            guard t.rank >= 2 else { throw PyError.runtime("tensor.mT is only supported on matrices or batches of matrices. Got \(t.rank)-D tensor.") }
            var order = Array(0..<t.rank)
            order.swapAt(t.rank - 1, t.rank - 2)
            return py.torchStrided(py.torchResult(try PyError.core { () throws(CoreError) in try t.permuted(order) }, [box], "TransposeBackward0"),
                                   order.map { box.strides[$0] })
        default: break
        }
        guard let m = table[name] else {
            if let gap = KnownNames.missing(name, of: "torch.Tensor") { throw gap }
            throw PyError.attribute("'\(v.pyType.name)' object has no attribute '\(name)'")
        }
        return .builtin(PyBuiltin(name, receiver: v) { args, py throws(PyError) in try m(v, box, args, py) })
    }

    /// Calls method `name` of `v`.
    static func call(_ name: String, _ v: PyValue, _ box: TorchTensor, _ args: PyArgs, _ py: PyInterpreter) throws(PyError) -> PyValue {
        guard let m = table[name] else { throw PyError.attribute("'Tensor' object has no attribute '\(name)'") }
        return try m(v, box, args, py)
    }

    static func setRequiresGrad(_ box: TorchTensor, _ flag: Bool) throws(PyError) {
        if box.gradFn != nil && !flag {
            throw PyError.runtime("you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().")
        }
        if flag && !box.tensor.dtype.isFloatingPoint {
            throw PyError.runtime("only Tensors of floating point dtype can require gradients")
        }
        if box.gradFn == nil { box.requiresGrad = flag }
    }

    static func core<T>(_ body: () throws(CoreError) -> T) throws(PyError) -> T { try PyError.core(body) }

    /// The table of methods: shapes (TorchMethods+Shapes.swift), math and
    /// reductions (TorchMethods+Math.swift), conversions and in-place
    /// fills here.
    static let table: [String: Method] = conversions.merging(shapes) { a, _ in a }.merging(math) { a, _ in a }.merging(more) { a, _ in a }

    static let conversions: [String: Method] = makeConversions()

    private static func makeConversions() -> [String: Method] {
        var m: [String: Method] = [:]
        m.set("item") { _, box, args, _ throws(PyError) in
            try args.exactly(0, "item")
            guard box.tensor.count == 1 else {
                throw PyError.runtime("a Tensor with \(box.tensor.count) elements cannot be converted to Scalar")
            }
            return NumpyValues.pythonScalar(box.tensor, at: 0)
        }
        m.set("tolist") { _, box, _, _ throws(PyError) in try NumpyMethods.toList(box.tensor) }
        m.set("numpy") { _, box, _, _ throws(PyError) in
            if box.tracksGrad {
                throw PyError.runtime("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
            }
            return NumpyValues.wrap(box.tensor)
        }
        m.set("detach") { _, box, _, py throws(PyError) in py.torchValue(box.tensor) }
        m.set("detach_") { v, box, _, _ throws(PyError) in
            box.gradFn = nil
            box.requiresGrad = false
            return v
        }
        m.set("clone") { _, box, _, py throws(PyError) in py.torchResult(box.tensor, [box], "CloneBackward0") }
        m.set("contiguous") { v, box, _, py throws(PyError) in
            TorchStrides.isContiguous(box.tensor.shape, box.strides) ? v : py.torchResult(box.tensor, [box], "CloneBackward0")
        }
        m.set("cpu") { v, _, _, _ throws(PyError) in v }
        m.set("cuda") { _, _, _, _ throws(PyError) in
            throw PyError.unsupported("attn's torch runs on the CPU only: there is no CUDA")
        }
        m.set("numel") { _, box, _, _ throws(PyError) in .int(Int64(box.tensor.count)) }
        m["nelement"] = m["numel"]
        m.set("dim") { _, box, _, _ throws(PyError) in .int(Int64(box.tensor.rank)) }
        m["ndimension"] = m["dim"]
        m.set("size") { _, box, args, py throws(PyError) in
            let a = try args.bind("size", ["dim"])
            guard let d = a[0], !d.isNone else { return py.torchSize(box.tensor.shape) }
            return .int(Int64(box.tensor.shape[try py.torchAxis(d, rank: box.tensor.rank)]))
        }
        m.set("element_size") { _, box, _, _ throws(PyError) in .int(Int64(box.tensor.dtype.itemSize)) }
        m.set("is_floating_point") { _, box, _, _ throws(PyError) in .bool(box.tensor.dtype.isFloatingPoint) }
        m.set("is_contiguous") { _, box, _, _ throws(PyError) in .bool(TorchStrides.isContiguous(box.tensor.shape, box.strides)) }
        m.set("stride") { _, box, args, py throws(PyError) in
            let a = try args.bind("stride", ["dim"])
            if let d = a[0], !d.isNone { return .int(Int64(box.strides[try py.torchAxis(d, rank: box.tensor.rank)])) }
            return .tuple(box.strides.map { .int(Int64($0)) })
        }
        for (name, dtype) in [("float", DType.float32), ("double", .float64), ("long", .int64), ("int", .int32), ("bool", .bool)] {
            m.set(name) { v, box, _, py throws(PyError) in
                if box.tensor.dtype == dtype { return v }
                return py.torchResult(try core { () throws(CoreError) in try box.tensor.converted(to: dtype) }, [box], "ToCopyBackward0")
            }
        }
        m.set("half") { _, _, _, _ throws(PyError) in throw PyError.unsupported("float16 is not supported: attn's tensors are float64, float32, int64, int32 or bool") }
        m.set("to") { v, box, args, py throws(PyError) in
            var dtype: DType?
            for value in args.positional + args.keywords.filter({ $0.name == "dtype" }).map(\.value) {
                if case .str(let device) = value {
                    guard device.hasPrefix("cpu") else { throw PyError.unsupported("attn's torch runs on the CPU only: there is no '\(device)' device") }
                    continue
                }
                if let other = py.torchBox(value) { dtype = other.tensor.dtype; continue }
                if let d = try? py.torchDTypeArgument(value) { dtype = d }
            }
            guard let dtype, dtype != box.tensor.dtype else { return v }
            return py.torchResult(try core { () throws(CoreError) in try box.tensor.converted(to: dtype) }, [box], "ToCopyBackward0")
        }
        m.set("type") { v, box, args, py throws(PyError) in
            guard let first = args.positional.first else {
                let names: [DType: String] = [.float32: "FloatTensor", .float64: "DoubleTensor", .int64: "LongTensor", .int32: "IntTensor", .bool: "BoolTensor"]
                return .str("torch." + (names[box.tensor.dtype] ?? "Tensor"))
            }
            guard let d = try py.torchDTypeArgument(first) else { return v }
            return py.torchResult(try core { () throws(CoreError) in try box.tensor.converted(to: d) }, [box], "ToCopyBackward0")
        }
        m.set("type_as") { v, box, args, py throws(PyError) in
            guard let other = args.positional.first.flatMap(py.torchBox) else { throw PyError.type("type_as(): argument 'other' must be Tensor") }
            if other.tensor.dtype == box.tensor.dtype { return v }
            return py.torchResult(try core { () throws(CoreError) in try box.tensor.converted(to: other.tensor.dtype) }, [box], "ToCopyBackward0")
        }
        m.set("requires_grad_") { v, box, args, py throws(PyError) in
            let a = try args.bind("requires_grad_", ["requires_grad"])
            try setRequiresGrad(box, try py.torchFlag(a[0], true))
            return v
        }
        m.set("backward") { _, _, _, _ throws(PyError) in
            throw PyError.unsupported("attn's torch has no autograd: backward() is not supported (tensors only carry the grad_fn name PyTorch would print)")
        }
        m.set("retain_grad") { _, _, _, _ throws(PyError) in .none }
        m.set("zero_") { v, box, _, _ throws(PyError) in
            box.tensor = try core { () throws(CoreError) in try Tensor.zeros(box.tensor.shape, dtype: box.tensor.dtype) }
            return v
        }
        m.set("fill_") { v, box, args, py throws(PyError) in
            let a = try args.bind("fill_", ["value"], required: 1)
            let x = try py.torchReal(a[0], 0)
            box.tensor = try core { () throws(CoreError) in try Tensor.full(box.tensor.shape, x, dtype: box.tensor.dtype) }
            return v
        }
        m.set("copy_") { v, box, args, py throws(PyError) in
            guard let src = args.positional.first.flatMap(py.torchBox) else { throw PyError.type("copy_(): argument 'src' must be Tensor") }
            box.tensor = try core { () throws(CoreError) in try src.tensor.converted(to: box.tensor.dtype).broadcast(to: box.tensor.shape).strong }
            return v
        }
        m.set("uniform_") { v, box, args, py throws(PyError) in
            let a = try args.bind("uniform_", ["from", "to", "generator"])
            let low = try py.torchReal(a[0], 0), high = try py.torchReal(a[1], 1)
            box.tensor = try TorchModule.withGenerator(a[2], py) { (g: inout TorchGenerator) throws(CoreError) in
                try g.uniform(box.tensor.shape, from: low, to: high, dtype: box.tensor.dtype)
            }
            return v
        }
        m.set("normal_") { v, box, args, py throws(PyError) in
            let a = try args.bind("normal_", ["mean", "std", "generator"])
            let mean = try py.torchReal(a[0], 0), std = try py.torchReal(a[1], 1)
            box.tensor = try TorchModule.withGenerator(a[2], py) { (g: inout TorchGenerator) throws(CoreError) in
                try g.normal(box.tensor.shape, mean: mean, std: std, dtype: box.tensor.dtype)
            }
            return v
        }
        m.set("bernoulli_") { v, box, args, py throws(PyError) in
            let a = try args.bind("bernoulli_", ["p", "generator"])
            let p = try py.torchReal(a[0], 0.5)
            box.tensor = try TorchModule.withGenerator(a[1], py) { (g: inout TorchGenerator) throws(CoreError) in
                try g.bernoulli(box.tensor.shape, p: p, dtype: box.tensor.dtype)
            }
            return v
        }
        return m
    }
}
