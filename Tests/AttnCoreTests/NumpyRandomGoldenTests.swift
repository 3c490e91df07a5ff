@testable import AttnCore
import Foundation
import XCTest

/// One case of Fixtures/numpy_random.json, written by
/// scripts/golden_numpy_random.py from numpy 2: a stream, a seed, and a
/// sequence of calls with numpy's result for each; or raw words of a bit
/// generator; or a SeedSequence's generated state.
struct NumpyRandomCase: Decodable {
    struct Seed: Decodable {
        var int: String?
        var array: [String]?
        var none: Bool?
    }

    /// An argument that is a number (as text) or an array.
    enum Argument: Decodable {
        case text(String)
        case array(NumpyRandomArray)

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .text(text)
            } else {
                self = .array(try container.decode(NumpyRandomArray.self))
            }
        }
    }

    struct Call: Decodable {
        var call: String
        var dims: [Int]?
        var size: [Int]?
        var loc, scale, low, high, a, x, p: Argument?
        var dtype: String?
        var replace, endpoint, shuffle: Bool?
        var axis: String?
        var n: String?
        var seed: SeedArgument?
        var expect: NumpyRandomArray?
    }

    /// A `seed` call's argument: an integer, an array, or null.
    enum SeedArgument: Decodable {
        case int(String)
        case array([String])

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .int(text)
            } else {
                self = .array(try container.decode([String].self))
            }
        }
    }

    var area: String
    var name: String
    var stream: String?
    var seed: Seed
    var calls: [Call]?
    var seed_error: String?
    var first: [String]?
    var words: [String]?
    var words32: [String]?
    var words64: [String]?
}

/// An array in the fixture (values as text), a digest of a large one, or
/// numpy's error.
struct NumpyRandomArray: Decodable {
    var dtype: String?
    var shape: [Int]?
    var values: [String]?
    var head: [String]?
    var tail: [String]?
    var bitsum: String?
    var error: String?
}

/// attn's numpy streams against numpy 2.4, bit for bit: every call of every
/// case in numpy_random.json through LegacyRandomState and NumpyGenerator,
/// the raw words of MT19937 and PCG64, and SeedSequence's state. All
/// disagreements are reported in one failure.
final class NumpyRandomGoldenTests: XCTestCase {
    static func loadCases() throws -> [NumpyRandomCase] {
        let data = try Data(contentsOf: Fixtures.directory().appendingPathComponent("numpy_random.json"))
        return try JSONDecoder().decode([NumpyRandomCase].self, from: data)
    }

    func testEveryStreamCaseMatchesNumpy() throws {
        let cases = try Self.loadCases().filter { $0.stream != nil }
        var failures: [String] = []
        for c in cases { failures += Self.check(c).map { "[\(c.area)] \(c.name): \($0)" } }
        if !failures.isEmpty {
            XCTFail("\(failures.count) calls disagree with numpy:\n" + failures.joined(separator: "\n"))
        }
    }

    func testBitGeneratorsAndSeedSequencesMatchNumpy() throws {
        let cases = try Self.loadCases().filter { $0.stream == nil }
        XCTAssertGreaterThanOrEqual(cases.count, 25)
        for c in cases {
            switch c.area {
            case "mt19937":
                var mt: MT19937
                if let text = c.seed.int, let seed = UInt32(text) {
                    mt = MT19937(seed: seed)
                } else if let array = c.seed.array {
                    mt = MT19937(seedArray: array.compactMap { UInt32($0) })
                } else {
                    XCTFail("\(c.name): no seed"); continue
                }
                let words = (0..<1250).map { _ in UInt64(mt.nextUInt32()) }
                XCTAssertEqual(words.prefix(10).map(String.init), c.first, c.name)
                if let last = c.words { XCTAssertEqual(words.suffix(10).map(String.init), last, c.name) }
            case "pcg64":
                guard let text = c.seed.int, let entropy = SeedSequence.words(decimal: text) else {
                    XCTFail("\(c.name): no seed"); continue
                }
                var pcg = PCG64(seedSequence: SeedSequence(entropyWords: entropy))
                XCTAssertEqual((0..<10).map { _ in String(pcg.nextUInt64()) }, c.first, c.name)
            case "seedsequence":
                guard let sequence = Self.seedSequence(c.seed) else { XCTFail("\(c.name): no entropy"); continue }
                XCTAssertEqual(sequence.generateState32(count: 8).map(String.init), c.words32, c.name)
                XCTAssertEqual(sequence.generateState64(count: 4).map(String.init), c.words64, c.name)
            default:
                XCTFail("unknown area \(c.area)")
            }
        }
    }

