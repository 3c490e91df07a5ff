@testable import AttnCore
import Foundation
import XCTest

/// One case of Fixtures/torch_random.json, written by scripts/golden_torch.py
/// from PyTorch 2.15: a seed and calls made one after another on the
/// default generator, each with PyTorch's result.
struct TorchRandomCase: Decodable {
    /// A number the fixture writes as JSON number or (for 64-bit integers)
    /// as decimal text.
    struct Number: Decodable {
        var double: Double
        var int64: Int64?

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                guard let value = Int64(text) else {
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an integer: \(text)")
                }
                int64 = value
                double = Double(value)
            } else {
                double = try container.decode(Double.self)
                int64 = nil
            }
        }
    }

    /// A tensor as bit patterns, or a digest of a large one (see the
    /// script's notes).
    struct Bits: Decodable, Equatable {
        var dtype: String
        var shape: [Int]
        var bits: [String]?
        var head, tail: [String]?
        var bitsum: String?
    }

    struct Expect: Decodable {
        var dtype: String?
        var shape: [Int]?
        var bits: [String]?
        var error: String?
        var weight, bias: Bits?
        var in_proj_weight, in_proj_bias, out_proj_weight, out_proj_bias: Bits?

        var head, tail: [String]?
        var bitsum: String?

        var tensor: Bits? {
            guard let dtype, let shape, bits != nil || bitsum != nil else { return nil }
            return Bits(dtype: dtype, shape: shape, bits: bits, head: head, tail: tail, bitsum: bitsum)
        }
    }

    struct Call: Decodable {
        var op: String
        var shape: [Int]?
        var dtype: String?
        var mean, std, low, high, p: Number?
        var n: Int?
        var `in`, out, num, dim, padding, embed, heads: Int?
        var bias: Bool?
        var expect: Expect
    }

    var area: String
    var name: String
    var seed: String
    var calls: [Call]
}

/// attn's PyTorch generator against PyTorch 2.15, bit for bit: every call
/// of every case in torch_random.json. All disagreements are reported in
/// one failure.
final class TorchRandomGoldenTests: XCTestCase {
    static func loadCases() throws -> [TorchRandomCase] {
        let data = try Data(contentsOf: Fixtures.directory().appendingPathComponent("torch_random.json"))
        return try JSONDecoder().decode([TorchRandomCase].self, from: data)
    }

    func testEveryCaseMatchesPyTorch() throws {
        let cases = try Self.loadCases()
        XCTAssertGreaterThan(cases.count, 1000)
        var failures: [String] = []
        var calls = 0
        for c in cases {
            guard let seed = Self.seed(c.seed) else {
                failures.append("\(c.name): bad seed \(c.seed)"); continue
            }
            var g = TorchGenerator(seed: seed)
            for (k, call) in c.calls.enumerated() {
                calls += 1
                if let problem = Self.check(call, &g) {
                    failures.append("[\(c.area)] \(c.name), call \(k) (\(call.op)): \(problem)")
                }
            }
        }
        XCTAssertGreaterThan(calls, 1200)
        if !failures.isEmpty {
            XCTFail("\(failures.count) calls disagree with PyTorch:\n" + failures.prefix(60).joined(separator: "\n"))
        }
    }

    /// A decimal seed in [-2^63, 2^64) as PyTorch's 64-bit seed.
    static func seed(_ text: String) -> UInt64? {
        if let value = UInt64(text) { return value }
        if let value = Int64(text) { return UInt64(bitPattern: value) }
        return nil
    }

    static func dtype(_ name: String?) -> DType? {
        guard let name else { return .float32 }
        return DType(rawValue: name)
    }

