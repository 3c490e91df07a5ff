@testable import AttnCore
import XCTest

/// The tensor-level entry points on float32 and other dtypes: matmul, dot,
/// outer, transposes, the softmax family and attention return the dtype
/// numpy (and PyTorch) would, compute float32 in float32 (agreeing with the
/// float32 kernels bit for bit), and promote mixed operands to float64
/// (agreeing bit for bit with the float64 path on converted operands).
final class Float32TensorTests: XCTestCase {
    private func randn(_ shape: [Int], seed: UInt64, _ dtype: DType = .float32) throws -> Tensor {
        try Tensor.randn(shape, seed: seed).converted(to: dtype)
    }

    private func floats(_ t: Tensor) -> [Float] {
        if case .float32(let a) = t.storage { return a }
        XCTFail("expected float32, got \(t.dtype)")
        return []
    }

    private func ints(_ t: Tensor) -> [Int64] {
        if case .int64(let a) = t.storage { return a }
        XCTFail("expected int64, got \(t.dtype)")
        return []
    }

    // MARK: Products

    func testMatmulResultTypesFollowNumpy() throws {
        let f32 = try randn([2, 3], seed: 1), f64 = try randn([3, 2], seed: 2, .float64)
        let i64 = Tensor(unchecked: [3, 2], storage: .int64([1, 2, 3, 4, 5, 6]))
        let i32 = Tensor(unchecked: [3, 2], storage: .int32([1, 2, 3, 4, 5, 6]))
        let b = Tensor(unchecked: [3, 2], storage: .bool([true, false, true, true, false, false]))
        let f32b = try randn([3, 2], seed: 3)
        // np.result_type for these pairs (numpy 2.4.6).
        XCTAssertEqual(try Tensor.matmul(f32, f32b).dtype, .float32)
        XCTAssertEqual(try Tensor.matmul(f32, f64).dtype, .float64)
        XCTAssertEqual(try Tensor.matmul(f32, i64).dtype, .float64)
        XCTAssertEqual(try Tensor.matmul(f32, i32).dtype, .float64)
        XCTAssertEqual(try Tensor.matmul(f32, b).dtype, .float32)
        let i64a = Tensor(unchecked: [2, 3], storage: .int64([1, -2, 3, 0, 5, 7]))
        XCTAssertEqual(try Tensor.matmul(i64a, i64).dtype, .int64)
        XCTAssertEqual(try Tensor.matmul(i64a, i32).dtype, .int64)
        XCTAssertEqual(try Tensor.matmul(try i64a.converted(to: .int32), i32).dtype, .int32)
        let bools = Tensor(unchecked: [2, 3], storage: .bool([true, false, false, false, true, true]))
        XCTAssertEqual(try Tensor.matmul(bools, b).dtype, .bool)
        XCTAssertEqual(try Tensor.matmul(bools, i64).dtype, .int64)
        XCTAssertEqual(try Tensor.dot(f32, f32b).dtype, .float32)
        let half = try Tensor(0.5).converted(to: .float32)
        XCTAssertEqual(try Tensor.dot(half, f32).dtype, .float32)
        XCTAssertEqual(try Tensor.dot(f32, half).shape, [2, 3])
        XCTAssertEqual(try Tensor.dot(half, f32).scalars, f32.scalars.map { $0 * 0.5 })
        XCTAssertEqual(try Tensor.dot(Tensor(2), f32).dtype, .float64)
        XCTAssertEqual(try Tensor.outer(f32, f32b).dtype, .float32)
        XCTAssertEqual(try Tensor.outer(f32, i64).dtype, .float64)
    }

    func testMatmulValues() throws {
        // float32 is the float32 kernel; mixed is the float64 product of the converted operands.
        let a = try randn([2, 17, 40], seed: 4), b = try randn([40, 23], seed: 5)
        let c = try Tensor.matmul(a, b)
        XCTAssertEqual(c.shape, [2, 17, 23])
        let x = floats(a), y = floats(b)
        var expected = [Float](repeating: 0, count: 2 * 17 * 23)
        for t in 0..<2 {
            x.withUnsafeBufferPointer { px in
                y.withUnsafeBufferPointer { py in
                    expected.withUnsafeMutableBufferPointer { pc in
                        guard let px = px.baseAddress, let py = py.baseAddress, let pc = pc.baseAddress else { return }
                        Kernels.gemm(px + t * 17 * 40, py, pc + t * 17 * 23, m: 17, n: 23, k: 40)
                    }
                }
            }
        }
        XCTAssertEqual(floats(c), expected)
        let b64 = try b.converted(to: .float64)
        XCTAssertEqual(try Tensor.matmul(a, b64), try Tensor.matmul(try a.converted(to: .float64), b64))
        // Vector operands drop their axis and keep float32.
        let v = try randn([40], seed: 6)
        XCTAssertEqual(try Tensor.matmul(v, b).shape, [23])
        XCTAssertEqual(try Tensor.matmul(v, b).dtype, .float32)
        XCTAssertEqual(try Tensor.matmul(v, v).shape, [])
    }

