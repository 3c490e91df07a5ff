import AttnCore
import AttnLang

/// `F.scaled_dot_product_attention` on attn's fused kernel, and
/// `nn.MultiheadAttention` as `F.multi_head_attention_forward` computes it.
enum TorchNNAttention {
    static func core<T>(_ body: () throws(CoreError) -> T) throws(PyError) -> T { try PyError.core(body) }

    /// `scaled_dot_product_attention(query, key, value, attn_mask=None,
    /// dropout_p=0.0, is_causal=False, scale=None, enable_gqa=False)`:
    /// softmax(Q·Kᵀ·scale + mask)·V over the last two axes, the leading axes
    /// batch axes (heads included). A bool mask says which keys take part
    /// (True), a float mask is added; `is_causal` keeps keys j ≤ i. With
    /// `dropout_p` > 0 the weights are built, dropped out as `F.dropout`
    /// does, and multiplied by V.
    static func scaledDotProduct(_ v: [PyValue?], _ py: PyInterpreter) throws(PyError) -> PyValue {
        func tensor(_ i: Int, _ name: String) throws(PyError) -> TorchTensor {
            guard let x = v[i], let b = py.torchBox(x) else {
                throw PyError.type("scaled_dot_product_attention(): argument '\(name)' (position \(i + 1)) must be Tensor, not \(v[i]?.pyType.name ?? "NoneType")")
            }
            return b
        }
        let qb = try tensor(0, "query"), kb = try tensor(1, "key"), vb = try tensor(2, "value")
        try checkInputs(qb.tensor, kb.tensor, vb.tensor)
        let q = qb.tensor
        let dropoutP = try py.torchReal(v[4], 0)
        let causal = try py.torchFlag(v[5], false)
        let scale = try v[6].flatMap { (s: PyValue) throws(PyError) -> Double? in s.isNone ? nil : try py.torchReal(s, 1) }
        let (k, value) = try py.torchFlag(v[7], false) ? try sharedHeads(q, kb.tensor, vb.tensor) : (kb.tensor, vb.tensor)
        var mask: TorchTensor?
        if let m = v[3], !m.isNone {
            guard let b = py.torchBox(m) else { throw PyError.type("scaled_dot_product_attention(): argument 'attn_mask' must be Tensor") }
            mask = b
            if causal { throw PyError.runtime("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True") }
        }
        let result = dropoutP > 0
            ? try attentionWithDropout(q, k, value, scale: scale, causal: causal, mask: mask?.tensor, p: dropoutP, py)
            : try fusedAttention(q, k, value, scale: scale, causal: causal, mask: mask?.tensor)
        let name = q.rank == 4 ? "ScaledDotProductFlashAttentionForCpuBackward0" : q.rank == 3 ? "SqueezeBackward1" : "UnsafeViewBackward0"
        return py.torchResult(result, [qb, kb, vb, mask], name)
    }

    // The two paths are functions of their own (not inlined): Swift 6.3's
    // optimizer crashed (an ownership verifier failure in CopyPropagation)
    // compiling them as one function in a release build.

    /// Attention with dropout on the weights, as PyTorch's math path: the
    /// scores, the causal mask and `attn_mask`, softmax, then dropout's mask
    /// drawn from the generator, then the product with V.
    @inline(never)
    private static func attentionWithDropout(_ q: Tensor, _ k: Tensor, _ value: Tensor, scale: Double?, causal: Bool,
                                             mask: Tensor?, p dropoutP: Double, _ py: PyInterpreter) throws(PyError) -> Tensor {
        let e = q.shape[q.rank - 1]
        let s = scale ?? 1 / Double(e).squareRoot()
        let dtype = q.dtype
        var scores = try core { () throws(CoreError) in
            try Tensor.binary(.multiply, try Tensor.matmul(q, try k.moveAxis(k.rank - 1, to: k.rank - 2)),
                              try Tensor.weak(s).converted(to: dtype).strong)
        }
        if causal {
            let l = q.shape[q.rank - 2], sk = k.shape[k.rank - 2]
            _ = try core { () throws(CoreError) in try Tensor.checkedCount([l, sk], dtype: .bool) }
            let keep = Tensor(unchecked: [l, sk], storage: .bool((0..<(l * sk)).map { $0 % sk <= $0 / sk }))
            let current = scores
            scores = try core { () throws(CoreError) in try Tensor.select(keep, current, try Tensor.full([], -.infinity, dtype: dtype)) }
        }
        if let mask {
            let current = scores
            if mask.dtype == .bool {
                scores = try core { () throws(CoreError) in try Tensor.select(mask, current, try Tensor.full([], -.infinity, dtype: dtype)) }
            } else {
                scores = try core { () throws(CoreError) in try Tensor.binary(.add, current, try mask.converted(to: dtype).strong) }
            }
        }
        let finalScores = scores
        let weights = try core { () throws(CoreError) in try finalScores.softmax(axis: -1) }
        guard case .instance(let dropped) = try TorchFunctional.dropout(py.torchValue(weights), p: dropoutP, training: true, py),
              let db = dropped.native as? TorchTensor else {
            throw PyError.runtime("scaled_dot_product_attention: dropout gave no tensor")
        }
        let kept = db.tensor
        return try core { () throws(CoreError) in try Tensor.matmul(kept, value) }
    }

