import AttnCore
import AttnLang
import Foundation
import XCTest

/// One case of Golden/golden.json, written by scripts/golden.py from numpy:
/// an attn snippet and either the value numpy computed (shape and row-major
/// values) or a word its error (message or notes) must contain.
struct GoldenCase: Decodable {
    var area: String
    var name: String
    var source: String
    var shape: [Int]?
    var values: [Double]?
    var error: String?
}

/// attn against numpy: every case of golden.json is evaluated in a fresh
/// session and compared with the reference to 1e-12 relative. All
/// disagreements are reported together in one failure. The attention
/// options (kv_heads, causal "bottom_right", window, alibi, attend_lse) are
/// checked the same way against attention_options.json, whose values
/// scripts/golden_options.py computed with PyTorch.
final class GoldenTests: XCTestCase {
    static let tolerance = 1e-12

    static func loadCases(_ file: String = "golden.json") throws -> [GoldenCase] {
        guard let folder = Bundle.module.url(forResource: "Golden", withExtension: nil) else {
            throw GoldenError("the Golden resource folder is missing from the test bundle")
        }
        let data = try Data(contentsOf: folder.appendingPathComponent(file))
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode([GoldenCase].self, from: data)
    }

    func testGoldenFileIsWellFormed() throws {
        let cases = try Self.loadCases()
        XCTAssertGreaterThanOrEqual(cases.count, 150, "golden.json should hold at least 150 cases")
        let options = try Self.loadCases("attention_options.json")
        XCTAssertGreaterThanOrEqual(options.count, 100, "attention_options.json should hold at least 100 cases")
        for area in ["kv_heads", "causal", "window", "alibi", "attend_lse", "options sweep"] {
            XCTAssertTrue(options.contains { $0.area == area }, "attention_options.json has no \(area) cases")
        }
        Self.checkWellFormed(cases)
        Self.checkWellFormed(options)
    }

    static func checkWellFormed(_ cases: [GoldenCase]) {
        var seen = Set<String>()
        for c in cases {
            XCTAssertTrue(seen.insert("\(c.area)/\(c.name)").inserted, "duplicate case \(c.area)/\(c.name)")
            if let word = c.error {
                XCTAssertFalse(word.isEmpty, "\(c.name): empty error word")
                XCTAssertNil(c.values, "\(c.name): both an error and values")
            } else if let shape = c.shape, let values = c.values {
                XCTAssertEqual(shape.reduce(1, *), values.count, "\(c.name): shape and value count disagree")
            } else {
                XCTFail("\(c.name): neither an error nor a shape with values")
            }
        }
    }

    func testEveryGoldenCaseMatchesNumpy() throws {
        Self.checkAll(try Self.loadCases(), against: "numpy")
    }

    func testEveryAttentionOptionCaseMatchesPyTorch() throws {
        Self.checkAll(try Self.loadCases("attention_options.json"), against: "PyTorch")
    }

    static func checkAll(_ cases: [GoldenCase], against reference: String, file: StaticString = #filePath, line: UInt = #line) {
        var failures: [String] = []
        for c in cases {
            if let problem = Self.check(c) {
                failures.append("[\(c.area)] \(c.name)\n  snippet:\n\(Self.excerpt(c.source))\n  \(problem)")
            }
        }
        if !failures.isEmpty {
            XCTFail("\(failures.count) of \(cases.count) golden cases disagree with \(reference):\n\n" + failures.joined(separator: "\n\n"),
                    file: file, line: line)
        }
    }

    /// nil when attn agrees with the case; otherwise what went wrong.
    static func check(_ c: GoldenCase) -> String? {
        let session = Session()
        session.interpreter.output = { _ in }
        let value: Value?
        do {
            value = try session.evaluate(c.source, name: c.name)
        } catch {
            // The word may be in the message or in a note ("did you mean 'softmax'?").
            let text = ([error.message] + error.notes).joined(separator: "\n  note: ")
            if let word = c.error {
                if text.lowercased().contains(word.lowercased()) { return nil }
                return "expected: an error containing '\(word)'\n  actual:   error: \(text)"
            }
            return "expected: \(describe(shape: c.shape ?? [], c.values ?? []))\n  actual:   error: \(text)"
        }
        if let word = c.error {
            return "expected: an error containing '\(word)'\n  actual:   \(value.map(describe) ?? "no value")"
        }
        guard let shape = c.shape, let expected = c.values else { return "malformed case" }
        guard let value else { return "expected: \(describe(shape: shape, expected))\n  actual:   no value" }
        guard let t = value.tensor else {
            return "expected: \(describe(shape: shape, expected))\n  actual:   \(value.kindDescription)"
        }
        guard t.shape == shape else {
            return "expected: \(describe(shape: shape, expected))\n  actual:   \(describe(shape: t.shape, t.scalars))"
        }
        var bad: [String] = []
        var worst = 0.0
        for (i, (a, e)) in zip(t.scalars, expected).enumerated() where !agrees(a, e) {
            if bad.count < 6 { bad.append("[\(i)] expected \(e), actual \(a)") }
            if e.isFinite && a.isFinite { worst = max(worst, abs(a - e) / max(1, abs(e))) } else { worst = .infinity }
        }
        guard !bad.isEmpty else { return nil }
        return """
        shape \(Tensor.describe(shape: shape)): elements differ (largest relative error \(worst)):
            \(bad.joined(separator: "\n    "))
          expected: \(describe(shape: shape, expected))
          actual:   \(describe(shape: t.shape, t.scalars))
        """
    }

    /// |a − e| ≤ 1e-12·max(1, |e|); nan matches nan; infinities must be equal.
    static func agrees(_ a: Double, _ e: Double) -> Bool {
        if e.isNaN { return a.isNaN }
        if e.isInfinite { return a == e }
        guard a.isFinite else { return false }
        return abs(a - e) <= tolerance * max(1, abs(e))
    }

    static func describe(_ value: Value) -> String {
        if let t = value.tensor { return describe(shape: t.shape, t.scalars) }
        return value.kindDescription
    }

    /// Shape and (at most 24) values, with full precision.
    static func describe(shape: [Int], _ values: [Double]) -> String {
        let shown = values.prefix(24).map { "\($0)" }.joined(separator: ", ")
        return "shape \(Tensor.describe(shape: shape)) [\(shown)\(values.count > 24 ? ", … (\(values.count) in all)" : "")]"
    }

    /// The snippet, each line cut to 160 characters (the literals are long;
    /// the full text is in golden.json under the case's name).
    static func excerpt(_ source: String) -> String {
        source.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            "    " + (line.count > 160 ? line.prefix(160) + " …" : line)
        }.joined(separator: "\n")
    }
}

struct GoldenError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