    func testIntegerMatmulWrapsAsNumpy() throws {
        // np.array([[2**62, 3]]) @ np.array([[4], [5]]) wraps: 2**64 + 15 → 15.
        let a = Tensor(unchecked: [1, 2], storage: .int64([1 << 62, 3]))
        let b = Tensor(unchecked: [2, 1], storage: .int64([4, 5]))
        XCTAssertEqual(ints(try Tensor.matmul(a, b)), [15])
        let m = Tensor(unchecked: [2, 2], storage: .int64([1, 2, 3, 4]))
        XCTAssertEqual(ints(try Tensor.matmul(m, m)), [7, 10, 15, 22])
        // int32 stays int32 and wraps at 32 bits: 65536·65536 = 2^32 → 0.
        let w = Tensor(unchecked: [1, 1], storage: .int32([65536]))
        XCTAssertEqual(try Tensor.matmul(w, w).storage, .int32([0]))
        // Booleans: any(a and b).
        let p = Tensor(unchecked: [2, 2], storage: .bool([true, false, false, false]))
        let q = Tensor(unchecked: [2, 2], storage: .bool([false, true, true, true]))
        XCTAssertEqual(try Tensor.matmul(p, q).storage, .bool([false, true, false, false]))
        XCTAssertEqual(try Tensor.outer(p, q).storage.count, 16)
        XCTAssertEqual(ints(try Tensor.outer(a, Tensor(unchecked: [1], storage: .int64([4])))), [0, 12])
    }

    func testTransposesKeepEveryDtype() throws {
        let x = try randn([2, 3, 4], seed: 7)
        let t = try x.transposed
        XCTAssertEqual(t.dtype, .float32)
        XCTAssertEqual(t.shape, [2, 4, 3])
        XCTAssertEqual(t.scalars, try x.converted(to: .float64).transposed.scalars)
        for dtype in [DType.int64, .int32, .bool] {
            let y = try x.converted(to: dtype)
            let p = try y.permuted([2, 0, 1])
            XCTAssertEqual(p.dtype, dtype)
            XCTAssertEqual(p, try (try x.converted(to: .float64).permuted([2, 0, 1])).converted(to: dtype))
        }
    }

    // MARK: Softmax family