    func testTheFixtureCoversEverything() throws {
        let cases = try Self.loadCases()
        let areas = Set(cases.map(\.area))
        for area in ["legacy floats", "legacy normal", "legacy integers", "legacy choice", "legacy permutations",
                     "legacy errors", "legacy sizes", "legacy seeds", "generator floats", "generator normal",
                     "generator integers", "generator choice", "generator permutations", "generator errors",
                     "generator sizes", "mt19937", "pcg64", "seedsequence"] {
            XCTAssertTrue(areas.contains(area), "numpy_random.json has no \(area) cases")
        }
        let calls = cases.flatMap { $0.calls ?? [] }
        XCTAssertGreaterThan(calls.count, 1500)
        let legacy = Set(cases.filter { $0.stream == "legacy" }.flatMap { $0.calls ?? [] }.map(\.call))
        XCTAssertEqual(legacy, ["rand", "randn", "random", "random_sample", "standard_normal", "normal", "uniform",
                                "randint", "choice", "permutation", "shuffle", "shuffle_list", "seed"])
        let modern = Set(cases.filter { $0.stream == "generator" }.flatMap { $0.calls ?? [] }.map(\.call))
        XCTAssertEqual(modern, ["random", "standard_normal", "normal", "uniform", "integers", "choice",
                                "permutation", "shuffle", "shuffle_list"])
        XCTAssertGreaterThan(calls.filter { $0.expect?.error != nil }.count, 40, "numpy's errors are covered")
        XCTAssertGreaterThan(calls.filter { $0.expect?.bitsum != nil }.count, 15, "large draws are covered")
    }

    /// The comparison itself can fail: one ulp, a wrong dtype, a changed
    /// digest, a different error, a missing error.
    func testTheComparisonSeesOneUlpADTypeADigestAndAnError() throws {
        let cases = try Self.loadCases()
        guard var c = cases.first(where: { $0.name == "the kept Gaussian carries over: randn(5) (seed 0)" }),
              let value = c.calls?[0].expect?.values?[2], let number = Double(value) else {
            return XCTFail("the randn(5) case is missing")
        }
        XCTAssertEqual(Self.check(c), [])
        c.calls?[0].expect?.values?[2] = String(number.nextUp)
        XCTAssertEqual(Self.check(c).count, 1, "one ulp")
        c.calls?[0].expect?.values?[2] = value
        c.calls?[0].expect?.dtype = "int64"
        XCTAssertEqual(Self.check(c).count, 1, "dtype")

        guard var large = cases.first(where: { $0.area == "generator sizes" }),
              let bitsum = large.calls?[0].expect?.bitsum, let sum = UInt64(bitsum) else {
            return XCTFail("the large generator case is missing")
        }
        large.calls = Array(large.calls?.prefix(1) ?? [])
        XCTAssertEqual(Self.check(large), [])
        large.calls?[0].expect?.bitsum = String(sum &+ 1)
        XCTAssertEqual(Self.check(large).count, 1, "digest")

        guard var errors = cases.first(where: { $0.area == "legacy errors" }) else { return XCTFail("no error case") }
        errors.calls = Array(errors.calls?.prefix(1) ?? [])
        XCTAssertEqual(Self.check(errors), [])
        errors.calls?[0].expect?.error = "scale <= 0"
        XCTAssertEqual(Self.check(errors).count, 1, "a different message")
        errors.calls?[0].scale = .text("1.0")
        XCTAssertEqual(Self.check(errors).count, 1, "no error where numpy raises one")
    }

