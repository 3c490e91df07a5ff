import AttnCore
import AttnDocs
import Foundation
import XCTest

/// A checked document is untrusted code: it runs confined to its folder,
/// within a time limit and the memory budget, and leaves nothing behind.
final class SandboxTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try Docs.temporaryFolder()
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: folder)
        Interrupt.clear()
        super.tearDown()
    }

    private func check(_ text: String, limits: Checker.Limits = Checker.Limits()) -> FileReport {
        Checker(limits: limits).check(Document(path: folder.appendingPathComponent("page.attn").path, bytes: Array(text.utf8)))
    }

    func testEachHostileDocumentFailsCleanlyAndLeavesNothingBehind() throws {
        let baseline = MemoryBudget.liveBytes
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("attn-escape-\(UUID().uuidString).npy")
        let saves = check("save(eye(2), \"\(outside.path)\")\nsave(eye(2), \"../escape.npy\")")
        XCTAssertEqual(saves.failures.count, 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: outside.path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.deletingLastPathComponent().appendingPathComponent("escape.npy").path))

        let reads = check("load(\"/etc/passwd\")")
        XCTAssertEqual(reads.failures.count, 1)
        XCTAssertFalse(reads.failures[0].report.contains("root:"))

        let started = Date()
        let loop = check("let f(n) = if n < 1 then 1 else f(n - 1) + f(n - 1)\nf(60)  # => 1", limits: Checker.Limits(timeout: 0.3))
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        XCTAssertEqual(loop.failures.map(\.kind), [.stopped])

        let saved = MemoryBudget.limit
        defer { MemoryBudget.limit = saved }
        MemoryBudget.limit = baseline + (64 << 20)
        let greedy = check("let a = ones([2^22])\nlet b = ones([2^22])\nlet c = ones([2^22])\nsum(a)  # => 4194304")
        XCTAssertEqual(greedy.failures.count, 1, "the third tensor does not fit")
        XCTAssertTrue(greedy.failures[0].report.contains("out of memory"), greedy.failures[0].report)
        XCTAssertEqual(greedy.passed, 1, "the document went on after the failure")

        // Every document's tensors were freed with its session, and nothing was written.
        XCTAssertEqual(MemoryBudget.liveBytes, baseline)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
        // After the time limit stopped one document, the next runs normally.
        XCTAssertEqual(check("1 + 1  # => 2").passed, 1)
    }

    func testSavesAreSeenByLaterLoadsOfTheSameDocumentOnly() throws {
        let first = check("save([1, 2, 3], \"v.npy\")\nload(\"v.npy\")  # => [1, 2, 3]")
        XCTAssertEqual(first.passed, 1, first.failures.map(\.report).joined())
        let second = check("load(\"v.npy\")")
        XCTAssertTrue(second.failures.first?.report.contains("no such file") ?? false, "a new document starts with no scratch files")
    }

    func testAllowWriteLetsSavesReachTheDiskExceptOnADryRun() throws {
        _ = check("save([1, 2], \"w.npy\")", limits: Checker.Limits(allowWrite: [folder.path], dryRun: true))
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("w.npy").path))
        _ = check("save([1, 2], \"w.npy\")", limits: Checker.Limits(allowWrite: [folder.path]))
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("w.npy").path))
        XCTAssertEqual(check("load(\"w.npy\")  # => [1, 2]").passed, 1, "files in the folder are readable")
    }
}