    func testSoftmaxFamilyInFloat32() throws {
        var x = try randn([5, 37], seed: 8)
        x = try x.map { $0 * 4 }.converted(to: .float32)
        let exact = try x.converted(to: .float64)
        for axis in [-1, 0] {
            let s = try x.softmax(axis: axis)
            XCTAssertEqual(s.dtype, .float32)
            // The documented bound: (|xᵢ − m| + n/8 + 6)·u relative on the
            // last axis, (|xᵢ − m| + n + 6)·u on another (n = 37 or 5).
            let e = try exact.softmax(axis: axis).scalars
            let n = Double(axis == -1 ? 37 / 8 : 5)
            for (index, (a, b)) in zip(s.scalars, e).enumerated() {
                let row = axis == -1 ? index / 37 : index % 37
                let run = axis == -1 ? (0..<37).map { row * 37 + $0 } : (0..<5).map { $0 * 37 + row }
                let m = run.map { exact.scalars[$0] }.max() ?? 0
                let bound = (abs(exact.scalars[index] - m) + n + 6) * float32Unit * b
                XCTAssertLessThanOrEqual(abs(a - b), bound + 1e-45, "axis \(axis) element \(index)")
            }
            let ls = try x.logSoftmax(axis: axis)
            XCTAssertEqual(ls.dtype, .float32)
            for (a, b) in zip(ls.scalars, try exact.logSoftmax(axis: axis).scalars) {
                XCTAssertLessThanOrEqual(abs(a - b), 45 * float32Unit * max(1, abs(b)), "axis \(axis)")
            }
            let lse = try x.logSumExp(axis: axis)
            XCTAssertEqual(lse.dtype, .float32)
            XCTAssertEqual(lse.shape, axis == -1 ? [5] : [37])
            for (a, b) in zip(lse.scalars, try exact.logSumExp(axis: axis).scalars) {
                XCTAssertLessThanOrEqual(abs(a - b), 45 * float32Unit * max(1, abs(b)), "axis \(axis)")
            }
        }
        let all = try x.logSumExp(axis: nil)
        XCTAssertEqual(all.dtype, .float32)
        XCTAssertEqual(all.shape, [])
        // Edge cases keep their meaning in float32.
        let edge = try Tensor(shape: [3, 2], scalars: [-.infinity, -.infinity, .infinity, 1, .nan, 0]).converted(to: .float32)
        XCTAssertTrue(try edge.softmax().scalars.allSatisfy(\.isNaN))
        XCTAssertEqual(try edge.logSumExp(axis: -1).scalars.prefix(2), [-.infinity, .infinity])
        XCTAssertEqual(try Tensor(unchecked: [0, 3], storage: .float32([])).logSumExp(axis: 0).scalars, [-.infinity, -.infinity, -.infinity])
        XCTAssertEqual(try Tensor(unchecked: [0, 3], storage: .float32([])).softmax().dtype, .float32)
        // The same in rows long enough for whole vectors (and a tail), at the current level.
        var long = [Float](repeating: 0, count: 4 * 21)
        for j in 0..<21 { long[j] = Float(j) * 0.5 }
        long[21 + 13] = .nan
        long[2 * 21 + 17] = .infinity
        for j in 0..<21 { long[3 * 21 + j] = -.infinity }
        let soft = try Tensor(unchecked: [4, 21], storage: .float32(long)).softmax().scalars
        XCTAssertTrue(soft[21...].allSatisfy(\.isNaN), "NaN, +inf and all −inf rows are NaN")
        let first = try Tensor(vector: (0..<21).map { Double($0) * 0.5 }).softmax().scalars
        for (a, b) in zip(soft[0..<21], first) { XCTAssertLessThanOrEqual(abs(a - b), 20 * float32Unit * b) }
    }

    func testSoftmaxOfIntegersAndBoolsIsFloat64() throws {
        let i = Tensor(unchecked: [2, 3], storage: .int64([1, 2, 3, 0, 0, 1000]))
        let s = try i.softmax()
        XCTAssertEqual(s.dtype, .float64)
        XCTAssertEqual(s, try Tensor(shape: [2, 3], scalars: [1, 2, 3, 0, 0, 1000]).softmax())
        XCTAssertEqual(try i.logSoftmax(axis: 0).dtype, .float64)
        XCTAssertEqual(try i.logSumExp(axis: nil).dtype, .float64)
        let b = Tensor(unchecked: [2], storage: .bool([true, false]))
        XCTAssertEqual(try b.softmax().scalars, try Tensor(vector: [1, 0]).softmax().scalars)
        XCTAssertEqual(try Tensor(unchecked: [2], storage: .int32([3, 4])).logSumExp(axis: 0).dtype, .float64)
    }

    // MARK: Attention