    /// Attention on attn's fused kernel: a bool `attn_mask` is its mask, a
    /// float one its bias.
    @inline(never)
    private static func fusedAttention(_ q: Tensor, _ k: Tensor, _ value: Tensor, scale: Double?, causal: Bool,
                                       mask: Tensor?) throws(PyError) -> Tensor {
        var options = AttentionOptions(scale: scale, causal: causal ? .topLeft : .none)
        if let mask {
            if mask.dtype == .bool {
                options.mask = mask
            } else {
                let dtype = q.dtype
                options.bias = try core { () throws(CoreError) in try mask.converted(to: dtype) }
            }
        }
        let settings = options
        return try core { () throws(CoreError) in try Attention.attend(q, k, value, options: settings) }
    }

    /// PyTorch's errors for inputs of too few axes or of different or integer dtypes.
    @inline(never)
    private static func checkInputs(_ q: Tensor, _ k: Tensor, _ value: Tensor) throws(PyError) {
        guard q.rank >= 2, k.rank >= 2, value.rank >= 2 else {
            throw PyError.runtime("scaled_dot_product_attention: query, key and value must be at least 2-D")
        }
        let (dq, dk, dv) = (q.dtype, k.dtype, value.dtype)
        guard dq == dk, dk == dv else {
            throw PyError.runtime("Expected query, key, and value to have the same dtype, but got query.dtype: \(TorchPrinter.dtypeName(dq).dropFirst(6)) key.dtype: \(TorchPrinter.dtypeName(dk).dropFirst(6)) and value.dtype: \(TorchPrinter.dtypeName(dv).dropFirst(6)) instead.")
        }
        guard dq.isFloatingPoint else { throw PyError.runtime("\"baddbmm_with_gemm\" not implemented for '\(TorchMethods.dtypeWord(dq))'") }
    }

    /// `enable_gqa=True`: K and V with their heads repeated to the query's.
    @inline(never)
    private static func sharedHeads(_ q: Tensor, _ k: Tensor, _ value: Tensor) throws(PyError) -> (Tensor, Tensor) {
        guard q.rank >= 3, k.rank >= 3 else { return (k, value) }
        let hq = q.shape[q.rank - 3], hk = k.shape[k.rank - 3]
        guard hk > 0, hq % hk == 0 else {
            throw PyError.runtime("Number of heads in key and value must divide the number of heads in query")
        }
        return (try repeatHeads(k, hq / hk), try repeatHeads(value, hq / hk))
    }

    /// Each head of axis −3 repeated `n` times in place (repeat_interleave).
    static func repeatHeads(_ t: Tensor, _ n: Int) throws(PyError) -> Tensor {
        guard n > 1 else { return t }
        let axis = t.rank - 3
        var shape = t.shape
        shape.insert(1, at: axis + 1)
        let expanded = try core { () throws(CoreError) in try t.reshape(shape) }
        var target = shape
        target[axis + 1] = n
        let broadcast = try core { () throws(CoreError) in try expanded.broadcast(to: target).strong }
        var merged = t.shape
        merged[axis] *= n
        return try core { () throws(CoreError) in try broadcast.reshape(merged) }
    }

    // MARK: - nn.MultiheadAttention

