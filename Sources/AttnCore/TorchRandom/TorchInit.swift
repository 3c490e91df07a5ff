import Foundation

// PyTorch's default parameter initialisations (torch/nn/init.py and the
// modules' `reset_parameters`), drawing from a `TorchGenerator` in the
// order PyTorch's constructors do, in float32 (PyTorch's default dtype)
// unless a dtype is given. Bounds are computed in float64 exactly as the
// Python code computes them, then handed to `uniform` or `normal`.
//
// - `nn.Linear(in, out, bias)`: weight [out, in] by
//   kaiming_uniform_(a = √5), then the bias [out] uniform in ±1/√in
//   (±0 when in = 0).
// - `nn.Embedding(num, dim, padding_idx)`: weight [num, dim] standard
//   normal, the padding row zeroed afterwards.
// - `nn.MultiheadAttention(E, heads, bias)`: the constructor first builds
//   out_proj as a Linear(E, E, bias) (weight then bias drawn), then
//   xavier_uniform_ on in_proj_weight [3E, E]; in_proj_bias and out_proj's
//   bias are then set to zeros. So out_proj's draws come first.
// - `nn.LayerNorm(shape)`: weight ones, bias zeros, no draws.

/// The parameters of a `nn.Linear`.
public struct TorchLinearParameters: Equatable, Sendable {
    /// [out_features, in_features].
    public var weight: Tensor
    /// [out_features], or nil for `bias=False`.
    public var bias: Tensor?
}

/// The parameters of a `nn.MultiheadAttention` with equal q, k, v sizes.
public struct TorchMultiheadAttentionParameters: Equatable, Sendable {
    /// [3E, E]: the q, k and v projections stacked.
    public var inProjWeight: Tensor
    /// [3E] zeros, or nil for `bias=False`.
    public var inProjBias: Tensor?
    /// [E, E].
    public var outProjWeight: Tensor
    /// [E] zeros, or nil for `bias=False`.
    public var outProjBias: Tensor?
}

extension TorchGenerator {
    /// `calculate_gain('leaky_relu', a)`: √(2 / (1 + a²)).
    static func leakyReluGain(_ a: Double) -> Double {
        (2.0 / (1 + a * a)).squareRoot()
    }

