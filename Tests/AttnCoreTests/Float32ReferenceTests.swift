@testable import AttnCore
import Foundation
import XCTest

/// attn's float32 results against PyTorch and numpy (Fixtures/
/// float32_reference.json, written by scripts/golden_float32.py): float32
/// in, float32 out, within the documented bound of the float64 result on the
/// same inputs, and about as close to it as PyTorch's or numpy's own float32
/// result (no more than 4× their error plus 8 ulps of the output's scale).
final class Float32ReferenceTests: XCTestCase {
    /// One case of the fixture; which fields are present depends on `kind`.
    private struct Case: Decodable {
        var kind: String, name: String
        // attention
        var batch: Int?, heads: Int?, kv_heads: Int?, lq: Int?, lk: Int?, dh: Int?, dvh: Int?
        var scale: Double?, causal: String?, window: [Int]?, alibi: [UInt32]?, mask: [Int]?
        var bias_shape: [Int]?, bias: [UInt32]?, q: [UInt32]?, k: [UInt32]?, v: [UInt32]?
        var exact_lse: [Double]?, torch32_lse: [UInt32]?
        // matmul
        var m: Int?, n: Int?, depth: Int?, a: [UInt32]?, b: [UInt32]?, numpy32: [UInt32]?
        // softmax
        var rows: Int?, axis: Int?, x: [UInt32]?, exact_log_softmax: [Double]?, lse_bound: [Double]?
        var dtype: String?, ints: [Int64]?
        // every kind
        var exact: [Double]
        var torch32: [UInt32]?
        var bound: [Double]?
    }

    private func cases() throws -> [Case] {
        let data = try Data(contentsOf: Fixtures.directory().appendingPathComponent("float32_reference.json"))
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode([Case].self, from: data)
    }

    private func tensor(_ bits: [UInt32]?, _ shape: [Int]) -> Tensor {
        Tensor(unchecked: shape, storage: .float32((bits ?? []).map { Float(bitPattern: $0) }))
    }

    /// Checks float32 `actual` against `exact` within `bound`, and against
    /// the other float32 implementation's error (when given).
    private func check(
        _ actual: Tensor, exact: [Double], bound: [Double], other: [UInt32]?, _ label: String
    ) {
        XCTAssertEqual(actual.dtype, .float32, label)
        guard case .float32(let values) = actual.storage else { return }
        assertWithinBounds(values, exact, bound, label)
        guard let other else { return }
        let scale = exact.filter(\.isFinite).map(abs).max() ?? 1
        var ours = 0.0, theirs = 0.0
        for (index, e) in exact.enumerated() where e.isFinite {
            ours = max(ours, abs(Double(values[index]) - e))
            theirs = max(theirs, abs(Double(Float(bitPattern: other[index])) - e))
        }
        XCTAssertLessThanOrEqual(ours, 4 * theirs + 8 * 2 * float32Unit * scale, "\(label): attn \(ours), reference \(theirs)")
    }

