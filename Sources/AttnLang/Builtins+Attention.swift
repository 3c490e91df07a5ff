import AttnCore

extension Builtins {
    /// scale:, mask:, bias:, causal:, window:, alibi:, heads:, kv_heads: as AttentionOptions.
    static func attentionOptions(_ args: Arguments) throws(Diagnostic) -> AttentionOptions {
        let heads = try args.int("heads")
        guard heads >= 1 else { throw args.error("heads must be ≥ 1, got \(heads)", at: "heads") }
        let kvHeads = try args.optionalInt("kv_heads")
        if let kvHeads {
            guard kvHeads >= 1 else { throw args.error("kv_heads must be ≥ 1, got \(kvHeads)", at: "kv_heads") }
            guard heads % kvHeads == 0 else {
                throw args.error(
                    "kv_heads: \(kvHeads) does not divide heads: \(heads)", at: "kv_heads",
                    notes: ["each key/value head serves heads/kv_heads query heads (grouped-query attention)"])
            }
        }
        return AttentionOptions(
            scale: try args.optionalDouble("scale"), mask: try args.optionalTensor("mask"), bias: try args.optionalTensor("bias"),
            causal: try causal(args), window: try window(args), alibi: try args.optionalTensor("alibi"),
            heads: heads, kvHeads: kvHeads)
    }

    /// causal: true/false (a number), "top_left" or "bottom_right".
    static func causal(_ args: Arguments) throws(Diagnostic) -> AttentionOptions.Causal {
        if case .string(let text)? = args.values["causal"]?.value {
            switch text {
            case "top_left": return .topLeft
            case "bottom_right": return .bottomRight
            default:
                let near = Suggest.closest(to: text, in: ["top_left", "bottom_right"])
                throw args.error(
                    "causal: must be true, false, \"top_left\" or \"bottom_right\"; got \"\(text)\"", at: "causal",
                    notes: near.map { ["did you mean \"\($0)\"?"] } ?? [])
            }
        }
        return try args.bool("causal") ? .topLeft : .none
    }

    /// window: w (both sides) or [left, right], whole numbers; negative is unlimited.
    static func window(_ args: Arguments) throws(Diagnostic) -> AttentionOptions.Window? {
        guard let t = try args.optionalTensor("window") else { return nil }
        let sides: [Double]
        if t.count == 1 && t.rank <= 1 {
            sides = [t.scalars[0], t.scalars[0]]
        } else if t.shape == [2] {
            sides = t.scalars
        } else {
            throw args.error(
                "window: must be one number w (as [w, w]) or [left, right], got a tensor of shape \(Tensor.describe(shape: t.shape))",
                at: "window")
        }
        for side in sides where side.rounded() != side || abs(side) >= 9.0e15 {
            throw args.error(
                "window: sides must be whole numbers of keys (negative: unlimited), got \(Printer.number(side, .full))",
                at: "window")
        }
        return AttentionOptions.Window(left: Int(sides[0]), right: Int(sides[1]))
    }

    /// Runs an attention computation. A mask entry that is neither 0 nor 1 is
    /// reported at the mask: argument and points to bias: (an additive float
    /// mask read as "nonzero may attend" would silently attend the wrong
    /// keys); other core errors are reported at the call.
    static func attentionCore<T>(_ args: Arguments, _ body: () throws(CoreError) -> T) throws(Diagnostic) -> T {
        do throws(CoreError) {
            return try body()
        } catch .nonBooleanMask(let value, let index) {
            let position = index.isEmpty ? "" : " at \(index)"
            throw args.error(
                "mask: must hold only 0 and 1 (true/false); got \(Printer.number(value, .digits(6)))\(position) — for an additive float mask (PyTorch's float attn_mask) use bias:",
                at: "mask")
        } catch {
            throw args.diagnostic(for: error)
        }
    }

    static let maskDoc = """
    mask: 1 where a query may attend a key, 0 where it may not (PyTorch's boolean attn_mask; true and false
    are 1 and 0); any other value, nan included, is an error. bias: a float tensor added to the scaled scores
    before the softmax, exactly PyTorch's float attn_mask: softmax(Q·Kᵀ·scale + bias); -inf excludes a key,
    while a finite value, even -1e9, only weighs it down. mask and bias broadcast to [batch..., (heads,) Lq, Lk]
    (heads only when heads > 1); one shared by every batch entry and head is stored once, not per head.
    causal: true (or "top_left") allows key j for query i only when j ≤ i (top-left aligned, as torch's
    is_causal); causal: "bottom_right" only when j ≤ i + Lk - Lq (flash-attn's causal, torch's
    causal_lower_right: the last query sees every key; with Lq > Lk the first Lq - Lk queries see none).
    All three combine (PyTorch refuses attn_mask with is_causal): a key is excluded when the mask holds 0
    there, when causal hides it, or when its biased score is -inf; the bias of an excluded key is ignored.
    A query whose keys are all excluded, in any mix, gets all-zero weights and a zero output row, not nan:
    PyTorch 2.15's scaled_dot_product_attention gives the same zeros for an all-False bool mask and for an
    all -inf float mask (softmax alone gives nan there). A nan or +inf bias at an allowed key makes its
    whole row nan, as it makes the softmax nan.
    """

