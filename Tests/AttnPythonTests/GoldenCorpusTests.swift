import AttnCore
import AttnLang
import Foundation
import XCTest
@testable import AttnPython

/// The golden corpus: every snippet of Golden/*.py runs through the dialect
/// and must print byte for byte what python3 + numpy (+ torch) printed for it
/// (Golden/expected.json, written by scripts/python_golden.py), or fail with
/// the same exception type, message and line.
final class GoldenCorpusTests: XCTestCase {
    struct Expected: Decodable {
        struct Record: Decodable {
            struct Failure: Decodable {
                let type: String
                let message: String
                let line: Int
            }
            let file: String
            let name: String
            let stdout: String
            let error: Failure?
        }
        let python: String
        let numpy: String
        /// PyTorch's version, for the torch_*.py snippets (nil: not recorded).
        let torch: String?
        let snippets: [Record]
    }

    /// Snippets whose error message attn words differently from CPython (the
    /// type and line must still match), with why.
    static let messageDiffers: [String: String] = [:]

    static func golden() throws -> URL {
        try XCTUnwrap(Bundle.module.url(forResource: "Golden", withExtension: nil))
    }

    /// The snippets of a corpus file, split as scripts/python_golden.py splits them.
    static func snippets(_ text: String) -> [(name: String, text: String)] {
        var out: [(String, String)] = []
        var name: String?
        var lines: [Substring] = []
        func flush() {
            guard let name else { return }
            var body = lines.joined(separator: "\n")
            while body.hasSuffix("\n") { body.removeLast() }
            out.append((name, body + "\n"))
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#: ") && line.count > 3 {
                flush()
                name = String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)
                lines = []
            } else if name != nil {
                lines.append(line)
            }
        }
        flush()
        return out
    }

    func testEverySnippetPrintsWhatPythonPrints() throws {
        let dir = try Self.golden()
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: dir.appendingPathComponent("expected.json")))
        var byKey: [String: Expected.Record] = [:]
        for r in expected.snippets { byKey[r.file + "/" + r.name] = r }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".py") }.sorted()
        var failures: [String] = []
        var count = 0
        for file in files {
            let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            for (name, snippet) in Self.snippets(text) {
                count += 1
                guard let record = byKey[file + "/" + name] else {
                    failures.append("\(file) \(name): not in expected.json (rerun scripts/python_golden.py)")
                    continue
                }
                let run = PythonTest.run(snippet)
                var problems: [String] = []
                if run.stdout != record.stdout {
                    problems.append("stdout differs:\n--- python\n\(record.stdout)--- attn\n\(run.stdout)---")
                }
                if let want = record.error {
                    if run.error == nil {
                        problems.append("expected \(want.type): \(want.message) at line \(want.line), got no error")
                    } else {
                        let message = run.error?.message ?? ""
                        let typeOK = run.errorType == want.type
                        let messageOK = want.type == "SyntaxError" || want.type == "IndentationError"
                            || Self.messageDiffers[file + "/" + name] != nil
                            || message == (want.message.isEmpty ? want.type : "\(want.type): \(want.message)")
                        if !typeOK || !messageOK || run.errorLine != want.line {
                            problems.append("expected \(want.type): \(want.message) at line \(want.line), got \(message) at line \(run.errorLine ?? 0)")
                        }
                    }
                } else if let error = run.error {
                    problems.append("unexpected error at line \(run.errorLine ?? 0): \(error.message)")
                }
                if !problems.isEmpty { failures.append("\(file) \(name): " + problems.joined(separator: "\n")) }
            }
        }
        XCTAssertEqual(count, expected.snippets.count, "expected.json is not the corpus's (rerun scripts/python_golden.py)")
        XCTAssertGreaterThanOrEqual(count, 150)
        if !failures.isEmpty {
            XCTFail("\(failures.count) of \(count) snippets differ from python3 \(expected.python) + numpy \(expected.numpy):\n\n" + failures.joined(separator: "\n\n"))
        }
    }
}
