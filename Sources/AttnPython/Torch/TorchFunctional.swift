import AttnCore
import AttnLang
import Foundation

/// `torch.nn.functional`: softmax, log_softmax, relu, gelu, dropout,
/// layer_norm, linear, embedding, pad and scaled_dot_product_attention;
/// the layers of TorchNN+Layers.swift call the same functions.
enum TorchFunctional {
    static func make(_ py: PyInterpreter) -> PyModule {
        var m = ModuleBuilder()
        for (name, log) in [("softmax", false), ("log_softmax", true)] {
            m.function(name, ["input", "dim", "_stacklevel", "dtype"], required: 1) { v, _, py throws(PyError) in
                let box = try tensorBox(v[0], name, py)
                let dim = v[1] ?? .none
                let d: PyValue = dim.isNone ? .int(box.tensor.rank <= 1 || box.tensor.rank == 3 ? 0 : 1) : dim
                return try TorchMethods.softmax(box, d, v[3], log: log, py)
            }
        }
        for name in ["relu", "tanh", "sigmoid"] {
            m.function(name, ["input", "inplace"], required: 1) { v, _, py throws(PyError) in try unary(name, v[0] ?? .none, py) }
        }
        m.function("gelu", ["input", "approximate"], required: 1) { v, _, py throws(PyError) in
            var tanh = false
            if case .str(let s)? = v[1] { tanh = s == "tanh" }
            return try gelu(v[0] ?? .none, tanh: tanh, py)
        }
        m.function("silu", ["input", "inplace"], required: 1) { v, _, py throws(PyError) in
            let x = v[0] ?? .none
            let box = try tensorBox(x, "silu", py)
            guard case .instance(let r) = try TorchOps.binary(.multiply, x, try unary("sigmoid", x, py), py),
                  let out = r.native as? TorchTensor else { return .none }
            return py.torchResult(out.tensor, [box], "SiluBackward0")
        }
        m.function("dropout", ["input", "p", "training", "inplace"], required: 1) { v, _, py throws(PyError) in
            let p = try py.torchReal(v[1], 0.5)
            guard p >= 0 && p <= 1 else { throw PyError.value("dropout probability has to be between 0 and 1, but got \(PyFormat.repr(p))") }
            return try dropout(v[0] ?? .none, p: p, training: try py.torchFlag(v[2], true), py)
        }
        m.function("linear", ["input", "weight", "bias"], required: 2) { v, _, py throws(PyError) in
            try linear(v[0] ?? .none, v[1] ?? .none, v[2] ?? .none, py)
        }
        m.function("embedding", ["input", "weight", "padding_idx"], required: 2) { v, _, py throws(PyError) in
            try embedding(v[0] ?? .none, v[1] ?? .none, py)
        }
        m.function("layer_norm", ["input", "normalized_shape", "weight", "bias", "eps"], required: 2) { v, _, py throws(PyError) in
            try layerNorm(v[0] ?? .none, try py.torchSizeArguments([v[1] ?? .none]), v[2] ?? .none, v[3] ?? .none, eps: try py.torchReal(v[4], 1e-5), py)
        }
        m.function("pad", ["input", "pad", "mode", "value"], required: 2) { v, _, py throws(PyError) in
            try pad(v[0] ?? .none, v[1] ?? .none, v[2], v[3], py)
        }
        m.function("scaled_dot_product_attention", ["query", "key", "value", "attn_mask", "dropout_p", "is_causal", "scale", "enable_gqa"], required: 3) { v, _, py throws(PyError) in
            try TorchNNAttention.scaledDotProduct(v, py)
        }
        losses(&m)
        return PyModule("torch.nn.functional", m.dict)
    }

    static func tensorBox(_ v: PyValue?, _ function: String, _ py: PyInterpreter) throws(PyError) -> TorchTensor {
        guard let v, let box = py.torchBox(v) else {
            throw PyError.type("\(function)(): argument 'input' (position 1) must be Tensor, not \(v?.pyType.name ?? "NoneType")")
        }
        return box
    }

    static func unary(_ name: String, _ x: PyValue, _ py: PyInterpreter) throws(PyError) -> PyValue {
        let box = try tensorBox(x, name, py)
        return try TorchMethods.call(name, x, box, PyArgs([], callRange: SourceRange(0, 0)), py)
    }

    /// GELU: x·Φ(x) = x/2·(1 + erf(x/√2)), or the tanh approximation.
    static func gelu(_ x: PyValue, tanh: Bool, _ py: PyInterpreter) throws(PyError) -> PyValue {
        let box = try tensorBox(x, "gelu", py)
        guard box.tensor.dtype.isFloatingPoint else { throw PyError.runtime("\"GeluKernelImpl\" not implemented for '\(TorchMethods.dtypeWord(box.tensor.dtype))'") }
        let k = (2 / Double.pi).squareRoot()
        let r = try NumpyModule.floatUnary(box.tensor, { x in
            tanh ? 0.5 * x * (1 + Foundation.tanh(k * (x + 0.044715 * x * x * x))) : 0.5 * x * (1 + erf(x * 0.5.squareRoot()))
        }, { x in
            let kf = Float(k)
            return tanh ? 0.5 * x * (1 + Foundation.tanh(kf * (x + 0.044715 * x * x * x))) : x * 0.5 * (1 + erf(x * Float(0.5.squareRoot())))
        })
        return py.torchResult(r, [box], "GeluBackward0")
    }