    /// Makes `call` on `g`; nil when it gives PyTorch's result.
    static func check(_ call: TorchRandomCase.Call, _ g: inout TorchGenerator) -> String? {
        guard let dtype = dtype(call.dtype) else { return "unknown dtype \(call.dtype ?? "")" }
        let shape = call.shape ?? []
        do {
            switch call.op {
            case "rand":
                return compare(try g.rand(shape, dtype: dtype), call.expect.tensor)
            case "randn":
                return compare(try g.randn(shape, dtype: dtype), call.expect.tensor)
            case "normal":
                return compare(try g.normal(shape, mean: call.mean?.double ?? 0, std: call.std?.double ?? 1, dtype: dtype), call.expect.tensor)
            case "uniform":
                return compare(try g.uniform(shape, from: call.low?.double ?? 0, to: call.high?.double ?? 1, dtype: dtype), call.expect.tensor)
            case "randint":
                guard let low = call.low?.int64, let high = call.high?.int64 else { return "randint without bounds" }
                return compare(try g.randint(low: low, high: high, shape, dtype: dtype), call.expect.tensor)
            case "bernoulli":
                return compare(try g.bernoulli(shape, p: call.p?.double ?? 0.5, dtype: dtype), call.expect.tensor)
            case "randperm":
                return compare(try g.randperm(call.n ?? 0, dtype: dtype), call.expect.tensor)
            case "linear":
                let m = try g.linear(inFeatures: call.in ?? 0, outFeatures: call.out ?? 0, bias: call.bias ?? true)
                return compare(m.weight, call.expect.weight, "weight") ?? compareOptional(m.bias, call.expect.bias, "bias")
            case "embedding":
                return compare(try g.embedding(count: call.num ?? 0, dimension: call.dim ?? 0, paddingIndex: call.padding), call.expect.weight)
            case "mha":
                let m = try g.multiheadAttention(embedDim: call.embed ?? 0, numHeads: call.heads ?? 0, bias: call.bias ?? true)
                return compare(m.inProjWeight, call.expect.in_proj_weight, "in_proj_weight")
                    ?? compareOptional(m.inProjBias, call.expect.in_proj_bias, "in_proj_bias")
                    ?? compare(m.outProjWeight, call.expect.out_proj_weight, "out_proj.weight")
                    ?? compareOptional(m.outProjBias, call.expect.out_proj_bias, "out_proj.bias")
            default:
                return "unknown op"
            }
        } catch {
            guard let expected = call.expect.error else { return "threw \(error.message)" }
            return error.message == expected ? nil : "threw \(error.message), PyTorch: \(expected)"
        }
    }

    static func compareOptional(_ actual: Tensor?, _ expected: TorchRandomCase.Bits?, _ label: String) -> String? {
        switch (actual, expected) {
        case (nil, nil): return nil
        case (let a?, let e?): return compare(a, e, label)
        case (nil, _?): return "\(label): missing"
        case (_?, nil): return "\(label): PyTorch has none"
        }
    }

    static func compare(_ actual: Tensor, _ expected: TorchRandomCase.Bits?, _ label: String = "result") -> String? {
        guard let expected else { return "\(label): PyTorch refused this call" }
        let mine = bits(actual)
        guard mine.dtype == expected.dtype, mine.shape == expected.shape else {
            return "\(label): \(mine.dtype) \(mine.shape), PyTorch \(expected.dtype) \(expected.shape)"
        }
        let texts = mine.bits ?? []
        if let sum = expected.bitsum {
            let digest = actual.storage.bitSum
            guard Array(texts.prefix(8)) == expected.head, Array(texts.suffix(8)) == expected.tail, String(digest) == sum else {
                return "\(label): digest \(digest) (head \(texts.prefix(2))), PyTorch \(sum) (head \(expected.head?.prefix(2) ?? []))"
            }
            return nil
        }
        let theirs = expected.bits ?? []
        guard texts.count == theirs.count else { return "\(label): \(texts.count) elements" }
        let wrong = zip(texts, theirs).enumerated().filter { $0.element.0 != $0.element.1 }
        guard let first = wrong.first else { return nil }
        return "\(label): \(wrong.count) of \(texts.count) elements differ, first at \(first.offset): \(first.element.0) vs \(first.element.1)"
    }