    /// fan_in and fan_out of a weight of `shape` (rank ≥ 2): its second and
    /// first lengths, each times the product of the lengths after them.
    public static func fans(_ shape: [Int]) throws(CoreError) -> (fanIn: Int, fanOut: Int) {
        guard shape.count >= 2 else {
            throw CoreError.invalidArgument("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
        }
        let receptive = shape.dropFirst(2).reduce(1, *)
        return (shape[1] * receptive, shape[0] * receptive)
    }

    /// `nn.init.kaiming_uniform_(w, a, mode='fan_in',
    /// nonlinearity='leaky_relu')` on a fresh tensor of `shape`: uniform in
    /// ±√3 · gain / √fan_in. An empty shape draws nothing (PyTorch warns).
    public mutating func kaimingUniform(_ shape: [Int], a: Double = 0, dtype: DType = .float32) throws(CoreError) -> Tensor {
        let (fanIn, _) = try TorchGenerator.fans(shape)
        if shape.contains(0) { return try Tensor.zeros(shape, dtype: dtype) }
        let std = TorchGenerator.leakyReluGain(a) / Double(fanIn).squareRoot()
        let bound = 3.0.squareRoot() * std
        return try uniform(shape, from: -bound, to: bound, dtype: dtype)
    }

    /// `nn.init.xavier_uniform_(w, gain)` on a fresh tensor of `shape`:
    /// uniform in ±√3 · gain · √(2 / (fan_in + fan_out)).
    public mutating func xavierUniform(_ shape: [Int], gain: Double = 1, dtype: DType = .float32) throws(CoreError) -> Tensor {
        let (fanIn, fanOut) = try TorchGenerator.fans(shape)
        let std = gain * (2.0 / Double(fanIn + fanOut)).squareRoot()
        let bound = 3.0.squareRoot() * std
        return try uniform(shape, from: -bound, to: bound, dtype: dtype)
    }

    /// `nn.Linear(inFeatures, outFeatures, bias)`'s parameters.
    public mutating func linear(inFeatures: Int, outFeatures: Int, bias: Bool = true, dtype: DType = .float32) throws(CoreError) -> TorchLinearParameters {
        let weight = try kaimingUniform([outFeatures, inFeatures], a: 5.0.squareRoot(), dtype: dtype)
        guard bias else { return TorchLinearParameters(weight: weight, bias: nil) }
        let bound = inFeatures > 0 ? 1 / Double(inFeatures).squareRoot() : 0
        let b = try uniform([outFeatures], from: -bound, to: bound, dtype: dtype)
        return TorchLinearParameters(weight: weight, bias: b)
    }

    /// `nn.Embedding(count, dimension, padding_idx)`'s weight (a negative
    /// padding index counts from the end, as PyTorch allows).
    public mutating func embedding(count: Int, dimension: Int, paddingIndex: Int? = nil, dtype: DType = .float32) throws(CoreError) -> Tensor {
        var row: Int?
        if let paddingIndex {
            let resolved = paddingIndex < 0 ? paddingIndex + count : paddingIndex
            guard resolved >= 0, resolved < count else {
                throw CoreError.invalidArgument(paddingIndex < 0
                    ? "Padding_idx must be within num_embeddings" : "Padding_idx must be within num_embeddings")
            }
            row = resolved
        }
        let weight = try normal([count, dimension], mean: 0, std: 1, dtype: dtype)
        guard let row, dimension > 0 else { return weight }
        return try weight.zeroingRow(row, width: dimension)
    }

    /// `nn.MultiheadAttention(embedDim, numHeads, bias)`'s parameters.
    public mutating func multiheadAttention(embedDim: Int, numHeads: Int, bias: Bool = true, dtype: DType = .float32) throws(CoreError) -> TorchMultiheadAttentionParameters {
        guard numHeads > 0, embedDim > 0, embedDim % numHeads == 0 else {
            throw CoreError.invalidArgument(numHeads > 0 && embedDim > 0
                ? "embed_dim must be divisible by num_heads"
                : "embed_dim and num_heads must be greater than 0, got embed_dim=\(embedDim) and num_heads=\(numHeads) instead")
        }
        let outProj = try linear(inFeatures: embedDim, outFeatures: embedDim, bias: bias, dtype: dtype)
        let inProj = try xavierUniform([3 * embedDim, embedDim], dtype: dtype)
        return TorchMultiheadAttentionParameters(
            inProjWeight: inProj,
            inProjBias: bias ? try Tensor.zeros([3 * embedDim], dtype: dtype) : nil,
            outProjWeight: outProj.weight,
            outProjBias: bias ? try Tensor.zeros([embedDim], dtype: dtype) : nil)
    }

    /// `nn.LayerNorm(shape, elementwise_affine, bias)`'s weight (ones) and
    /// bias (zeros); no draws.
    public static func layerNorm(_ shape: [Int], bias: Bool = true, dtype: DType = .float32) throws(CoreError) -> (weight: Tensor, bias: Tensor?) {
        (try Tensor.ones(shape, dtype: dtype), bias ? try Tensor.zeros(shape, dtype: dtype) : nil)
    }
}

extension Tensor {
    /// A [rows, width] float tensor with row `row` set to zeros.
    fileprivate func zeroingRow(_ row: Int, width: Int) throws(CoreError) -> Tensor {
        let range = (row * width)..<((row + 1) * width)
        switch storage {
        case .float32(var a):
            for i in range { a[i] = 0 }
            return Tensor(unchecked: shape, storage: .float32(a))
        case .float64(var a):
            for i in range { a[i] = 0 }
            return Tensor(unchecked: shape, storage: .float64(a))
        case .int64, .int32, .bool:
            return self
        }
    }
}