    static func initialize(_ v: PyValue, _ b: NNModuleBox, _ args: PyArgs, _ py: PyInterpreter) throws(PyError) {
        let a = try args.bind("MultiheadAttention", ["embed_dim", "num_heads", "dropout", "bias", "add_bias_kv", "add_zero_attn",
                                                     "kdim", "vdim", "batch_first", "device", "dtype"], required: 2)
        guard let e = a[0]?.asIndex, let h = a[1]?.asIndex else { throw PyError.type("MultiheadAttention() embed_dim and num_heads must be ints") }
        let addBiasKV = try py.torchFlag(a[4], false), addZeroAttention = try py.torchFlag(a[5], false)
        if addBiasKV || addZeroAttention {
            throw PyError.unsupported("MultiheadAttention with add_bias_kv or add_zero_attn is not supported yet")
        }
        for i in [6, 7] {
            if let d = a[i], !d.isNone, d.asIndex != e { throw PyError.unsupported("MultiheadAttention with kdim or vdim other than embed_dim is not supported yet") }
        }
        let bias = try py.torchFlag(a[3], true)
        let dtype = try py.torchDTypeArgument(a[10]) ?? py.torch.defaultDType
        let p = try py.torchDraw { (g: inout TorchGenerator) throws(CoreError) in try g.multiheadAttention(embedDim: Int(e), numHeads: Int(h), bias: bias, dtype: dtype) }
        b.layer = .multiheadAttention(embedDim: Int(e), numHeads: Int(h), batchFirst: try py.torchFlag(a[8], false))
        b.parameters = [("in_proj_weight", TorchNNLayers.parameter(p.inProjWeight, py)),
                        ("in_proj_bias", p.inProjBias.map { TorchNNLayers.parameter($0, py) } ?? .none)]
        // out_proj: a NonDynamicallyQuantizableLinear holding the drawn weights.
        guard case .type(let linearClass)? = py.modules["torch.nn"]?.dict["NonDynamicallyQuantizableLinear"] else { return }
        let outProj = PyInstance(linearClass)
        let ob = NNModuleBox()
        ob.layer = .linear(inFeatures: Int(e), outFeatures: Int(e), bias: bias)
        ob.parameters = [("weight", TorchNNLayers.parameter(p.outProjWeight, py)), ("bias", p.outProjBias.map { TorchNNLayers.parameter($0, py) } ?? .none)]
        outProj.native = ob
        b.modules = [("out_proj", .instance(outProj))]
        if case .instance(let inst) = v { inst.dict["dropout"] = .float(try py.torchReal(a[2], 0)) }
    }