    static let optionsDoc = """
    window: w or [left, right] (flash-attn's window_size, a sliding window): key j is allowed for query i
    when i + Lk - Lq - left ≤ j ≤ i + Lk - Lq + right (aligned bottom-right, as flash-attn, also when Lq ≠ Lk);
    a negative side is unlimited (flash-attn's -1), and w is [w, w]. alibi: slopes, one per head ([heads])
    or one number for every head, adds -slope·|i + Lk - Lq - j| to the scaled scores (flash-attn's
    alibi_slopes as documented, bottom-right diagonal; under causal=True flash-attn's kernel adds slope·j
    instead, a per-row constant away: the same weights and outputs, an lse larger by slope·(i + Lk - Lq)).
    Slopes must be finite. kv_heads: g (grouped-query attention, torch's
    enable_gqa=True): the heads query heads share g key/value heads, query head t using key/value head
    t / (heads/g); K is then g·d/heads wide (d: the width of Q) and V g·dvh wide (dvh: one head's value
    width), and no key/value head is copied per query head; g must divide heads.
    In full: the score of query i and key j of a head is s_ij = scale·Q_i·K_j + bias_ij - slope·|i + Lk - Lq - j|,
    and the key is allowed when every option allows it: mask not 0, causal, window, and s_ij not -inf.
    Options are intersected, so causal: "bottom_right" with window: [l, r] is flash-attn's causal=True with
    window_size=(l, r) (keys i + Lk - Lq - l through i + Lk - Lq), and causal: true with a window keeps
    only the keys both allow. Key blocks that causal or window hide from a whole block of queries are
    skipped, not computed: a window of w keys costs in proportion to Lq·w, not Lq·Lk.
    """

    /// Parameters that several attention builtins take (attentionOptions
    /// reads them), declared once so that their defaults cannot differ.
    static let maskParameters = [
        Parameter("mask", .named, default: .omitted), Parameter("bias", .named, default: .omitted),
        Parameter("causal", .named, default: .bool(false)),
    ]
    static let optionParameters = [Parameter("window", .named, default: .omitted), Parameter("alibi", .named, default: .omitted)]
    static let headsParameters = [
        Parameter("heads", .named, default: .number(1)), Parameter("kv_heads", .named, default: .computed("heads")),
    ]
    static let scaleParameter = Parameter("scale", .named, default: .computed("1/sqrt(d/heads)"))