    /// `dropout`: the input itself outside training or for p = 0; else the
    /// input times a Bernoulli(1 − p) mask divided by 1 − p (PyTorch's
    /// `_dropout_impl`: `noise.bernoulli_(1 - p).div_(1 - p)`, `input * noise`).
    static func dropout(_ x: PyValue, p: Double, training: Bool, _ py: PyInterpreter) throws(PyError) -> PyValue {
        let box = try tensorBox(x, "dropout", py)
        guard training && p > 0 else { return x }
        let t = box.tensor
        guard t.dtype.isFloatingPoint else { throw PyError.runtime("result type Float can't be cast to the desired output type \(TorchMethods.dtypeWord(t.dtype))") }
        var noise: Tensor
        if p >= 1 {
            noise = try PyError.core { () throws(CoreError) in try Tensor.zeros(t.shape, dtype: t.dtype) }
        } else {
            noise = try py.torchDraw { (g: inout TorchGenerator) throws(CoreError) in try g.bernoulli(t.shape, p: 1 - p, dtype: t.dtype) }
            let keep = try PyError.core { () throws(CoreError) in try Tensor.weak(1 - p).converted(to: t.dtype) }
            noise = try PyError.core { () throws(CoreError) in try Tensor.binary(.divide, noise, keep.strong) }
        }
        let r = try PyError.core { () throws(CoreError) in try Tensor.binary(.multiply, t, noise) }
        return py.torchResult(r, [box], "MulBackward0")
    }

    /// `linear(x, W, b)`: x Wᵀ + b, with the grad_fn PyTorch's dispatch
    /// leaves (addmm for a matrix with a bias, mm without, a view otherwise).
    static func linear(_ x: PyValue, _ w: PyValue, _ b: PyValue, _ py: PyInterpreter) throws(PyError) -> PyValue {
        let xb = try tensorBox(x, "linear", py)
        guard let wb = py.torchBox(w) else { throw PyError.type("linear(): argument 'weight' (position 2) must be Tensor, not \(w.pyType.name)") }
        let bb = py.torchBox(b)
        let input = xb.tensor, weight = wb.tensor
        guard weight.rank == 2 || weight.rank == 1, input.rank >= 1 else { throw PyError.runtime("linear(): weight must be 1-D or 2-D") }
        let inner = weight.shape[weight.rank - 1]
        guard input.shape[input.rank - 1] == inner else {
            let rows = input.count / max(input.shape[input.rank - 1], 1)
            throw PyError.runtime("\(input.rank == 2 ? (bb != nil ? "addmm: " : "mm: ") : "")mat1 and mat2 shapes cannot be multiplied (\(rows)x\(input.shape[input.rank - 1]) and \(weight.rank == 2 ? "\(weight.shape[1])x\(weight.shape[0])" : "\(inner)x1"))")
        }
        guard input.dtype == weight.dtype else {
            throw PyError.runtime("mat1 and mat2 must have the same dtype, but got \(TorchMethods.dtypeWord(input.dtype)) and \(TorchMethods.dtypeWord(weight.dtype))")
        }
        var r = try PyError.core { () throws(CoreError) in try Tensor.matmul(input, weight.rank == 2 ? try weight.permuted([1, 0]) : weight) }
        if let bias = bb?.tensor {
            try TorchOps.checkBroadcast(r.shape, bias.shape)
            r = try PyError.core { () throws(CoreError) in try Tensor.binary(.add, r, try bias.converted(to: r.dtype).strong) }
        }
        let name: String
        switch (input.rank, bb != nil) {
        case (2, true): name = "AddmmBackward0"
        case (2, false): name = "MmBackward0"
        case (1, true): name = "UnsafeViewBackward0"
        case (1, false): name = "SqueezeBackward4"
        default: name = "UnsafeViewBackward0"
        }
        return py.torchResult(r, [xb, wb, bb], name)
    }