    func testAttentionDtypes() throws {
        let q = try randn([2, 9, 8], seed: 10), k = try randn([2, 11, 8], seed: 11), v = try randn([2, 11, 6], seed: 12)
        let bias32 = try randn([9, 11], seed: 13), bias64 = try randn([9, 11], seed: 13, .float64)
        let mask = Tensor(unchecked: [9, 11], storage: .bool((0..<99).map { $0 % 5 != 0 }))
        let o32 = AttentionOptions(mask: mask, bias: bias32, causal: .bottomRight, heads: 2)
        XCTAssertEqual(Attention.computeType([q, k, v, nil]), .float32)
        XCTAssertEqual(try Attention.attend(q, k, v, options: o32).dtype, .float32)
        XCTAssertEqual(try Attention.weights(q, k, options: o32).dtype, .float32)
        XCTAssertEqual(try Attention.scores(q, k, options: o32).dtype, .float32)
        let both = try Attention.attendWithLSE(q, k, v, options: o32)
        XCTAssertEqual(both.output.dtype, .float32)
        XCTAssertEqual(both.lse.dtype, .float32)
        XCTAssertEqual(try Attention.logSumExp(q, k, options: o32).dtype, .float32)
        XCTAssertEqual(
            try Attention.additive(q, k, v, wq: nil, wk: nil, vector: try randn([8], seed: 14)).dtype, .float32)
        // The mask's dtype does not matter: bool, int64 and float32 masks give the same bits.
        for maskType in [DType.int64, .float32, .float64] {
            var o = o32
            o.mask = try mask.converted(to: maskType)
            XCTAssertEqual(try Attention.attend(q, k, v, options: o), try Attention.attend(q, k, v, options: o32), "\(maskType)")
        }
        // A float64 bias, or any float64 operand, promotes to float64: exactly
        // the float64 computation on converted operands.
        var o64 = o32
        o64.bias = bias64
        let promoted = try Attention.attend(q, k, v, options: o64)
        XCTAssertEqual(promoted.dtype, .float64)
        let (q64, k64, v64) = (try q.converted(to: .float64), try k.converted(to: .float64), try v.converted(to: .float64))
        XCTAssertEqual(promoted, try Attention.attend(q64, k64, v64, options: o64))
        XCTAssertEqual(try Attention.attend(q, k, v64, options: o32).dtype, .float64)
        XCTAssertEqual(try Attention.weights(q64, k, options: o32).dtype, .float64)
        // Integer operands compute in float64.
        let qi = try q.map { ($0 * 3).rounded() }.converted(to: .int64)
        XCTAssertEqual(try Attention.attend(qi, k, v, options: AttentionOptions(heads: 2)).dtype, .float64)
    }

    func testFloat32AttentionAgreesWithFloat64OnEveryOption() throws {
        // Every option through the tensor layer: the float32 result is within
        // a float32-sized error of the float64 result on the same inputs,
        // and the three paths (fused, weights, lse) agree in float32.
        let (batch, heads, kvHeads, lq, lk, dh) = (2, 4, 2, 13, 29, 8)
        let q = try randn([batch, lq, heads * dh], seed: 20), k = try randn([batch, lk, kvHeads * dh], seed: 21)
        let v = try randn([batch, lk, kvHeads * 5], seed: 22)
        let bias = try randn([batch, heads, lq, lk], seed: 23)
        let slopes = try Tensor(vector: [0.5, 0.25, 0.125, 0.0625])
        let mask = Tensor(unchecked: [lq, lk], storage: .bool((0..<(lq * lk)).map { $0 % 7 != 3 }))
        let exact = { (t: Tensor) throws -> Tensor in try t.converted(to: .float64) }
        for causal in [AttentionOptions.Causal.none, .topLeft, .bottomRight] {
            for window in [nil, AttentionOptions.Window(left: 4, right: 1)] {
                let options = AttentionOptions(
                    mask: mask, bias: bias, causal: causal, window: window, alibi: slopes, heads: heads, kvHeads: kvHeads)
                let label = "\(causal) \(String(describing: window))"
                let got = try Attention.attendWithLSE(q, k, v, options: options)
                var options64 = options
                options64.bias = try exact(bias)
                let want = try Attention.attendWithLSE(try exact(q), try exact(k), try exact(v), options: options64)
                XCTAssertEqual(got.output.dtype, .float32)
                for (a, b) in zip(got.output.scalars, want.output.scalars) {
                    XCTAssertLessThanOrEqual(abs(a - b), 2e-5, label)
                }
                for (a, b) in zip(got.lse.scalars, want.lse.scalars) where b.isFinite {
                    XCTAssertLessThanOrEqual(abs(a - b), 2e-5 * max(1, abs(b)), "lse " + label)
                }
                XCTAssertEqual(
                    try Attention.logSumExp(q, k, options: options).scalars.map { Float($0) },
                    got.lse.scalars.map { Float($0) }, "lse alone " + label)
                let w = try Attention.weights(q, k, options: options)
                let w64 = try Attention.weights(try exact(q), try exact(k), options: options64)
                XCTAssertEqual(w.dtype, .float32)
                for (a, b) in zip(w.scalars, w64.scalars) {
                    XCTAssertLessThanOrEqual(abs(a - b), 2e-5, "weights " + label)
                }
            }
        }
    }
}
