import AttnDocs
import AttnLang
import Foundation
import XCTest

/// Every builtin's example, as help and docs/builtins.md show it, runs, and
/// what it claims holds: `# => value` by attn check's own checker, and
/// `# prints: text` against what the example printed. Every value an
/// example shows is claimed (only help's documentation text is not).
final class BuiltinExampleTests: XCTestCase {
    func testEveryExampleRunsAndItsClaimsHold() throws {
        let folder = try Docs.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for b in Builtins.all {
            let lines = b.example.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let valueClaims = lines.filter { $0.hasPrefix("# =>") }.count
            let printClaims = lines.filter { $0.hasPrefix("# prints: ") }.map { String($0.dropFirst("# prints: ".count)) }

            // The values it shows and the lines it prints, run as attn check runs a document.
            let session = Session()
            session.interpreter.fileAccess = .confined(to: folder.path)
            var shown = 0, printed: [String] = []
            session.run(SourceFile(name: b.name, text: b.example)) { outcome in
                printed += outcome.printed
                if let value = outcome.value, outcome.display != nil {
                    if case .doc = value {} else { shown += 1 }
                }
                if let d = outcome.diagnostic { XCTFail("\(b.name)'s example fails: \(d.message)") }
            }
            XCTAssertEqual(valueClaims, shown, "\(b.name): every value the example shows is claimed, once")
            XCTAssertEqual(printed, printClaims, "\(b.name): # prints: claims what print wrote")

            let path = folder.appendingPathComponent("\(b.name).attn").path
            let report = Checker(diagnose: false).check(Document(path: path, bytes: Array(b.example.utf8), format: .attn))
            XCTAssertEqual(report.failed, 0, "\(b.name): " + report.failures.map(\.report).joined(separator: "\n"))
            XCTAssertGreaterThanOrEqual(report.results.filter { $0.claim != nil && $0.passed }.count, valueClaims,
                                        "\(b.name): attn check checks every # => claim")
        }
    }
}