    static let attention: [Builtin] = [
        Builtin("scores", [Parameter("Q"), Parameter("K"), scaleParameter] + maskParameters + optionParameters + headsParameters,
                category: .attention,
                summary: "Attention scores Q·Kᵀ·scale (+ bias, ALiBi), -inf where a key is excluded (d = the width of Q).", result: .rule(.attention(["Q", "K", "bias"])),
                details: """
                Q is [Lq, d] or one query [d]; K is [Lk, d]; leading axes are batch axes. Result [..., Lq, Lk], or
                [..., heads, Lq, Lk] when heads > 1. Without options, scale·Q·Kᵀ; with them, the matrix whose softmax is
                weights and whose logsumexp(·, axis: -1) is attend_lse: scale·Q·Kᵀ + bias - slope·|i + Lk - Lq - j| at
                allowed keys and -inf at excluded ones (mask 0, causal, window; the bias there is ignored).
                \(maskDoc)
                \(optionsDoc)
                """,
                example: "scores([[1, 0]], [[1, 0], [0, 1]], scale: 1)\n# => [[1, 0]]") { args, _ throws(Diagnostic) in
            let q = try args.tensor("Q"), k = try args.tensor("K"), options = try attentionOptions(args)
            return .tensor(try attentionCore(args) { () throws(CoreError) in try Attention.scores(q, k, options: options) })
        },
        Builtin("weights", [Parameter("Q"), Parameter("K"), scaleParameter] + maskParameters + optionParameters + headsParameters,
                category: .attention,
                summary: "The attention matrix softmax(Q·Kᵀ·scale + bias) over the keys, per head.", result: .rule(.attention(["Q", "K", "bias"])),
                details: """
                Shape [Lq, Lk], or [heads, Lq, Lk] when heads > 1 (head t uses columns t·d/h ..< (t+1)·d/h of Q and K),
                with any batch axes in front. Each row sums to 1 (0 for a row whose keys are all excluded).
                \(maskDoc)
                \(optionsDoc)
                """,
                example: "weights([[1, 0]], [[1, 0], [0, 1]], scale: 1)\n# => [[0.731059, 0.268941]]") { args, _ throws(Diagnostic) in
            let q = try args.tensor("Q"), k = try args.tensor("K"), options = try attentionOptions(args)
            return .tensor(try attentionCore(args) { () throws(CoreError) in try Attention.weights(q, k, options: options) })
        },
        Builtin("attend", [Parameter("Q"), Parameter("K"), Parameter("V")] + headsParameters + [scaleParameter] + maskParameters
                    + optionParameters + [
                    Parameter("Wq", .named, default: .omitted), Parameter("Wk", .named, default: .omitted),
                    Parameter("Wv", .named, default: .omitted), Parameter("Wo", .named, default: .omitted),
                ], category: .attention,
                summary: "Scaled dot-product attention softmax(Q·Kᵀ/√d + bias)·V, multi-head when heads > 1.", result: .rule(.attention(["Q", "K", "V", "bias"])),
                details: """
                Q [Lq, d], K [Lk, d], V [Lk, dv] → [Lq, dv]; a vector Q is one query and gives a vector (a vector V,
                one value per key, drops the dv axis as numpy.matmul does); leading axes
                are batch axes (one attention per leading index, as PyTorch). heads: h splits d and dv into h equal
                parts (an error if h does not divide them), attends per head with scale 1/sqrt(d/h) and concatenates.
                Wq, Wk, Wv, Wo ([d_model, d_model], right-multiplied: Q·Wq) make it full multi-head attention as
                torch.nn.MultiheadAttention with bias=False (no projection biases): concat(heads)·Wo.
                With kv_heads: g, V is g·dv/heads wide and the output dv wide.
                \(maskDoc)
                \(optionsDoc)
                Computed by a fused kernel that never builds the Lq×Lk matrix; the bias and ALiBi are added inside it,
                as the scores are scaled. attend_lse gives the log-sum-exp of each row of the same call.
                """,
                example: "attend([[1, 0]], [[1, 0], [0, 1]], [[1, 2], [3, 4]], scale: 1)\n# => [[1.53788, 2.53788]]") { args, _ throws(Diagnostic) in
            var q = try args.tensor("Q"), k = try args.tensor("K"), v = try args.tensor("V")
            let options = try attentionOptions(args)
            let wq = try args.optionalTensor("Wq"), wk = try args.optionalTensor("Wk")
            let wv = try args.optionalTensor("Wv"), wo = try args.optionalTensor("Wo")
            return .tensor(try attentionCore(args) { () throws(CoreError) in
                if let wq { q = try Tensor.matmul(q, wq) }
                if let wk { k = try Tensor.matmul(k, wk) }
                if let wv { v = try Tensor.matmul(v, wv) }
                let out = try Attention.attend(q, k, v, options: options)
                return try wo.map { w throws(CoreError) in try Tensor.matmul(out, w) } ?? out
            })
        },
        Builtin("attend_lse", [Parameter("Q"), Parameter("K"), Parameter("V", default: .omitted)] + headsParameters + [scaleParameter]
                    + maskParameters + optionParameters,
                category: .attention,
                summary: "The log-sum-exp of each row of attention scores, log Σ_j exp(s_ij) over the allowed keys, per head.", result: .rule(.attention(["Q", "K", "V", "bias"])),
                details: """
                Shape [Lq], or [heads, Lq] when heads > 1, with any batch axes in front: flash-attn's softmax_lse
                ([batch, heads, Lq]) and the logsumexp PyTorch's _scaled_dot_product_flash_attention returns beside the output.
                It equals logsumexp(scores(Q, K, ...), axis: -1) with the same options, and weights = exp(scores - lse).
                The arguments are attend's without the projections. V is optional and only its shape is checked: the lse
                does not depend on it, so renaming attend to attend_lse gives the lse of the same call. Computed by the
                fused kernel without the P·V product (no Lq×Lk matrix). A row whose keys are all excluded gives -inf
                (log 0; flash-attn's CUDA kernel writes +inf there, PyTorch 2.15's CPU kernel 0); a nan or +inf score at an
                allowed key gives nan. A builtin of its own, not attend(..., lse: true): attn has no tuples, and a result
                whose shape does not depend on a flag reads better than an output with lse columns appended.
                \(maskDoc)
                \(optionsDoc)
                """,
                example: "attend_lse([[1, 0]], [[1, 0], [0, 1]], scale: 1)\n# => [1.31326]") { args, _ throws(Diagnostic) in
            let q = try args.tensor("Q"), k = try args.tensor("K"), v = try args.optionalTensor("V")
            let options = try attentionOptions(args)
            return .tensor(try attentionCore(args) { () throws(CoreError) in
                try Attention.logSumExp(q, k, v, options: options)
            })
        },
        Builtin("dot_attention", [Parameter("Q"), Parameter("K"), Parameter("V")] + maskParameters,
                category: .attention,
                summary: "Luong dot-product attention softmax(Q·Kᵀ + bias)·V: attend with scale 1.", result: .rule(.attention(["Q", "K", "V", "bias"])),
                details: maskDoc,
                example: "dot_attention([[1, 0]], [[1, 0], [0, 1]], [[1, 2], [3, 4]])\n# => [[1.53788, 2.53788]]") { args, _ throws(Diagnostic) in
            let q = try args.tensor("Q"), k = try args.tensor("K"), v = try args.tensor("V")
            let options = AttentionOptions(
                scale: 1, mask: try args.optionalTensor("mask"), bias: try args.optionalTensor("bias"),
                causal: try causal(args))
            return .tensor(try attentionCore(args) { () throws(CoreError) in try Attention.attend(q, k, v, options: options) })
        },
        Builtin("additive", [Parameter("Q"), Parameter("K"), Parameter("V"), Parameter("Wq", .named, default: .omitted),
                             Parameter("Wk", .named, default: .omitted), Parameter("v", .named, default: .omitted)], category: .attention,
                summary: "Bahdanau (additive) attention: score(q, k) = tanh(q·Wq + k·Wk)·v, softmax over keys, weighted sum of V.", result: .rule(.attention(["Q", "K", "V", "Wq", "Wk", "v"])),
                details: """
                Q [Lq, dq] (or one query [dq]), K [Lk, dk], V [Lk, dv]; Wq [dq, a], Wk [dk, a], v [a] (row vectors,
                right-multiplied as in attend). Without Wq/Wk the projections are the identity (dq must equal dk);
                without v the score is Σ tanh(q + k), Keras AdditiveAttention(use_scale=False).
                """,
                example: "additive([[0, 0]], [[1, 1], [-1, -1]], [[1], [3]])\n# => [[1.09075]]") { args, _ throws(Diagnostic) in
            let q = try args.tensor("Q"), k = try args.tensor("K"), v = try args.tensor("V")
            let wq = try args.optionalTensor("Wq"), wk = try args.optionalTensor("Wk"), vec = try args.optionalTensor("v")
            return .tensor(try args.core { () throws(CoreError) in try Attention.additive(q, k, v, wq: wq, wk: wk, vector: vec) })
        },
        Builtin("attention_weights", [Parameter("q"), Parameter("K")], category: .attention,
                summary: "The seed article's helper: softmax(K·q), unscaled (numpy: e = exp(dot(K, q)); e / sum(e)).", result: .rule(.attention(["q", "K"])),
                details: """
                K [n, d] and q [d] give n weights. If K is a single vector [d], K·q is one number and the weight is 1
                (this is what the article's program really computes: it prints 1.0, not [0.5 0.5]).
                """,
                example: "attention_weights([0.5, 0.5], [[1, 1], [1, -1]])\n# => [0.731059, 0.268941]") { args, _ throws(Diagnostic) in
            let q = try args.tensor("q"), k = try args.tensor("K")
            return .tensor(try args.core { () throws(CoreError) in
                let s = try Tensor.dot(k, q)
                return try s.softmax(axis: -1)
            })
        },
        Builtin("weighted_sum", [Parameter("X"), Parameter("w")], category: .attention,
                summary: "Σᵢ wᵢ·Xᵢ over the first axis of X (the seed's helper); a number w scales X.", result: .rule(.promoted("X", "w")),
                details: "X [n, ...] and w [n] give [...]; for vectors this is dot(X, w). A scalar w gives w·X, as numpy.dot(x, w) does.",
                example: "weighted_sum([[1, 2], [3, 4]], [0.5, 0.5])\n# => [2, 3]") { args, _ throws(Diagnostic) in
            let x = try args.tensor("X"), w = try args.tensor("w")
            return .tensor(try args.core { () throws(CoreError) in
                if w.isScalar { return try Tensor.binary(.multiply, x, w) }
                guard w.rank == 1, x.rank >= 1, x.shape[0] == w.shape[0] else {
                    throw CoreError.shapeMismatch("w must be a vector with one weight per row of X: X \(Tensor.describe(shape: x.shape)), w \(Tensor.describe(shape: w.shape))")
                }
                let rows = try x.reshape([x.shape[0], -1])
                let product = try Tensor.matmul(w, rows)
                return try product.reshape(Array(x.shape.dropFirst()))
            })
        },
    ]
}
