import AttnCore
import AttnDocs
import Foundation
import XCTest

/// attn fix: byte preservation, atomic replacement, idempotence, the diff.
final class FixTests: XCTestCase {
    private func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Docs.fixtures.appendingPathComponent(name)))
    }

    /// What `attn fix` does to one file; returns how many claims it rewrote.
    @discardableResult
    private func fix(_ path: String) throws -> Int {
        guard case .success(let document) = DocumentLoader.load(path) else { XCTFail("cannot load \(path)"); return 0 }
        let replacements = Checker(diagnose: false).check(document).failures.compactMap(\.replacement)
        if !replacements.isEmpty {
            try SafeFile.write(Fixer.apply(replacements, to: document.bytes), to: path, expected: document.snapshot)
        }
        return replacements.count
    }

    private func write(_ bytes: [UInt8], named name: String) throws -> URL {
        let url = try Docs.temporaryFolder().appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    func testGoldenBeforeAndAfter() throws {
        let url = try write(try fixture("fix-before.md"), named: "page.md")
        XCTAssertEqual(try fix(url.path), 6)
        let fixed = Array(try Data(contentsOf: url))
        let expected = try fixture("fix-after.md")
        XCTAssertEqual(String(decoding: fixed, as: UTF8.self), String(decoding: expected, as: UTF8.self))
        XCTAssertEqual(fixed, expected)
    }

    func testCRLFIsPreserved() throws {
        func crlf(_ bytes: [UInt8]) -> [UInt8] {
            Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8)
        }
        let url = try write(crlf(try fixture("fix-before.md")), named: "page.md")
        XCTAssertEqual(try fix(url.path), 6)
        XCTAssertEqual(Array(try Data(contentsOf: url)), crlf(try fixture("fix-after.md")))
    }

    func testFixingTwiceChangesNothingTheSecondTime() throws {
        let url = try write(try fixture("fix-before.md"), named: "page.md")
        try fix(url.path)
        let once = try Data(contentsOf: url)
        XCTAssertEqual(try fix(url.path), 0)
        XCTAssertEqual(try Data(contentsOf: url), once)
        // What remains failing is what fix cannot mend: an error claim and text output.
        let left = Checker().check(path: url.path).failures
        XCTAssertEqual(left.map(\.line), [18, 29])
        XCTAssertTrue(left.allSatisfy { $0.replacement == nil })
    }

    func testAtomicWriteKeepsModeAndLeavesNoTemporaryFile() throws {
        let url = try write(Array("1 + 1  # => 3\n".utf8), named: "m.attn")
        XCTAssertEqual(chmod(url.path, 0o640), 0)
        XCTAssertEqual(try fix(url.path), 1)
        XCTAssertEqual(String(decoding: try Data(contentsOf: url), as: UTF8.self), "1 + 1  # => 2\n")
        let mode = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o640)
        let folder = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
        XCTAssertEqual(folder, ["m.attn"])
    }

    func testLoadedDocumentsCarryTheSnapshotThatStopsAStaleWrite() throws {
        let url = try write(Array("1 + 1  # => 3\n".utf8), named: "m.attn")
        guard case .success(let document) = DocumentLoader.load(url.path) else { return XCTFail("cannot load") }
        let snapshot = try XCTUnwrap(document.snapshot)
        XCTAssertEqual(snapshot.bytes, document.bytes)
        // Someone appends while the document's code runs.
        let handle = try FileHandle(forWritingTo: url)
        handle.seekToEndOfFile()
        handle.write(Data("2 + 2  # => 4\n".utf8))
        handle.closeFile()
        let replacements = Checker(diagnose: false).check(document).failures.compactMap(\.replacement)
        XCTAssertEqual(replacements.count, 1)
        XCTAssertThrowsError(try SafeFile.write(Fixer.apply(replacements, to: document.bytes), to: url.path,
                                                expected: document.snapshot)) { error in
            XCTAssertEqual((error as? FileError)?.problem, .changedSinceRead)
        }
        XCTAssertEqual(String(decoding: try Data(contentsOf: url), as: UTF8.self), "1 + 1  # => 3\n2 + 2  # => 4\n")
    }

    func testLoadReportsFileProblemsInPlainWords() throws {
        guard case .failure(let missing) = DocumentLoader.load("/nonexistent/attn/x.attn") else { return XCTFail() }
        XCTAssertEqual(missing.reason, "no such file")
        let folder = try Docs.temporaryFolder()
        guard case .failure(let directory) = DocumentLoader.load(folder.path) else { return XCTFail() }
        XCTAssertEqual(directory.reason, "is a directory")
        let binary = try write([0x31, 0xFF], named: "b.attn")
        guard case .failure(let notText) = DocumentLoader.load(binary.path) else { return XCTFail() }
        XCTAssertEqual(notText.reason, "is not UTF-8 text")
    }

    func testDryRunDiff() throws {
        let before = try fixture("fix-before.md")
        let report = Checker(diagnose: false).check(Document(path: "page.md", bytes: before))
        let diff = Fixer.diff(path: "page.md", original: before, replacements: report.failures.compactMap(\.replacement))
        XCTAssertTrue(diff.hasPrefix("--- a/page.md\n+++ b/page.md\n@@ -7,"), diff)
        XCTAssertTrue(diff.contains("\n-softmax(dot(K, q))     # => [0.75, 0.25]\n+softmax(dot(K, q))     # => [0.731059, 0.268941]\n"), diff)
        XCTAssertTrue(diff.contains("\n-#     [0.5000, 0.5000]]\n"), diff)
        XCTAssertTrue(diff.contains("\n+array([[2., 3.]])\n"), diff)
        XCTAssertEqual(Fixer.diff(path: "x", original: before, replacements: []), "")
    }

    func testDryRunThroughTheBinaryChangesNothing() throws {
        guard let binary = Docs.binary() else { throw XCTSkip("attn binary not built (set ATTN_BIN)") }
        let url = try write(try fixture("fix-before.md"), named: "page.md")
        let (status, output) = try Docs.run(binary, ["fix", "--dry-run", url.path])
        XCTAssertEqual(status, 1)  // the error claim and the text claim cannot be fixed
        XCTAssertTrue(output.contains("+dot(q, q)  # => 0.500000"), output)
        XCTAssertEqual(Array(try Data(contentsOf: url)), try fixture("fix-before.md"))
    }
}
