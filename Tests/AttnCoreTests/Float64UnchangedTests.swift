@testable import AttnCore
import Foundation
import XCTest

/// float64 results are bit for bit what they were before dtypes: the
/// dtype-aware entry points (Tensor.binary, Tensor.unary, reduce, select)
/// against the float64 code they replaced, kept here as the oracle (the
/// closures the interpreter and the builtins passed to `zip` and `map`,
/// and the reduction loop with its pairwise sum).
final class Float64UnchangedTests: XCTestCase {
    /// Inputs with the values that expose a changed rule: nan, ±inf, ±0,
    /// tiny and huge magnitudes.
    static func inputs(_ shape: [Int], seed: UInt64) throws -> Tensor {
        var t = try Tensor.randn(shape, seed: seed)
        let specials: [Double] = [.nan, .infinity, -.infinity, 0, -0.0, 1e-310, 1e308, -2]
        for (k, v) in specials.enumerated() where k * 3 < t.count { t.scalars[k * 3] = v }
        return t
    }

    static func assertSameBits(_ a: Tensor, _ b: Tensor, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.shape, b.shape, what, file: file, line: line)
        XCTAssertEqual(a.dtype, .float64, what, file: file, line: line)
        XCTAssertEqual(a.scalars.map(\.bitPattern), b.scalars.map(\.bitPattern), what, file: file, line: line)
    }

    func testArithmeticIsTheOldClosuresBitForBit() throws {
        let legacy: [(BinaryOperation, (Double, Double) -> Double)] = [
            (.add, +), (.subtract, -), (.multiply, *), (.divide, /), (.power, { Foundation.pow($0, $1) }),
        ]
        let shapes: [([Int], [Int])] = [([5, 7], [5, 7]), ([5, 7], [7]), ([5, 1], [1, 7]), ([], [5, 7]), ([5, 7], []), ([2, 1, 7], [5, 1])]
        for (n, (sa, sb)) in shapes.enumerated() {
            let x = try Self.inputs(sa, seed: UInt64(2 * n + 1)), y = try Self.inputs(sb, seed: UInt64(2 * n + 2))
            for (op, f) in legacy {
                Self.assertSameBits(try Tensor.binary(op, x, y), try Tensor.zip(x, y, f), "\(op) \(sa) \(sb)")
            }
            // A literal is now a weak scalar; with float64 it changes nothing.
            Self.assertSameBits(try Tensor.binary(.multiply, x, Tensor.weak(0.1)), try Tensor.zip(x, Tensor(0.1), *), "weak \(sa)")
            XCTAssertFalse(try Tensor.binary(.add, x, Tensor.weak(1)).isWeak, "a tensor and a weak scalar give a strong result")
        }
    }

    func testComparisonsGiveBoolWithTheOldTruth() throws {
        let legacy: [(BinaryOperation, (Double, Double) -> Double)] = [
            (.equal, { $0 == $1 ? 1 : 0 }), (.notEqual, { $0 != $1 ? 1 : 0 }), (.less, { $0 < $1 ? 1 : 0 }),
            (.lessEqual, { $0 <= $1 ? 1 : 0 }), (.greater, { $0 > $1 ? 1 : 0 }), (.greaterEqual, { $0 >= $1 ? 1 : 0 }),
        ]
        let x = try Self.inputs([6, 5], seed: 21)
        var y = try Self.inputs([5], seed: 22)
        y.scalars[1] = x.scalars[1]  // an equal pair
        for (op, f) in legacy {
            let flags = try Tensor.binary(op, x, y)
            XCTAssertEqual(flags.dtype, .bool, "\(op)")
            XCTAssertEqual(flags.scalars, try Tensor.zip(x, y, f).scalars, "\(op)")
        }
    }

    func testFunctionsAreTheOldClosuresBitForBit() throws {
        let legacy: [(UnaryOperation, (Double) -> Double)] = [
            (.negate, { -$0 }), (.exp, { Foundation.exp($0) }), (.log, { Foundation.log($0) }), (.sqrt, { $0.squareRoot() }),
            (.abs, { Swift.abs($0) }), (.tanh, { Foundation.tanh($0) }),
            (.sigmoid, { x in x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x)) }),
            (.relu, { $0.isNaN ? $0 : Swift.max($0, 0) }),
        ]
        let x = try Self.inputs([9, 11], seed: 31)
        for (op, f) in legacy {
            Self.assertSameBits(try Tensor.unary(op, x), try x.map(f), "\(op)")
        }
        XCTAssertEqual(try Tensor.unary(.positive, x), x)
    }

    func testReductionsAreTheOldLoopBitForBit() throws {
        for shape in [[7], [300], [5, 130], [130, 5], [3, 4, 70], [1, 200]] {
            let x = try Self.inputs(shape, seed: UInt64(shape.reduce(0, +)))
            // Without the specials too: sums of finite values show the order.
            let finite = try Tensor.randn(shape, seed: 77)
            for t in [x, finite] {
                for kind in Reduction.allCases {
                    for axis in [nil] + Array(-t.rank..<t.rank) as [Int?] {
                        Self.assertSameBits(try t.reduce(kind, axis: axis).converted(to: .float64), try Self.legacyReduce(t, kind, axis: axis),
                                            "\(kind) axis \(String(describing: axis)) of \(shape)")
                    }
                }
            }
        }
        XCTAssertEqual(try Tensor.randn([4, 3], seed: 1).reduce(.sum, axis: 0).dtype, .float64)
        XCTAssertEqual(try Tensor.randn([4, 3], seed: 1).reduce(.argmax, axis: 0).dtype, .int64)
    }

    func testWhereAndNormAreUnchanged() throws {
        let c = try Self.inputs([4, 6], seed: 41), a = try Self.inputs([6], seed: 42), b = try Tensor.randn([4, 1], seed: 43)
        let cs = try c.broadcast(to: [4, 6]).scalars, ys = try a.broadcast(to: [4, 6]).scalars, ns = try b.broadcast(to: [4, 6]).scalars
        let legacy = Tensor(unchecked: [4, 6], (0..<24).map { cs[$0] != 0 ? ys[$0] : ns[$0] })
        Self.assertSameBits(try Tensor.select(c, a, b), legacy, "where")
        let m = try Tensor.randn([6, 9], seed: 44)
        for axis in [nil, 0, 1] as [Int?] {
            let old = try m.map { $0 * $0 }.reduce(.sum, axis: axis).map { $0.squareRoot() }
            Self.assertSameBits(try m.norm(axis: axis), old, "norm \(String(describing: axis))")
        }
    }

    /// The row-at-a-time broadcast loop and the strided gather against an
    /// element-by-element walk over multi-indices, with rows that cross the
    /// 64 Ki-element blocks of `buildElements` and every pair of last-axis
    /// strides (0 or 1 on each side).
    func testBroadcastRowsAgreeWithANaiveWalk() throws {
        let shapes: [([Int], [Int])] = [
            ([3, 70_000], [70_000]), ([100_000, 3], [3]), ([5, 1, 3], [4, 3]), ([4, 3], [4, 1]), ([4, 1], [4, 3]),
            ([4, 1], [1, 1]), ([2, 1, 5], [3, 1]), ([1], [3, 1]), ([30_000, 1], [1, 7]),
        ]
        for (n, (sa, sb)) in shapes.enumerated() {
            let x = try Tensor.randn(sa, seed: UInt64(60 + n)), y = try Tensor.randn(sb, seed: UInt64(80 + n))
            let shape = try Tensor.broadcastShape(sa, sb)
            let expected = Self.naiveZip(x, y, shape, -)
            Self.assertSameBits(try Tensor.binary(.subtract, x, y), expected, "\(sa) - \(sb)")
            Self.assertSameBits(try Tensor.zip(x, y, -), expected, "legacy zip \(sa) - \(sb)")
            Self.assertSameBits(try y.broadcast(to: shape), Self.naiveZip(Tensor(0), y, shape) { $1 }, "broadcast \(sb) to \(shape)")
            let i32 = try x.converted(to: .int32)
            XCTAssertEqual(try i32.broadcast(to: shape).scalars, Self.naiveZip(i32, Tensor(0), shape) { a, _ in a }.scalars)
        }
        let t = try Tensor.randn([7, 20_000], seed: 90)
        let sliced = try t.index([.slice(start: -2, stop: nil, step: -3), .slice(start: 1, stop: nil, step: 3)])
        let cols = Array(stride(from: 1, to: 20_000, by: 3))
        let expected = [5, 2].flatMap { r in cols.map { t.scalars[r * 20_000 + $0] } }
        XCTAssertEqual(sliced.shape, [2, cols.count])
        XCTAssertEqual(sliced.scalars.map(\.bitPattern), expected.map(\.bitPattern))
    }

    /// f applied at every multi-index of `shape`, reading each operand at
    /// its own index (a length-1 or missing axis reads position 0).
    static func naiveZip(_ a: Tensor, _ b: Tensor, _ shape: [Int], _ f: (Double, Double) -> Double) -> Tensor {
        func offset(_ index: [Int], _ own: [Int]) -> Int {
            var o = 0
            for (k, length) in own.enumerated() {
                let i = index[index.count - own.count + k]
                o = o * length + (length == 1 ? 0 : i)
            }
            return o
        }
        let count = shape.reduce(1, *), x = a.scalars, y = b.scalars
        var out = [Double](repeating: 0, count: count), index = [Int](repeating: 0, count: shape.count)
        for n in 0..<count {
            var rest = n
            for axis in stride(from: shape.count - 1, through: 0, by: -1) {
                index[axis] = rest % shape[axis]
                rest /= shape[axis]
            }
            out[n] = f(x[offset(index, a.shape)], y[offset(index, b.shape)])
        }
        return Tensor(unchecked: shape, out)
    }

    // MARK: - The float64 reduction as it was

    static func legacyReduce(_ t: Tensor, _ kind: Reduction, axis: Int?) throws -> Tensor {
        let x = t.scalars
        guard let axis else {
            return Tensor(unchecked: [], [try legacyRun(kind, x[...])])
        }
        let ax = axis < 0 ? axis + t.rank : axis
        let n = t.shape[ax], inner = t.shape[(ax + 1)...].reduce(1, *)
        var outShape = t.shape
        outShape.remove(at: ax)
        let count = outShape.reduce(1, *)
        var out = [Double](repeating: 0, count: count)
        var run = [Double](repeating: 0, count: n)
        for r in 0..<count {
            let o = r / inner, i = r % inner, base = o * n * inner + i
            for k in 0..<n { run[k] = x[base + k * inner] }
            out[r] = try legacyRun(kind, run[...])
        }
        return Tensor(unchecked: outShape, out)
    }

    static func legacyRun(_ kind: Reduction, _ xs: ArraySlice<Double>) throws -> Double {
        switch kind {
        case .sum: return 0.0 + legacyPairwise(xs)
        case .mean: return xs.isEmpty ? .nan : (0.0 + legacyPairwise(xs)) / Double(xs.count)
        case .max, .min, .argmax, .argmin:
            guard let first = xs.first else { throw GoldenCaseError("empty") }
            let wantMax = kind == .max || kind == .argmax
            var best = first, bestIndex = 0
            for (k, x) in xs.enumerated() {
                if best.isNaN { break }
                if x.isNaN || (wantMax ? x > best : x < best) { best = x; bestIndex = k }
            }
            return kind == .max || kind == .min ? best : Double(bestIndex)
        }
    }

    static func legacyPairwise(_ xs: ArraySlice<Double>) -> Double {
        let n = xs.count, start = xs.startIndex
        if n < 8 {
            var s = -0.0
            for x in xs { s += x }
            return s
        }
        if n <= 128 {
            var r = [Double](repeating: 0, count: 8)
            for k in 0..<8 { r[k] = xs[start + k] }
            var i = 8
            while i < n - (n % 8) {
                for k in 0..<8 { r[k] += xs[start + i + k] }
                i += 8
            }
            var s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
            while i < n { s += xs[start + i]; i += 1 }
            return s
        }
        var half = n / 2
        half -= half % 8
        return legacyPairwise(xs[start..<(start + half)]) + legacyPairwise(xs[(start + half)...])
    }
}
