@testable import AttnCore
import Foundation
import XCTest

/// One case of Fixtures/dtypes.json, written by scripts/golden_dtypes.py
/// from numpy 2: an AttnCore operation, its inputs with their dtypes, and
/// numpy's result (dtype, shape, values, weakness) or a word of its error.
struct DTypeCase: Decodable {
    struct Operand: Decodable {
        var dtype: String
        var shape: [Int]
        var values: [String]?
        /// A large input the test generates (see `formula` in the script).
        var formula: String?
        var weak: Bool
    }

    struct Params: Decodable {
        var op: String?
        var axis: Int?
        var keepdims: Bool?
        var shape: [Int]?
        var dtype: String?
        var n: Int?
        var value: Double?
        var start: Double?
        var stop: Double?
        var step: Double?
        var l: Int?
        var s: Int?
    }

    var area: String
    var name: String
    var op: String
    var params: Params
    var inputs: [Operand]
    var expected: Operand?
    var error: String?
    /// Tolerance in units in the last place of the result's dtype.
    var ulps: Int?
}

/// attn's dtype rules against numpy 2, through AttnCore's API (the
/// language cannot create non-float64 tensors yet): promotion with weak
/// scalars, float32 rounding, integer wrapping and division, every unary
/// function, reductions (dtype and order of summation), where, concatenate,
/// stack, norm and the constructors. All disagreements are reported in one
/// failure.
final class DTypeGoldenTests: XCTestCase {
    static func loadCases() throws -> [DTypeCase] {
        let data = try Data(contentsOf: Fixtures.directory().appendingPathComponent("dtypes.json"))
        return try JSONDecoder().decode([DTypeCase].self, from: data)
    }

    func testEveryDTypeCaseMatchesNumpy() throws {
        let cases = try Self.loadCases()
        var failures: [String] = []
        for c in cases {
            if let problem = Self.check(c) { failures.append("[\(c.area)] \(c.name): \(problem)") }
        }
        if !failures.isEmpty {
            XCTFail("\(failures.count) of \(cases.count) dtype cases disagree with numpy:\n" + failures.joined(separator: "\n"))
        }
    }

    func testTheFixtureCoversEveryArea() throws {
        let cases = try Self.loadCases()
        XCTAssertGreaterThan(cases.count, 1000)
        let areas = Set(cases.map(\.area))
        for area in ["promotion", "weak scalars", "float32 rounding", "integer overflow", "integer division", "unary",
                     "reductions", "float32 summation order", "integer means", "norm", "where", "concatenate", "constructors"] {
            XCTAssertTrue(areas.contains(area), "dtypes.json has no \(area) cases")
        }
        // Every pair of dtypes meets under every operator.
        for a in DType.allCases {
            for b in DType.allCases {
                for op in BinaryOperation.allCases {
                    XCTAssertTrue(cases.contains { $0.area == "promotion" && $0.name == "\(a) \(op) \(b)" }, "\(a) \(op) \(b)")
                }
            }
        }
        XCTAssertGreaterThan(cases.filter { $0.error != nil }.count, 10, "the errors numpy raises are covered")
    }

    /// The comparison itself can fail: one float32 ulp, a wrong dtype, a
    /// lost weak mark and a sign of zero are all reported.
    func testTheComparisonSeesOneUlpADTypeAWeakMarkAndASignOfZero() throws {
        let cases = try Self.loadCases()
        guard var c = cases.first(where: { $0.name == "float32 multiply weak 0.1" }),
              let expected = c.expected, let first = expected.values?.first, let value = Double(first) else {
            return XCTFail("the float32 multiply case is missing")
        }
        XCTAssertNil(Self.check(c))
        c.expected?.values?[0] = String(Double(Float(value).nextUp))
        XCTAssertNotNil(Self.check(c), "one float32 ulp")
        c.expected = expected
        c.expected?.dtype = "float64"
        XCTAssertNotNil(Self.check(c), "float32 computed, float64 expected")
        c.expected = expected
        c.expected?.weak = true
        XCTAssertNotNil(Self.check(c), "weakness")
        XCTAssertFalse(Self.sameBits(0.0, -0.0, ulps: 0), "the sign of zero")
        XCTAssertTrue(Self.sameBits(Double.nan, -Double.nan, ulps: 0))
        XCTAssertTrue(Self.sameBits(1.0, 1.0000000000000002, ulps: 1))
        XCTAssertFalse(Self.sameBits(1.0, 1.0000000000000004, ulps: 1))
    }