    /// `mha(query, key, value, key_padding_mask=None, need_weights=True,
    /// attn_mask=None, average_attn_weights=True, is_causal=False)`.
    static func forward(_ v: PyValue, _ b: NNModuleBox, _ args: PyArgs, _ py: PyInterpreter) throws(PyError) -> PyValue {
        guard case .multiheadAttention(let e, let h, let batchFirst)? = b.layer else { return .none }
        let a = try args.bind("forward", ["query", "key", "value", "key_padding_mask", "need_weights", "attn_mask", "average_attn_weights", "is_causal"], required: 3)
        func box(_ i: Int) throws(PyError) -> TorchTensor {
            guard let x = a[i], let t = py.torchBox(x) else { throw PyError.type("forward() argument \(i + 1) must be Tensor") }
            return t
        }
        let (qb, kb, vb) = (try box(0), try box(1), try box(2))
        var (q, k, val) = (qb.tensor, kb.tensor, vb.tensor)
        guard q.rank == 2 || q.rank == 3, k.rank == q.rank, val.rank == q.rank else {
            throw PyError(.exception("AssertionError"), "query should be unbatched 2D or batched 3D tensor but received \(q.rank)-D query tensor")
        }
        guard k.shape == val.shape, k.shape.last == e else {
            throw PyError(.exception("AssertionError"), "key shape \(TorchPrinter.size(k.shape)) does not match value shape \(TorchPrinter.size(val.shape))")
        }
        let batched = q.rank == 3
        if !batched {
            q = try core { () throws(CoreError) in try q.reshape([q.shape[0], 1, q.shape[1]]) }
            k = try core { () throws(CoreError) in try k.reshape([k.shape[0], 1, k.shape[1]]) }
            val = try core { () throws(CoreError) in try val.reshape([val.shape[0], 1, val.shape[1]]) }
        } else if batchFirst {
            q = try core { () throws(CoreError) in try q.permuted([1, 0, 2]) }
            k = try core { () throws(CoreError) in try k.permuted([1, 0, 2]) }
            val = try core { () throws(CoreError) in try val.permuted([1, 0, 2]) }
        }
        guard q.shape.last == e else { throw PyError(.exception("AssertionError"), "was expecting embedding dimension of \(e), but got \(q.shape.last ?? 0)") }
        let (l, n, s) = (q.shape[0], q.shape[1], k.shape[0])
        let hd = e / h
        func param(_ name: String, _ owner: NNModuleBox = b) -> Tensor? {
            owner.parameters.first { $0.name == name }.flatMap { py.torchBox($0.value)?.tensor }
        }
        guard let w = param("in_proj_weight") else { return .none }
        let bias = param("in_proj_bias")
        func project(_ x: Tensor, _ part: Int, _ len: Int) throws(PyError) -> Tensor {
            let wp = try core { () throws(CoreError) in try w.index([.slice(start: part * e, stop: (part + 1) * e, step: 1)]) }
            var r = try core { () throws(CoreError) in try Tensor.matmul(x, try wp.permuted([1, 0])) }
            if let bias {
                let bp = try core { () throws(CoreError) in try bias.index([.slice(start: part * e, stop: (part + 1) * e, step: 1)]) }
                let current = r
                r = try core { () throws(CoreError) in try Tensor.binary(.add, current, bp) }
            }
            // (len, n, e) → (n·h, len, hd)
            let result = r
            return try core { () throws(CoreError) in try result.reshape([len, n * h, hd]).permuted([1, 0, 2]) }
        }
        let qh = try project(q, 0, l), kh = try project(k, 1, s), vh = try project(val, 2, s)
        // The additive mask: attn_mask (bool True = masked out, or float) and key_padding_mask.
        var additive = try core { () throws(CoreError) in try Tensor.zeros([n, h, l, s], dtype: q.dtype) }
        if let m = a[5], !m.isNone, let mb = py.torchBox(m) {
            var mt = mb.tensor
            if mt.rank == 3 { mt = try core { () throws(CoreError) in try mt.reshape([n, h, l, s]) } }
            additive = try addMask(additive, mt, q.dtype)
        } else if try py.torchFlag(a[7], false) {
            _ = try core { () throws(CoreError) in try Tensor.checkedCount([l, s], dtype: .bool) }
            let causal = Tensor(unchecked: [l, s], storage: .bool((0..<(l * s)).map { $0 % s > $0 / s }))
            additive = try addMask(additive, causal, q.dtype)
        }
        if let m = a[3], !m.isNone, let mb = py.torchBox(m) {
            let mt = try core { () throws(CoreError) in try mb.tensor.reshape([n, 1, 1, s]) }
            additive = try addMask(additive, mt, q.dtype)
        }
        let mask = try core { () throws(CoreError) in try additive.reshape([n * h, l, s]) }
        let scale = try core { () throws(CoreError) in try Tensor.weak((1 / Double(hd)).squareRoot()).converted(to: q.dtype).strong }
        let scores = try core { () throws(CoreError) in
            try Tensor.binary(.add, mask, try Tensor.matmul(try Tensor.binary(.multiply, qh, scale), try kh.permuted([0, 2, 1])))
        }
        var weights = try core { () throws(CoreError) in try scores.softmax(axis: -1) }
        if b.training, case .instance(let inst) = v, case .float(let p)? = inst.dict["dropout"], p > 0 {
            guard case .instance(let d) = try TorchFunctional.dropout(py.torchValue(weights), p: p, training: true, py),
                  let db = d.native as? TorchTensor else { return .none }
            weights = db.tensor
        }
        let weighted = weights
        let context = try core { () throws(CoreError) in try Tensor.matmul(weighted, vh).permuted([1, 0, 2]).reshape([l * n, e]) }
        guard let outBox = b.modules.first.flatMap({ TorchNN.box($0.value) }), let ow = param("weight", outBox) else { return .none }
        var out = try core { () throws(CoreError) in try Tensor.matmul(context, try ow.permuted([1, 0])) }
        if let ob = param("bias", outBox) {
            let current = out
            out = try core { () throws(CoreError) in try Tensor.binary(.add, current, ob) }
        }
        let finished = out
        out = try core { () throws(CoreError) in
            let shaped = try finished.reshape([l, n, e])
            return batched ? (batchFirst ? try shaped.permuted([1, 0, 2]) : shaped) : try shaped.reshape([l, e])
        }
        let inputs: [TorchTensor?] = [qb, kb, vb] + b.parameters.map { py.torchBox($0.value) }
        let output = py.torchResult(out, inputs, !batched ? "SqueezeBackward1" : batchFirst ? "TransposeBackward0" : "ViewBackward0")
        guard try py.torchFlag(a[4], true) else { return .tuple([output, .none]) }
        var w4 = try core { () throws(CoreError) in try weights.reshape([n, h, l, s]) }
        var name = "ViewBackward0"
        if try py.torchFlag(a[6], true) {
            let full = w4
            w4 = try core { () throws(CoreError) in try full.reduce(.mean, axis: 1) }
            name = "MeanBackward1"
        }
        if !batched {
            let full = w4
            w4 = try core { () throws(CoreError) in try full.reshape(Array(full.shape.dropFirst())) }
            name = "SqueezeBackward1"
        }
        return .tuple([output, py.torchResult(w4, inputs, name)])
    }

    /// `base` plus a mask: −inf where a bool mask is True, else the float mask.
    static func addMask(_ base: Tensor, _ mask: Tensor, _ dtype: DType) throws(PyError) -> Tensor {
        try core { () throws(CoreError) in
            if mask.dtype == .bool {
                return try Tensor.select(mask, try Tensor.full([], -.infinity, dtype: dtype), base).converted(to: dtype).strong
            }
            return try Tensor.binary(.add, base, try mask.converted(to: dtype).strong)
        }
    }
}
