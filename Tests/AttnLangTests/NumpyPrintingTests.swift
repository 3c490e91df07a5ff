import AttnCore
import Foundation
import XCTest
@testable import AttnLang

/// attn's numpy text is numpy's, byte for byte: Golden/numpy_printing.json
/// holds numpy 2's own `str` and `repr` of arrays and scalars of every dtype
/// attn has, under several print options (scripts/numpy_printing.py).
final class NumpyPrintingTests: XCTestCase {
    /// A number, or nan/inf as a string, or a boolean, as the script writes them.
    enum Element: Decodable {
        case number(Double)
        case integer(Int64)
        case boolean(Bool)

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let b = try? c.decode(Bool.self) { self = .boolean(b); return }
            if let d = try? c.decode(Double.self) {
                // An integer beyond 2^53 is read again, exactly (-0.0 stays a float).
                if d == d.rounded(), d.magnitude >= 0x1p53, let i = try? c.decode(Int64.self) { self = .integer(i); return }
                self = .number(d)
                return
            }
            switch try c.decode(String.self) {
            case "nan": self = .number(.nan)
            case "inf": self = .number(.infinity)
            case "-inf": self = .number(-.infinity)
            case let other: throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a number: \(other)")
            }
        }

        var double: Double {
            switch self {
            case .number(let d): return d
            case .integer(let i): return Double(i)
            case .boolean(let b): return b ? 1 : 0
            }
        }
    }

    struct Options: Decodable {
        var precision: Int?
        var floatmode: String?
        var suppress: Bool?
        var sign: String?
        var linewidth: Int?
        var threshold: Int?
        var edgeitems: Int?

        var numpy: NumpyPrintOptions {
            var o = NumpyPrintOptions()
            if let precision { o.float.precision = precision }
            if let floatmode { o.float.floatMode = NumpyFloatOptions.FloatMode(rawValue: floatmode) ?? .maxprec }
            if let suppress { o.float.suppressSmall = suppress }
            if let sign, let c = sign.first { o.float.sign = c }
            if let linewidth { o.lineWidth = linewidth }
            if let threshold { o.threshold = threshold }
            if let edgeitems { o.edgeItems = edgeitems }
            return o
        }
    }

    struct ArrayCase: Decodable {
        var name: String
        var dtype: String
        var shape: [Int]
        var values: [Element]
        var options: Options
        var str: String
        var repr: String
    }

    struct ScalarCase: Decodable {
        var dtype: String
        var value: Element
        var str: String
        var repr: String
    }

    struct Golden: Decodable {
        var numpy: String
        var arrays: [ArrayCase]
        var scalars: [ScalarCase]
    }

    static func golden() throws -> Golden {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/numpy_printing.json")
        return try JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
    }

    static func tensor(_ dtype: String, _ shape: [Int], _ values: [Element]) throws -> Tensor {
        let storage: TensorStorage
        switch dtype {
        case "float64": storage = .float64(values.map(\.double))
        case "float32": storage = .float32(values.map { Float($0.double) })
        case "int64": storage = .int64(values.map { if case .integer(let i) = $0 { return i } else { return Int64($0.double) } })
        case "int32": storage = .int32(values.map { if case .integer(let i) = $0 { return Int32(i) } else { return Int32($0.double) } })
        case "bool": storage = .bool(values.map { $0.double != 0 })
        default: throw XCTSkip("no dtype \(dtype)")
        }
        return Tensor(unchecked: shape, storage: storage)
    }

    func testArraysPrintAsNumpyPrintsThem() throws {
        let golden = try Self.golden()
        XCTAssertGreaterThanOrEqual(golden.arrays.count, 200)
        XCTAssertEqual(Set(golden.arrays.map(\.dtype)), Set(DType.allCases.map(\.rawValue)))
        var failures = 0
        for c in golden.arrays {
            let t = try Self.tensor(c.dtype, c.shape, c.values)
            let options = c.options.numpy
            let str = Printer.numpyStr(t, options: options), repr = Printer.numpyRepr(t, options: options)
            if str != c.str || repr != c.repr { failures += 1 }
            XCTAssertEqual(str, c.str, "str of \(c.name)")
            XCTAssertEqual(repr, c.repr, "repr of \(c.name)")
        }
        XCTAssertEqual(failures, 0, "numpy \(golden.numpy)")
    }

    func testScalarsPrintAsNumpyAndPythonPrintThem() throws {
        let golden = try Self.golden()
        XCTAssertGreaterThanOrEqual(golden.scalars.count, 100)
        for c in golden.scalars {
            if c.dtype == "python" {
                // Python's float: str and repr are the same text.
                XCTAssertEqual(NumberFormat.python().write(c.value.double), c.repr, "repr(\(c.repr))")
                continue
            }
            let t = try Self.tensor(c.dtype, [], [c.value])
            XCTAssertEqual(Printer.numpyStr(t), c.str, "str of np.\(c.dtype)(\(c.str))")
            XCTAssertEqual(Printer.numpyScalarRepr(t), c.repr)
        }
    }

    func testTheFormatIsDecidedFromTheShownElementsOnly() {
        // numpy decides the float format from what it shows: a summarized
        // array's hidden middle cannot force scientific notation.
        var values = [Double](repeating: 0.5, count: 2000)
        values[1000] = 1e-9
        let t = Tensor(unchecked: [2000], values)
        XCTAssertEqual(Printer.numpyStr(t), "[0.5 0.5 0.5 ... 0.5 0.5 0.5]")
    }
}
