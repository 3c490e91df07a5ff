import AttnCore
import AttnLang

/// Losses, as documents print them after a forward pass (`loss =
/// F.cross_entropy(logits, targets)`): `cross_entropy` (class indices,
/// `ignore_index`, `reduction`), `nll_loss`, `mse_loss`, and the modules
/// `nn.CrossEntropyLoss` and `nn.MSELoss`. Nothing is differentiated.
extension TorchFunctional {
    static func losses(_ m: inout ModuleBuilder) {
        m.function("cross_entropy", ["input", "target", "weight", "size_average", "ignore_index", "reduce", "reduction", "label_smoothing"], required: 2) { v, _, py throws(PyError) in
            let input = try tensorBox(v[0], "cross_entropy", py)
            let logProbabilities = try TorchMethods.softmax(input, .int(input.tensor.rank == 1 ? 0 : 1), nil, log: true, py)
            return try nll(logProbabilities, v[1], ignoreIndex: v[4], reduction: v[6], py, name: "cross_entropy")
        }
        m.function("nll_loss", ["input", "target", "weight", "size_average", "ignore_index", "reduce", "reduction"], required: 2) { v, _, py throws(PyError) in
            try nll(v[0] ?? .none, v[1], ignoreIndex: v[4], reduction: v[6], py, name: "nll_loss")
        }
        m.function("mse_loss", ["input", "target", "size_average", "reduce", "reduction"], required: 2) { v, _, py throws(PyError) in
            try mse(v[0] ?? .none, v[1] ?? .none, reduction: v[4], py)
        }
    }

    static func reductionName(_ v: PyValue?) throws(PyError) -> String {
        guard let v, !v.isNone else { return "mean" }
        guard case .str(let s) = v, ["mean", "sum", "none"].contains(s) else {
            throw PyError.value("\(v.typeName) is not a valid value for reduction")
        }
        return s
    }

    /// The negative log-likelihood of class indices: −input[i, target[i]],
    /// averaged over the targets not ignored (`reduction='mean'`), summed,
    /// or kept (`'none'`). Input is [N, C] (or [C]), or [N, C, d...] with
    /// targets [N, d...].
    static func nll(_ input: PyValue, _ target: PyValue?, ignoreIndex: PyValue?, reduction: PyValue?, _ py: PyInterpreter, name: String) throws(PyError) -> PyValue {
        let box = try tensorBox(input, name, py)
        guard let targetBox = target.flatMap(py.torchBox) else { throw PyError.type("\(name)(): argument 'target' (position 2) must be Tensor") }
        let mode = try reductionName(reduction)
        let ignore = ignoreIndex?.asIndex ?? -100
        let x = box.tensor, y = targetBox.tensor
        guard !y.dtype.isFloatingPoint, y.dtype != .bool else {
            throw PyError.unsupported("\(name) with class probabilities as targets is not supported yet; give class indices")
        }
        guard x.rank >= 1 else { throw PyError.index("Dimension out of range (expected to be in range of [-1, 0], but got 1)") }
        guard x.dtype.isFloatingPoint else { throw PyError.runtime("\"nll_loss\" not implemented for '\(TorchMethods.dtypeWord(x.dtype))'") }
        // Move the class axis last: [N, C, d...] → [N·d..., C].
        let classes = x.rank == 1 ? x.shape[0] : x.shape[1]
        let rows: Tensor = try PyError.core { () throws(CoreError) in
            if x.rank == 1 { return try x.reshape([1, classes]) }
            return try x.moveAxis(1, to: x.rank - 1).strong.reshape([x.count / Swift.max(classes, 1), classes])
        }
        let expected = x.rank == 1 ? [] : [x.shape[0]] + Array(x.shape.dropFirst(2))
        guard y.shape == expected else {
            throw PyError.value("Expected input batch_size (\(x.rank == 1 ? 1 : x.shape[0])) to match target batch_size (\(y.shape.first ?? 1)).")
        }
        let values = rows.storage.doubles, targets = y.storage.doubles
        var losses: [Double] = []
        var total = 0.0, counted = 0
        for (i, t) in targets.enumerated() {
            if i & 0xFFFF == 0xFFFF { try PyError.checkInterrupt() }
            // Targets are integers (int64 or int32), exact in a Double.
            if t == Double(ignore) {
                losses.append(0)
                continue
            }
            guard t >= 0 && t < Double(classes) else { throw PyError.index("Target \(Int64(clamping: Int(exactly: t) ?? -1)) is out of bounds.") }
            let k = Int(t)
            let loss = -values[i * classes + k]
            losses.append(loss)
            total += loss
            counted += 1
        }
        let result: Tensor
        switch mode {
        case "none": result = Tensor(unchecked: y.shape, losses)
        case "sum": result = Tensor(total)
        default: result = Tensor(counted == 0 ? .nan : total / Double(counted))
        }
        let out = try PyError.core { () throws(CoreError) in try result.converted(to: x.dtype) }
        return py.torchResult(out, [box], mode == "none" ? "NllLossBackward0" : "NllLossBackward0")
    }

    /// Mean (or summed, or elementwise) squared difference.
    static func mse(_ input: PyValue, _ target: PyValue, reduction: PyValue?, _ py: PyInterpreter) throws(PyError) -> PyValue {
        let box = try tensorBox(input, "mse_loss", py)
        let mode = try reductionName(reduction)
        guard case .instance(let d) = try TorchOps.binary(.subtract, input, target, py), let diff = d.native as? TorchTensor else { return .none }
        let squares = try PyError.core { () throws(CoreError) in try Tensor.binary(.multiply, diff.tensor, diff.tensor) }
        let result: Tensor
        switch mode {
        case "none": result = squares
        case "sum": result = try NumpyMethods.reduce(squares, .sum, axes: nil, keepDims: false)
        default: result = try NumpyMethods.reduce(squares, .mean, axes: nil, keepDims: false)
        }
        return py.torchResult(result, [box, py.torchBox(target)], "MseLossBackward0")
    }
}