    // MARK: - Running a case

    /// nil when attn agrees with the case; otherwise what went wrong.
    static func check(_ c: DTypeCase) -> String? {
        let actual: Tensor
        do {
            actual = try run(c)
        } catch let error as CoreError {
            if let word = c.error {
                return error.message.lowercased().contains(word.lowercased()) ? nil : "expected an error containing '\(word)', got: \(error.message)"
            }
            return "unexpected error: \(error.message)"
        } catch {
            return "malformed case: \(error)"
        }
        if let word = c.error { return "expected an error containing '\(word)', got \(describe(actual))" }
        guard let e = c.expected, let expected = try? tensor(e) else { return "malformed expectation" }
        if actual.dtype != expected.dtype || actual.shape != expected.shape || actual.isWeak != e.weak {
            return "expected \(describe(expected)), got \(describe(actual))"
        }
        let ulps = c.ulps ?? 0
        let a = actual.storage, x = expected.storage
        var bad: [String] = []
        for i in 0..<actual.count {
            let same: Bool
            switch (a, x) {
            case (.float64(let p), .float64(let q)): same = sameBits(p[i], q[i], ulps: ulps)
            case (.float32(let p), .float32(let q)): same = sameBits(p[i], q[i], ulps: ulps)
            default: same = a.double(at: i) == x.double(at: i) && equalIntegers(a, x, i)
            }
            if !same && bad.count < 4 { bad.append("[\(i)] \(a.double(at: i)) instead of \(x.double(at: i))") }
        }
        return bad.isEmpty ? nil : "\(expected.dtype) values differ (\(ulps) ulps allowed): " + bad.joined(separator: ", ")
    }

    static func run(_ c: DTypeCase) throws -> Tensor {
        let inputs = try c.inputs.map(tensor)
        let p = c.params
        func input(_ k: Int) throws -> Tensor {
            guard k < inputs.count else { throw GoldenCaseError("missing input \(k)") }
            return inputs[k]
        }
        func dtype() throws -> DType {
            guard let name = p.dtype, let d = DType(rawValue: name) else { throw GoldenCaseError("no dtype") }
            return d
        }
        switch c.op {
        case "binary":
            guard let op = p.op.flatMap(BinaryOperation.init(rawValue:)) else { throw GoldenCaseError("bad op") }
            return try Tensor.binary(op, input(0), input(1))
        case "unary":
            guard let op = p.op.flatMap(UnaryOperation.init(rawValue:)) else { throw GoldenCaseError("bad op") }
            return try Tensor.unary(op, input(0))
        case "reduce":
            guard let kind = p.op.flatMap(Reduction.init(rawValue:)) else { throw GoldenCaseError("bad op") }
            return try input(0).reduce(kind, axis: p.axis, keepDims: p.keepdims ?? false)
        case "norm": return try input(0).norm(axis: p.axis)
        case "where": return try Tensor.select(input(0), input(1), input(2))
        case "concatenate": return try Tensor.concatenate(inputs, axis: p.axis ?? 0)
        case "stack": return try Tensor.stack(inputs, axis: p.axis ?? 0)
        case "zeros": return try Tensor.zeros(p.shape ?? [], dtype: dtype())
        case "ones": return try Tensor.ones(p.shape ?? [], dtype: dtype())
        case "full": return try Tensor.full(p.shape ?? [], p.value ?? 0, dtype: dtype())
        case "eye": return try Tensor.eye(p.n ?? 0, dtype: dtype())
        case "linspace": return try Tensor.linspace(p.start ?? 0, p.stop ?? 0, count: p.n ?? 0, dtype: dtype())
        case "arange": return try Tensor.arange(p.start ?? 0, p.stop ?? 0, p.step ?? 1, dtype: dtype())
        case "causalMask": return try Tensor.causalMask(p.l ?? 0, p.s ?? 0, dtype: dtype())
        default: throw GoldenCaseError("unknown op \(c.op)")
        }
    }