    func testAttentionAgainstPyTorch() throws {
        for c in try cases() where c.kind == "attention" {
            guard let batch = c.batch, let heads = c.heads, let kvHeads = c.kv_heads, let lq = c.lq, let lk = c.lk,
                let dh = c.dh, let dvh = c.dvh, let bound = c.bound
            else { return XCTFail("\(c.name): incomplete case") }
            let q = tensor(c.q, [batch, lq, heads * dh])
            let k = tensor(c.k, [batch, lk, kvHeads * dh]), v = tensor(c.v, [batch, lk, kvHeads * dvh])
            var options = AttentionOptions(scale: c.scale, heads: heads, kvHeads: kvHeads)
            options.causal = c.causal == "top_left" ? .topLeft : c.causal == "bottom_right" ? .bottomRight : .none
            options.window = c.window.map { AttentionOptions.Window(left: $0[0], right: $0[1]) }
            options.alibi = c.alibi.map { tensor($0, [$0.count]) }
            options.mask = c.mask.map { Tensor(unchecked: [lq, lk], storage: .bool($0.map { $0 != 0 })) }
            options.bias = c.bias.map { tensor($0, c.bias_shape ?? []) }
            let (out, lse) = try Attention.attendWithLSE(q, k, v, options: options)
            check(out, exact: c.exact, bound: bound, other: c.torch32, "attend \(c.name)")
            // The lse: within the documented bound (E + (b/8 + 4⌈Lk/b⌉ + log₂Lk + 8)u + 2u|lse|,
            // here with the largest E of the output bound's rows, E ≤ bound/(2M)).
            let exactLSE = c.exact_lse ?? []
            XCTAssertEqual(lse.dtype, .float32)
            let lseBound = exactLSE.map { l in
                (32 + 4 * Double((lk + 255) / 256) + log2(Double(lk)) + 8) * float32Unit + 2 * float32Unit * abs(l)
                    + 0.5 * (bound.max() ?? 0)
            }
            if case .float32(let values) = lse.storage {
                assertWithinBounds(values, exactLSE, lseBound, "lse \(c.name)")
            }
            // weights and scores in float32 too, agreeing with the float64 computation.
            XCTAssertEqual(try Attention.weights(q, k, options: options).dtype, .float32)
        }
    }

    func testMatmulAgainstNumpy() throws {
        for c in try cases() where c.kind == "matmul" {
            guard let m = c.m, let n = c.n, let depth = c.depth, let bound = c.bound else { return XCTFail(c.name) }
            let a = tensor(c.a, [m, depth]), b = tensor(c.b, [depth, n])
            check(try Tensor.matmul(a, b), exact: c.exact, bound: bound, other: c.numpy32, "matmul \(c.name)")
        }
    }

    func testSoftmaxFamilyAgainstPyTorch() throws {
        for c in try cases() where c.kind == "softmax" {
            guard let rows = c.rows, let n = c.n, let axis = c.axis, let bound = c.bound else { return XCTFail(c.name) }
            let x = tensor(c.x, [rows, n])
            check(try x.softmax(axis: axis), exact: c.exact, bound: bound, other: c.torch32, "softmax \(c.name)")
            let lse = try x.logSumExp(axis: axis)
            check(lse, exact: c.exact_lse ?? [], bound: c.lse_bound ?? [], other: c.torch32_lse, "logsumexp \(c.name)")
            // log_softmax = x − lse: the lse bound plus one rounding of the result.
            let logSoftmax = try x.logSoftmax(axis: axis)
            let lseBound = c.lse_bound ?? []
            let perElement = (c.exact_log_softmax ?? []).enumerated().map { index, value in
                let run = axis == -1 ? index / n : index % n
                return lseBound[run] + 2 * float32Unit * abs(value)
            }
            check(logSoftmax, exact: c.exact_log_softmax ?? [], bound: perElement, other: nil, "log_softmax \(c.name)")
        }
    }

    func testIntegerSoftmaxIsFloat64AsScipy() throws {
        for c in try cases() where c.kind == "integer_softmax" {
            guard let rows = c.rows, let n = c.n, let ints = c.ints else { return XCTFail(c.name) }
            XCTAssertEqual(c.dtype, "float64", "scipy's result dtype")
            let x = Tensor(unchecked: [rows, n], storage: .int64(ints))
            let s = try x.softmax()
            XCTAssertEqual(s.dtype, .float64)
            assertClose(s.scalars, c.exact, tolerance: 1e-15, "softmax of int64")
            // attn's float64 log_softmax is x − lse: around 1000 that rounds at 1e-13 (scipy's (x − m) − log Σ does not).
            assertClose(try x.logSoftmax().scalars, c.exact_log_softmax ?? [], tolerance: 1e-12, "log_softmax of int64")
            assertClose(try x.logSumExp(axis: -1).scalars, c.exact_lse ?? [], tolerance: 1e-15, "logsumexp of int64")
        }
    }
}
