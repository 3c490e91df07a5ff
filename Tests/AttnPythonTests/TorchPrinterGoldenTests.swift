import AttnCore
import Foundation
import XCTest
@testable import AttnPython

/// One case of Golden/torch_printing.json, written by scripts/golden_torch.py
/// from PyTorch 2.15: a tensor (as bit patterns, or a reference to an
/// earlier case's), print options and autograd facts, and PyTorch's repr.
struct TorchPrintingCase: Decodable {
    struct Bits: Decodable {
        var ref: String?
        var dtype: String?
        var shape: [Int]?
        var bits: [String]?
    }

    /// set_printoptions' arguments; "threshold" is a number or "inf".
    struct Options: Decodable {
        var precision: Int?
        var threshold: Threshold?
        var edgeitems: Int?
        var linewidth: Int?
        var sci_mode: Bool?
        var profile: String?
    }

    struct Threshold: Decodable {
        var value: Double

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self), text == "inf" {
                value = .infinity
            } else {
                value = try container.decode(Double.self)
            }
        }
    }

    var area: String
    var name: String
    var tensor: Bits?
    var options: Options?
    var requires_grad: Bool?
    var grad_fn: String?
    var parameter: Bool?
    var shape: [Int]?
    var dtype: String?
    var expect: String
}

/// TorchPrinter against PyTorch 2.15's own repr, character for character.
final class TorchPrinterGoldenTests: XCTestCase {
    static func loadCases() throws -> [TorchPrintingCase] {
        guard let folder = Bundle.module.url(forResource: "Golden", withExtension: nil) else {
            throw XCTSkip("the Golden resource folder is missing from the test bundle")
        }
        let data = try Data(contentsOf: folder.appendingPathComponent("torch_printing.json"))
        return try JSONDecoder().decode([TorchPrintingCase].self, from: data)
    }

    func testEveryCaseMatchesPyTorch() throws {
        let cases = try Self.loadCases()
        XCTAssertGreaterThan(cases.count, 400)
        var tensors: [String: Tensor] = [:]
        var failures: [String] = []
        for c in cases {
            let actual: String
            switch c.area {
            case "size":
                actual = TorchPrinter.size(c.shape ?? [])
            case "dtype":
                guard let name = c.dtype, let dtype = DType(rawValue: name) else { failures.append("\(c.name): no dtype"); continue }
                actual = TorchPrinter.dtypeName(dtype)
            default:
                guard let bits = c.tensor else { failures.append("\(c.name): no tensor"); continue }
                let tensor: Tensor
                if let ref = bits.ref {
                    guard let known = tensors[ref] else { failures.append("\(c.name): unknown ref \(ref)"); continue }
                    tensor = known
                } else {
                    guard let decoded = Self.tensor(bits) else { failures.append("\(c.name): bad tensor"); continue }
                    tensor = decoded
                    tensors[c.name] = decoded
                }
                let options = Self.options(c.options)
                if c.parameter == true {
                    actual = TorchPrinter.parameterRepr(tensor, options: options, requiresGrad: c.requires_grad ?? true)
                } else {
                    actual = TorchPrinter.repr(tensor, options: options, requiresGrad: c.requires_grad ?? false, gradFn: c.grad_fn)
                }
            }
            if actual != c.expect {
                failures.append("[\(c.area)] \(c.name):\n--- PyTorch\n\(c.expect)\n--- attn\n\(actual)")
            }
        }
        if !failures.isEmpty {
            XCTFail("\(failures.count) of \(cases.count) reprs differ from PyTorch:\n" + failures.prefix(12).joined(separator: "\n"))
        }
    }

    static func options(_ o: TorchPrintingCase.Options?) -> TorchPrintOptions {
        guard let o else { return TorchPrintOptions() }
        var options = o.profile.flatMap(TorchPrintOptions.profile) ?? TorchPrintOptions()
        if let p = o.precision { options.precision = p }
        if let t = o.threshold { options.threshold = t.value }
        if let e = o.edgeitems { options.edgeItems = e }
        if let w = o.linewidth { options.lineWidth = w }
        options.sciMode = o.sci_mode
        return options
    }

    static func tensor(_ b: TorchPrintingCase.Bits) -> Tensor? {
        guard let name = b.dtype, let shape = b.shape, let bits = b.bits else { return nil }
        let storage: TensorStorage
        switch name {
        case "float32":
            let values = bits.compactMap { UInt32($0, radix: 16).map(Float.init(bitPattern:)) }
            guard values.count == bits.count else { return nil }
            storage = .float32(values)
        case "float64":
            let values = bits.compactMap { UInt64($0, radix: 16).map(Double.init(bitPattern:)) }
            guard values.count == bits.count else { return nil }
            storage = .float64(values)
        case "int64":
            let values = bits.compactMap { Int64($0) }
            guard values.count == bits.count else { return nil }
            storage = .int64(values)
        case "int32":
            let values = bits.compactMap { Int32($0) }
            guard values.count == bits.count else { return nil }
            storage = .int32(values)
        case "bool":
            storage = .bool(bits.map { $0 == "1" })
        default:
            return nil
        }
        guard shape.reduce(1, *) == storage.count else { return nil }
        return Tensor(unchecked: shape, storage: storage)
    }
}

/// The printer's own rules, beyond the goldens.
final class TorchPrinterTests: XCTestCase {
    func testDefaultsAndSuffixes() throws {
        let halves = Tensor(unchecked: [2], storage: .float32([0.5, 0.5]))
        XCTAssertEqual(TorchPrinter.repr(halves), "tensor([0.5000, 0.5000])")
        XCTAssertEqual(TorchPrinter.repr(halves, gradFn: "SoftmaxBackward0"), "tensor([0.5000, 0.5000], grad_fn=<SoftmaxBackward0>)")
        let empty = Tensor(unchecked: [0, 3], storage: .float32([]))
        XCTAssertEqual(TorchPrinter.repr(empty), "tensor([], size=(0, 3))")
        XCTAssertEqual(TorchPrinter.repr(Tensor(unchecked: [0], storage: .int64([]))), "tensor([], dtype=torch.int64)")
        XCTAssertEqual(TorchPrinter.size([2, 3]), "torch.Size([2, 3])")
    }

    func testDefaultDTypeDecidesTheSuffix() {
        let t = Tensor(unchecked: [1], storage: .float64([1.5]))
        XCTAssertEqual(TorchPrinter.repr(t), "tensor([1.5000], dtype=torch.float64)")
        XCTAssertEqual(TorchPrinter.repr(t, defaultDType: .float64), "tensor([1.5000])")
    }

    func testProfiles() {
        XCTAssertEqual(TorchPrintOptions.profile("short")?.precision, 2)
        XCTAssertEqual(TorchPrintOptions.profile("full")?.threshold, .infinity)
        XCTAssertNil(TorchPrintOptions.profile("long"))
    }
}