    // MARK: - Running a case

    /// What went wrong in each call of the case (empty when all agree).
    static func check(_ c: NumpyRandomCase) -> [String] {
        do {
            if c.stream == "legacy" {
                var state = try legacyState(c.seed)
                if let expected = c.seed_error { return ["seeding should fail with '\(expected)'"] }
                return run(c.calls ?? []) { call throws -> Tensor? in try runLegacy(call, &state) }
            }
            var generator = try generatorState(c.seed)
            if let expected = c.seed_error { return ["seeding should fail with '\(expected)'"] }
            return run(c.calls ?? []) { call throws -> Tensor? in try runGenerator(call, &generator) }
        } catch let error as CoreError {
            return error.message == c.seed_error ? [] : ["seeding: \(error.message)"]
        } catch {
            return c.seed_error != nil ? [] : ["seeding: \(error)"]
        }
    }

    static func run(_ calls: [NumpyRandomCase.Call], _ body: (NumpyRandomCase.Call) throws -> Tensor?) -> [String] {
        var problems: [String] = []
        for (index, call) in calls.enumerated() {
            let label = "call \(index) \(call.call)"
            do {
                let result = try body(call)
                guard let expect = call.expect else { continue }
                if let error = expect.error { problems.append("\(label): expected the error '\(error)'"); continue }
                guard let result else { problems.append("\(label): no result"); continue }
                if let problem = compare(result, expect) { problems.append("\(label): \(problem)") }
            } catch let error as CoreError {
                if call.expect?.error != error.message {
                    problems.append("\(label): \(error.message)" + (call.expect?.error.map { " (numpy: \($0))" } ?? ""))
                }
            } catch {
                problems.append("\(label): \(error)")
            }
        }
        return problems
    }

    struct Unsupported: Error { var what: String }

    static func legacyState(_ seed: NumpyRandomCase.Seed) throws -> LegacyRandomState {
        if seed.none == true { return LegacyRandomState() }
        if let text = seed.int {
            // A Python int beyond Int64 is out of range as Int64.max is.
            return try LegacyRandomState(seed: Int64(text) ?? Int64.max)
        }
        return try LegacyRandomState(seedArray: (seed.array ?? []).map { Int64($0) ?? Int64.max })
    }

    static func seedSequence(_ seed: NumpyRandomCase.Seed) -> SeedSequence? {
        if let text = seed.int { return SeedSequence.words(decimal: text).map(SeedSequence.init(entropyWords:)) }
        var words: [UInt32] = []
        for text in seed.array ?? [] {
            guard let own = SeedSequence.words(decimal: text) else { return nil }
            words += own
        }
        return SeedSequence(entropyWords: words)
    }

    static func generatorState(_ seed: NumpyRandomCase.Seed) throws -> NumpyGenerator {
        if seed.none == true { return NumpyGenerator() }
        // numpy's "expected non-negative integer" is the caller's to report
        // (SeedSequence takes words, which cannot be negative).
        guard let sequence = seedSequence(seed) else { throw CoreError.invalidArgument("expected non-negative integer") }
        return NumpyGenerator(seedSequence: sequence)
    }

    static func shape(_ call: NumpyRandomCase.Call) -> [Int] { call.size ?? [] }

    static func double(_ argument: NumpyRandomCase.Argument?) throws -> Double {
        guard case .text(let text) = argument, let value = Double(text) else { throw Unsupported(what: "a float argument") }
        return value
    }

    static func tensor(_ argument: NumpyRandomCase.Argument?) throws -> Tensor {
        switch argument {
        case .array(let array): return try makeTensor(array)
        case .text(let text):
            guard let value = Double(text) else { throw Unsupported(what: "an array argument") }
            return Tensor(value)
        case nil: throw Unsupported(what: "a missing array argument")
        }
    }

    static func isArray(_ argument: NumpyRandomCase.Argument?) -> Bool {
        if case .array = argument { return true }
        return false
    }