    /// `embedding(indices, weight)`: rows of the weight.
    static func embedding(_ x: PyValue, _ w: PyValue, _ py: PyInterpreter) throws(PyError) -> PyValue {
        let ib = try tensorBox(x, "embedding", py)
        guard let wb = py.torchBox(w) else { throw PyError.type("embedding(): argument 'weight' must be Tensor") }
        guard !ib.tensor.dtype.isFloatingPoint && ib.tensor.dtype != .bool else {
            throw PyError.runtime("Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.\(ib.tensor.dtype == .bool ? "BoolTensor" : ib.tensor.dtype == .float64 ? "DoubleTensor" : "FloatTensor") instead (while checking arguments for embedding)")
        }
        let n = wb.tensor.shape.first ?? 0
        for i in ib.tensor.storage.doubles where i < 0 || i >= Double(n) {
            throw PyError.index("index out of range in self")
        }
        let rows = try NumpyIndexing.get(wb.tensor, .array(PyArray(ib.tensor)), interpreter: py)
        let t: Tensor
        switch rows {
        case .array(let a): t = a.tensor
        case .scalar(let s): t = s
        default: t = wb.tensor
        }
        return py.torchResult(t, [wb], "EmbeddingBackward0")
    }

    /// `layer_norm`: (x − mean) / √(var + eps) over the last axes, then the
    /// weight and bias; computed in float64 and rounded to the input's dtype.
    static func layerNorm(_ x: PyValue, _ shape: [Int], _ w: PyValue, _ b: PyValue, eps: Double, _ py: PyInterpreter) throws(PyError) -> PyValue {
        let xb = try tensorBox(x, "layer_norm", py)
        let t = xb.tensor
        guard shape.count <= t.rank, Array(t.shape.suffix(shape.count)) == shape else {
            throw PyError.runtime("Given normalized_shape=[\(shape.map(String.init).joined(separator: ", "))], expected input with shape [*, \(shape.map(String.init).joined(separator: ", "))], but got input of size[\(t.shape.map(String.init).joined(separator: ", "))]")
        }
        let n = shape.reduce(1, *)
        let values = t.storage.doubles
        let weight = py.torchBox(w)?.tensor.storage.doubles
        let bias = py.torchBox(b)?.tensor.storage.doubles
        for (name, p) in [("weight", weight), ("bias", bias)] where p != nil && p?.count != n {
            throw PyError.runtime("Expected \(name) to be of same shape as normalized_shape, but got \(name) of shape [\(p?.count ?? 0)] and normalized_shape = [\(shape.map(String.init).joined(separator: ", "))]")
        }
        var out = [Double](repeating: 0, count: values.count)
        var start = 0
        while n > 0 && start < values.count {
            let row = values[start..<(start + n)]
            let mean = row.reduce(0, +) / Double(n)
            let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
            let rstd = 1 / (variance + eps).squareRoot()
            for j in 0..<n {
                var y = (values[start + j] - mean) * rstd
                if let weight { y *= weight[j] }
                if let bias { y += bias[j] }
                out[start + j] = y
            }
            start += n
            if start & 0xFFFF == 0 { try PyError.checkInterrupt() }
        }
        let r = try PyError.core { () throws(CoreError) in try Tensor(unchecked: t.shape, out).converted(to: t.dtype) }
        return py.torchResult(r, [xb, py.torchBox(w), py.torchBox(b)], "NativeLayerNormBackward0")
    }

    /// `pad(x, (left, right, top, bottom, ...), value=0)`: constant padding
    /// of the last axes (negative amounts crop).
    static func pad(_ x: PyValue, _ amounts: PyValue, _ mode: PyValue?, _ value: PyValue?, _ py: PyInterpreter) throws(PyError) -> PyValue {
        let box = try tensorBox(x, "pad", py)
        if case .str(let s)? = mode, s != "constant" { throw PyError.unsupported("pad(mode='\(s)') is not supported yet: only 'constant'") }
        let pads = try py.torchSizeArguments([amounts], allowUnknown: true)
        var t = box.tensor
        guard pads.count % 2 == 0, pads.count / 2 <= t.rank else {
            throw PyError.runtime("Padding length must be divisible by 2 and at most twice the number of dimensions of the input")
        }
        let fill = try py.torchReal(value, 0)
        for k in 0..<(pads.count / 2) {
            let axis = t.rank - 1 - k
            let (before, after) = (pads[2 * k], pads[2 * k + 1])
            var parts: [Tensor] = []
            var shape = t.shape
            if before > 0 {
                shape[axis] = before
                parts.append(try PyError.core { () throws(CoreError) in try Tensor.full(shape, fill, dtype: t.dtype) })
            }
            var items = Array(repeating: IndexItem.slice(start: nil, stop: nil, step: nil), count: axis)
            items.append(.slice(start: max(0, -before), stop: t.shape[axis] - max(0, -after), step: 1))
            let current = t
            parts.append(try PyError.core { () throws(CoreError) in try current.index(items) })
            if after > 0 {
                shape[axis] = after
                parts.append(try PyError.core { () throws(CoreError) in try Tensor.full(shape, fill, dtype: t.dtype) })
            }
            let pieces = parts
            t = try PyError.core { () throws(CoreError) in try Tensor.concatenate(pieces, axis: axis) }
        }
        return py.torchResult(t, [box], "ConstantPadNdBackward0")
    }
}