    /// A tensor in the fixture's notation.
    static func bits(_ t: Tensor) -> TorchRandomCase.Bits {
        let texts: [String]
        switch t.storage {
        case .float32(let a): texts = a.map { hex(UInt64($0.bitPattern), digits: 8) }
        case .float64(let a): texts = a.map { hex($0.bitPattern, digits: 16) }
        case .int64(let a): texts = a.map { String($0) }
        case .int32(let a): texts = a.map { String($0) }
        case .bool(let a): texts = a.map { $0 ? "1" : "0" }
        }
        return TorchRandomCase.Bits(dtype: t.dtype.rawValue, shape: t.shape, bits: texts)
    }

    static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}

extension TensorStorage {
    /// The sum of the elements' bit patterns modulo 2^64 (float32 as
    /// 32-bit words), as the fixture's digests.
    var bitSum: UInt64 {
        switch self {
        case .float32(let a): return a.reduce(0) { $0 &+ UInt64($1.bitPattern) }
        case .float64(let a): return a.reduce(0) { $0 &+ $1.bitPattern }
        case .int64(let a): return a.reduce(0) { $0 &+ UInt64(bitPattern: $1) }
        case .int32(let a): return a.reduce(0) { $0 &+ UInt64(UInt32(bitPattern: $1)) }
        case .bool(let a): return a.reduce(0) { $0 &+ ($1 ? 1 : 0) }
        }
    }
}

/// The generator's own rules, beyond the goldens.
final class TorchRandomTests: XCTestCase {
    func testSeedUsesTheLowThirtyTwoBitsLikeNumpysMersenneTwister() {
        var torch = TorchGenerator(seed: (1 << 32) + 5)
        var numpy = MT19937(seed: 5)
        for _ in 0..<1300 { XCTAssertEqual(torch.random(), numpy.nextUInt32()) }
        XCTAssertEqual(torch.initialSeed, (1 << 32) + 5)
    }

    func testManualSeedForgetsTheCachedNormal() throws {
        var g = TorchGenerator(seed: 3)
        _ = try g.randn([1], dtype: .float64)
        XCTAssertNotNil(g.cachedNormal)
        g.manualSeed(3)
        XCTAssertNil(g.cachedNormal)
        XCTAssertEqual(g, TorchGenerator(seed: 3))
    }

    func testBlockPathLeavesTheCacheAlone() throws {
        var g = TorchGenerator(seed: 9)
        _ = try g.randn([1], dtype: .float64)
        let cached = g.cachedNormal
        _ = try g.randn([16], dtype: .float32)
        XCTAssertEqual(g.cachedNormal, cached)
    }

    func testSizeIsCheckedBeforeDrawing() {
        var g = TorchGenerator(seed: 0)
        let before = g
        XCTAssertThrowsError(try g.randn([1 << 40, 1 << 30])) { error in
            guard case CoreError.tooLarge = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(g, before)
    }

    func testAnInterruptStopsALongDraw() {
        var g = TorchGenerator(seed: 0)
        Interrupt.request()
        defer { Interrupt.clear() }
        XCTAssertThrowsError(try g.randn([1 << 18])) { XCTAssertEqual($0 as? CoreError, .interrupted) }
        XCTAssertThrowsError(try g.randperm(1 << 18)) { XCTAssertEqual($0 as? CoreError, .interrupted) }
    }

    func testCephesLogAndSincosStayNearTheCLibrary() {
        for i in 1...2000 {
            let x = Float(i) / 2000
            XCTAssertEqual(Double(CephesFloat.log(x)), Foundation.log(Double(x)), accuracy: 1e-6)
            let theta = Float(i) * 0.00314159
            let (s, c) = CephesFloat.sincos(theta)
            XCTAssertEqual(Double(s), Foundation.sin(Double(theta)), accuracy: 1e-6)
            XCTAssertEqual(Double(c), Foundation.cos(Double(theta)), accuracy: 1e-6)
        }
        XCTAssertTrue(CephesFloat.log(0).isNaN)
    }

    func testLayerNormIsOnesAndZeros() throws {
        let (w, b) = try TorchGenerator.layerNorm([4])
        XCTAssertEqual(w, try Tensor.ones([4], dtype: .float32))
        XCTAssertEqual(b, try Tensor.zeros([4], dtype: .float32))
    }
}