    /// An integer bound; a Python 2^63 is Int64.max with `endpoint`.
    static func bounds(_ call: NumpyRandomCase.Call) throws -> (low: Int64, high: Int64?, endpoint: Bool) {
        guard case .text(let lowText) = call.low, let low = Int64(lowText) else { throw Unsupported(what: "low") }
        guard case .text(let highText) = call.high else { return (low, nil, call.endpoint ?? false) }
        if let high = Int64(highText) { return (low, high, call.endpoint ?? false) }
        guard highText == "9223372036854775808", call.endpoint != true else { throw Unsupported(what: "high \(highText)") }
        return (low, Int64.max, true)
    }

    static func dtype(_ call: NumpyRandomCase.Call) throws -> DType {
        guard let name = call.dtype else { return .int64 }
        guard let dtype = DType(rawValue: name) else { throw Unsupported(what: "dtype \(name)") }
        return dtype
    }

    static func integer(_ argument: NumpyRandomCase.Argument?) -> Int? {
        if case .text(let text) = argument { return Int(text) }
        return nil
    }

    static func runLegacy(_ call: NumpyRandomCase.Call, _ state: inout LegacyRandomState) throws -> Tensor? {
        switch call.call {
        case "seed":
            switch call.seed {
            case .int(let text): try state.seed(Int64(text) ?? Int64.max)
            case .array(let texts): try state.seed(array: texts.map { Int64($0) ?? Int64.max })
            case nil: try state.seed(nil)
            }
            return nil
        case "rand": return try state.rand(call.dims ?? [])
        case "randn": return try state.randn(call.dims ?? [])
        case "random": return try state.random(shape(call))
        case "random_sample": return try state.randomSample(shape(call))
        case "standard_normal": return try state.standardNormal(shape(call))
        case "normal":
            if isArray(call.loc) || isArray(call.scale) {
                return try state.normal(loc: tensor(call.loc), scale: tensor(call.scale), shape: call.size)
            }
            return try state.normal(loc: double(call.loc), scale: double(call.scale), shape: shape(call))
        case "uniform":
            if isArray(call.low) || isArray(call.high) {
                return try state.uniform(low: tensor(call.low), high: tensor(call.high), shape: call.size)
            }
            return try state.uniform(low: double(call.low), high: double(call.high), shape: shape(call))
        case "randint":
            let (low, high, endpoint) = try bounds(call)
            return try state.randint(low: low, high: high, shape: shape(call), dtype: dtype(call), endpoint: endpoint)
        case "choice":
            if let n = integer(call.a) {
                return try state.choice(n, shape: shape(call), replace: call.replace ?? true, p: call.p.map(tensor))
            }
            return try state.choice(from: tensor(call.a), shape: shape(call), replace: call.replace ?? true, p: call.p.map(tensor))
        case "permutation":
            if let n = integer(call.x) { return try state.permutation(n) }
            return try state.permutation(tensor(call.x))
        case "shuffle":
            var x = try tensor(call.x)
            try state.shuffle(&x)
            return x
        case "shuffle_list":
            var list = Array(0..<(Int(call.n ?? "") ?? 0)).map { Int64($0) }
            try state.shuffle(&list)
            return Tensor(unchecked: [list.count], storage: .int64(list))
        default:
            throw Unsupported(what: "legacy call \(call.call)")
        }
    }

