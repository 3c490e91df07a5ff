import Foundation
import XCTest
@testable import AttnPython

/// Golden/python_format.json, written by scripts/python_format.py from
/// CPython 3.11 and numpy 2 themselves; see the script for its layout.
struct FormatGolden: Decodable {
    let python: String
    let numpy: String
    let unicode: String
    let float_repr: [[String]]
    let int_repr: [[String]]
    let strings: [StringCase]
    let nonprintable: [[UInt32]]
    let containers: [ContainerCase]
    let format: [FormatCase]
    let percent: [PercentCase]
    let numpy_scalars: [NumpyCase]
    let templates: [TemplateCase]

    static func load() throws -> FormatGolden {
        guard let folder = Bundle.module.url(forResource: "Golden", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile)
        }
        let data = try Data(contentsOf: folder.appendingPathComponent("python_format.json"))
        return try JSONDecoder().decode(FormatGolden.self, from: data)
    }

    struct StringCase: Decodable {
        let value: String
        let repr: String
        let ascii: String
        let printable: Bool
    }

    struct ContainerCase: Decodable {
        let kind: String
        let items: Items
        let repr: String

        enum Items: Decodable {
            case flat([String])
            case pairs([[String]])

            init(from decoder: Decoder) throws {
                let c = try decoder.singleValueContainer()
                if let flat = try? c.decode([String].self) { self = .flat(flat) } else { self = .pairs(try c.decode([[String]].self)) }
            }
        }
    }

    /// A value as the script writes it.
    final class Value: Decodable {
        let type: String
        let bits: String?
        let text: String?
        let flag: Bool?
        let dtype: String?
        let typeName: String?
        let str: String?
        let repr: String?
        let item: Value?
        let items: [Value]?

        enum CodingKeys: String, CodingKey { case type, bits, value, dtype, typeName, str, repr, item, items }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            type = try c.decode(String.self, forKey: .type)
            bits = try c.decodeIfPresent(String.self, forKey: .bits)
            text = try? c.decodeIfPresent(String.self, forKey: .value)
            flag = try? c.decodeIfPresent(Bool.self, forKey: .value)
            dtype = try c.decodeIfPresent(String.self, forKey: .dtype)
            typeName = try c.decodeIfPresent(String.self, forKey: .typeName)
            str = try c.decodeIfPresent(String.self, forKey: .str)
            repr = try c.decodeIfPresent(String.self, forKey: .repr)
            item = try c.decodeIfPresent(Value.self, forKey: .item)
            items = try c.decodeIfPresent([Value].self, forKey: .items)
        }

        var double: Double { Double(bitPattern: UInt64(bits ?? "", radix: 16) ?? 0) }

        var numpy: NumpyScalar? {
            switch dtype {
            case "float64": return .float64(double)
            case "float32": return .float32(Float(bitPattern: UInt32(bits ?? "", radix: 16) ?? 0))
            case "int64": return .int64(Int64(text ?? "") ?? 0)
            case "int32": return .int32(Int32(text ?? "") ?? 0)
            case "bool": return .bool(flag ?? false)
            default: return nil
            }
        }

        var formattable: PyFormattable {
            switch type {
            case "float": return .float(double)
            case "int": return Int(text ?? "").map { .int($0) } ?? .bigInt(text ?? "")
            case "bool": return .bool(flag ?? false)
            case "str": return .str(text ?? "")
            case "none": return .none
            case "numpy": return numpy.map { .numpy($0) } ?? .none
            default:
                return .object(PyObjectText(typeName: typeName ?? "", str: str ?? "", repr: repr ?? "", item: item?.numpy))
            }
        }
    }

    struct FormatCase: Decodable, ExpectedFormatOutcome {
        let value: Value
        let spec: String
        let out: String?
        let error: ErrorText?
    }

    struct Arguments: Decodable {
        let tuple: [Value]?
        let single: Value?
        let mapping: Value?
        let items: [String: Value]?

        var percent: PercentArguments {
            if let tuple { return .tuple(tuple.map(\.formattable)) }
            if let mapping {
                let items = self.items ?? [:]
                let isList = mapping.typeName == "list"
                return .mapping(mapping.formattable) { key in
                    if isList { return .failure(PyFormatError(.typeError, "list indices must be integers or slices, not str")) }
                    return items[key].map { .success($0.formattable) } ?? .failure(.missingKey(key))
                }
            }
            return .single(single?.formattable ?? .none)
        }
    }

    struct PercentCase: Decodable, ExpectedFormatOutcome {
        let template: String
        let args: Arguments
        let out: String?
        let error: ErrorText?
    }

    struct NumpyCase: Decodable {
        let value: Value
        let str: String
        let repr: String
        let format: [Spec]
        let percent: [Template]

        struct Spec: Decodable, ExpectedFormatOutcome {
            let spec: String
            let out: String?
            let error: ErrorText?
        }

        struct Template: Decodable, ExpectedFormatOutcome {
            let template: String
            let out: String?
            let error: ErrorText?
        }
    }

    struct TemplateCase: Decodable, ExpectedFormatOutcome {
        let template: String
        let args: [Value]
        let kwargs: [String: Value]
        let out: String?
        let error: ErrorText?

        /// The lookups of `str.format`'s own arguments, as the evaluator would do them.
        func resolve(_ field: PyFormatField) -> Result<PyFormattable, PyFormatError> {
            var value: Value
            switch field.argument {
            case .index(let i):
                guard i < args.count else { return .failure(.replacementIndex(i)) }
                value = args[i]
            case .keyword(let name):
                guard let found = kwargs[name] else { return .failure(.missingKey(name)) }
                value = found
            }
            for accessor in field.accessors {
                guard case .index(let i) = accessor, let items = value.items, i < items.count else {
                    return .failure(PyFormatError(.typeError, "the test's lookup cannot do \(accessor)"))
                }
                value = items[i]
            }
            return .success(value.formattable)
        }
    }
}

/// An expected text or error, as a case of the script gives it.
struct ErrorText: Decodable, Equatable {
    let kind: String
    let message: String
}

protocol ExpectedFormatOutcome {
    var out: String? { get }
    var error: ErrorText? { get }
}

extension ExpectedFormatOutcome {
    /// Whether `actual` is this outcome; a text saying how not, else nil.
    func mismatch(_ actual: Result<String, PyFormatError>) -> String? {
        let expected = out.map(\.debugDescription) ?? error.map { "\($0.kind): \($0.message.debugDescription)" } ?? "?"
        switch actual {
        case .success(let text):
            return text == out ? nil : "got \(text.debugDescription), expected \(expected)"
        case .failure(let e):
            if let error, error.kind == e.kind.rawValue, error.message == e.message { return nil }
            return "got \(e.kind.rawValue): \(e.message.debugDescription), expected \(expected)"
        }
    }
}

/// Collects mismatches and fails once with the first few, so that a broken
/// rule shows as one readable message and a count.
struct MismatchLog {
    var lines: [String] = []
    var checked = 0

    mutating func check(_ label: @autoclosure () -> String, _ problem: String?) {
        checked += 1
        if let problem { lines.append(label() + ": " + problem) }
    }

    func assertNone(_ area: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertGreaterThan(checked, 0, "\(area): no cases", file: file, line: line)
        if !lines.isEmpty {
            XCTFail("\(area): \(lines.count) of \(checked) differ from CPython:\n" + lines.prefix(25).joined(separator: "\n"),
                    file: file, line: line)
        }
    }
}
