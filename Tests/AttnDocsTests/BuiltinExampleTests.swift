import AttnDocs
import AttnLang
import Foundation
import XCTest

/// Every builtin's example, as help and docs/builtins.md show it, runs, and
/// what it claims (`# => value`, `# prints: text`) holds, judged by attn
/// check's own checker. Every value an example shows and every line it
/// prints is claimed (only help's documentation text is not).
final class BuiltinExampleTests: XCTestCase {
    func testEveryExampleRunsAndItsClaimsHold() throws {
        let folder = try Docs.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for b in Builtins.all {
            let path = folder.appendingPathComponent("\(b.name).attn").path
            let document = Document(path: path, bytes: Array(b.example.utf8), format: .attn)
            let report = Checker(diagnose: false).check(document)
            XCTAssertEqual(report.failed, 0, "\(b.name): " + report.failures.map(\.report).joined(separator: "\n"))
            XCTAssertEqual(report.results.filter { $0.passed && $0.claim != nil }.count, document.claims.count,
                           "\(b.name): attn check checked every claim the example writes")

            // What the example shows, run as attn check runs a document: one
            // claim for each statement that shows a value or prints.
            let session = Session()
            session.interpreter.fileAccess = .confined(to: folder.path)
            var showing = 0
            session.run(SourceFile(name: b.name, text: b.example)) { outcome in
                if let value = outcome.value, outcome.display != nil {
                    if case .doc = value {} else { showing += 1 }
                }
                if !outcome.printed.isEmpty { showing += 1 }
                showing += outcome.figures.count
                if let d = outcome.diagnostic { XCTFail("\(b.name)'s example fails: \(d.message)") }
            }
            XCTAssertEqual(document.claims.count, showing, "\(b.name): every value shown and every print is claimed, once")
        }
    }
}