    static func runGenerator(_ call: NumpyRandomCase.Call, _ g: inout NumpyGenerator) throws -> Tensor? {
        let axis = Int(call.axis ?? "0") ?? 0
        switch call.call {
        case "random": return try g.random(shape(call))
        case "standard_normal": return try g.standardNormal(shape(call))
        case "normal":
            if isArray(call.loc) || isArray(call.scale) {
                return try g.normal(loc: tensor(call.loc), scale: tensor(call.scale), shape: call.size)
            }
            return try g.normal(loc: double(call.loc), scale: double(call.scale), shape: shape(call))
        case "uniform":
            if isArray(call.low) || isArray(call.high) {
                return try g.uniform(low: tensor(call.low), high: tensor(call.high), shape: call.size)
            }
            return try g.uniform(low: double(call.low), high: double(call.high), shape: shape(call))
        case "integers":
            let (low, high, endpoint) = try bounds(call)
            return try g.integers(low: low, high: high, shape: shape(call), dtype: dtype(call), endpoint: endpoint)
        case "choice":
            if let n = integer(call.a) {
                return try g.choice(n, shape: shape(call), replace: call.replace ?? true, p: call.p.map(tensor),
                                    shuffle: call.shuffle ?? true)
            }
            return try g.choice(from: tensor(call.a), shape: shape(call), replace: call.replace ?? true,
                                p: call.p.map(tensor), axis: axis, shuffle: call.shuffle ?? true)
        case "permutation":
            if let n = integer(call.x) { return try g.permutation(n) }
            return try g.permutation(tensor(call.x), axis: axis)
        case "shuffle":
            var x = try tensor(call.x)
            try g.shuffle(&x, axis: axis)
            return x
        case "shuffle_list":
            var list = Array(0..<(Int(call.n ?? "") ?? 0)).map { Int64($0) }
            try g.shuffle(&list)
            return Tensor(unchecked: [list.count], storage: .int64(list))
        default:
            throw Unsupported(what: "generator call \(call.call)")
        }
    }

    // MARK: - Arrays

    static func makeTensor(_ array: NumpyRandomArray) throws -> Tensor {
        let shape = array.shape ?? []
        let values = array.values ?? []
        let storage: TensorStorage
        switch array.dtype {
        case "float64": storage = .float64(values.compactMap(Double.init))
        case "float32": storage = .float32(values.compactMap(Double.init).map(Float.init))
        case "int64": storage = .int64(values.compactMap { Int64($0) })
        case "int32": storage = .int32(values.compactMap { Int32($0) })
        case "bool": storage = .bool(values.map { $0 == "true" })
        default: throw Unsupported(what: "dtype \(array.dtype ?? "nil")")
        }
        guard shape.reduce(1, *) == storage.count else { throw Unsupported(what: "an array of \(storage.count) for \(shape)") }
        return Tensor(unchecked: shape, storage: storage)
    }

    /// The 64-bit pattern of one element as the fixture writes it.
    static func bits(_ text: String, dtype: String) -> UInt64? {
        switch dtype {
        case "float64": return Double(text)?.bitPattern
        case "bool": return text == "true" ? 1 : 0
        default: return Int64(text).map { UInt64(bitPattern: $0) }
        }
    }

    /// nil when `t` is numpy's result; else the first difference.
    static func compare(_ t: Tensor, _ expect: NumpyRandomArray) -> String? {
        guard t.dtype.rawValue == expect.dtype else { return "dtype \(t.dtype.rawValue), numpy \(expect.dtype ?? "?")" }
        guard t.shape == expect.shape else { return "shape \(t.shape), numpy \(expect.shape ?? [])" }
        // Integers sign-extended to 64 bits, as the fixture's bit sums are.
        let actual: [UInt64]
        switch t.storage {
        case .int32(let a): actual = a.map { UInt64(bitPattern: Int64($0)) }
        default: actual = bitPatterns(t)
        }
        let dtype = expect.dtype ?? ""
        if let values = expect.values {
            for (i, text) in values.enumerated() where bits(text, dtype: dtype) != actual[i] {
                return "element \(i) is \(t.storage.double(at: i)), numpy \(text)"
            }
            return nil
        }
        let head = (expect.head ?? []).compactMap { bits($0, dtype: dtype) }
        let tail = (expect.tail ?? []).compactMap { bits($0, dtype: dtype) }
        if Array(actual.prefix(head.count)) != head { return "the first values differ" }
        if Array(actual.suffix(tail.count)) != tail { return "the last values differ" }
        let sum = actual.reduce(UInt64(0), &+)
        return String(sum) == expect.bitsum ? nil : "the bit sum of \(t.count) values differs"
    }
}