    /// The tensor an operand describes, weak when marked.
    static func tensor(_ o: DTypeCase.Operand) throws -> Tensor {
        guard let dtype = DType(rawValue: o.dtype) else { throw GoldenCaseError("dtype \(o.dtype)") }
        let count = o.shape.reduce(1, *)
        let storage: TensorStorage
        if let name = o.formula {
            storage = try formula(name, dtype, count)
        } else {
            let v = o.values ?? []
            func parsed<T>(_ parse: (String) -> T?) throws -> [T] {
                try v.map { s in
                    guard let x = parse(s) else { throw GoldenCaseError("cannot read \(s) as \(dtype)") }
                    return x
                }
            }
            switch dtype {
            case .float64: storage = .float64(try parsed { Double($0) })
            case .float32: storage = .float32(try parsed { Double($0).map { Float($0) } })
            case .int64: storage = .int64(try parsed { Int64($0) })
            case .int32: storage = .int32(try parsed { Int32($0) })
            case .bool: storage = .bool(try parsed { $0 == "true" ? true : $0 == "false" ? false : nil })
            }
        }
        guard storage.count == count else { throw GoldenCaseError("\(storage.count) values for shape \(o.shape)") }
        guard o.weak else { return Tensor(unchecked: o.shape, storage: storage) }
        switch storage {
        case .float64(let v): return Tensor.weak(v[0])
        case .int64(let v): return Tensor.weak(integer: v[0])
        case .bool(let v): return Tensor.weak(v[0])
        case .float32, .int32: throw GoldenCaseError("a weak \(dtype)")
        }
    }

    /// The script's large inputs, for the row-major index i.
    static func formula(_ name: String, _ dtype: DType, _ n: Int) throws -> TensorStorage {
        switch (name, dtype) {
        case ("ratio", .float32):
            return .float32((0..<n).map { i in Float(Double((i * 7919) % 10007 - 5003) / 7.0) })
        case ("mix", .int64):
            return .int64((0..<n).map { (i: Int) -> Int64 in
                let mixed: Int64 = (Int64((i * 7919) % 1000003) - 500000) << Int64(i % 43)
                return mixed + Int64((i * 31) % 1009)
            })
        case ("mix", .int32):
            return .int32((0..<n).map { (i: Int) -> Int32 in Int32(((i * 7919) % 1000003 - 500000) * 4096 + i % 97) })
        default:
            throw GoldenCaseError("unknown formula \(name) for \(dtype)")
        }
    }

    /// Equal bits (any nan matches any nan; the sign of zero counts), or
    /// within `ulps` units in the last place.
    static func sameBits<T: BinaryFloatingPoint>(_ a: T, _ b: T, ulps: Int) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        if a == b && a.sign == b.sign { return true }
        guard ulps > 0, a.isFinite, b.isFinite else { return false }
        var steps = 0, x = Swift.min(a, b)
        let target = Swift.max(a, b)
        while x < target && steps <= ulps {
            x = x.nextUp
            steps += 1
        }
        return steps <= ulps
    }

    static func equalIntegers(_ a: TensorStorage, _ b: TensorStorage, _ i: Int) -> Bool {
        switch (a, b) {
        case (.int64(let p), .int64(let q)): return p[i] == q[i]
        case (.int32(let p), .int32(let q)): return p[i] == q[i]
        case (.bool(let p), .bool(let q)): return p[i] == q[i]
        default: return false
        }
    }

    static func describe(_ t: Tensor) -> String {
        let values = (0..<Swift.min(t.count, 6)).map { "\(t.storage.double(at: $0))" }.joined(separator: ", ")
        return "\(t.isWeak ? "weak " : "")\(t.dtype) \(Tensor.describe(shape: t.shape)) [\(values)\(t.count > 6 ? ", ..." : "")]"
    }
}

struct GoldenCaseError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
