import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The binary under hostile or unlucky conditions: Ctrl-C and Ctrl-\ while it
/// works, sizes that cannot be allocated, empty axes with huge neighbours,
/// documents that try to escape their folder, loop for ever or allocate too
/// much, and the small traps of the command line.
final class CLISafetyTests: CLITestCase {
    // MARK: - Command line

    func testValuesThatStartWithAMinusAreCode() throws {
        XCTAssertEqual(try attn("-e", "-1").stdout, "-1\n")
        XCTAssertEqual(try attn("-e", "-[1, 2] / 4").stdout, "[-0.25,  -0.5]\n")
        XCTAssertEqual(try attn("--eval", "-2 * 3").stdout, "-6\n")
        XCTAssertEqual(try attn("-e", "1", "-e", "-1").stdout, "1\n-1\n")
    }

    func testRunDashReadsStandardInput() throws {
        let r = try attn("run", "-", input: "softmax([1, 1])\n")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "[0.5, 0.5]\n")
    }

    func testMisspeltSubcommandSuggestsIt() throws {
        let r = try attn("chek", "examples/")
        assertFails(r, containing: "did you mean 'attn check'")
    }

    func testInteractiveAfterAScriptReadsStandardInputWhenNotATerminal() throws {
        let r = try attn("-i", "-e", "let a = 2", input: "a * 3\n")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "6\n")
    }

    func testByteOrderMarkAndOldMacLineEndings() throws {
        let script = try write("cr.attn", "let a = 2\rlet b = a * 5\rb\r")
        XCTAssertEqual(try attn("run", script).stdout, "10\n")
        let page = try write("bom.md", Data([0xEF, 0xBB, 0xBF] + Array("```attn\n1 + 1  # => 2\n```\n".utf8)))
        let r = try attn("check", page)
        XCTAssertEqual(r.status, 0, r.stdout)
        XCTAssertTrue(r.stdout.hasSuffix("1 passed, 0 failed\n"), r.stdout)
    }

    // MARK: - Signals

    /// Sends SIGINT `after` seconds into the run; returns the result and the
    /// seconds from the signal to the exit.
    private func interrupt(_ arguments: [String], after: Double = 1) throws -> (Result, Double) {
        let (process, finish) = try start(arguments)
        Thread.sleep(forTimeInterval: after)
        XCTAssertTrue(process.isRunning, "the work finished before the signal; make it longer")
        let sent = Date()
        kill(process.processIdentifier, SIGINT)
        let result = try finish()
        return (result, Date().timeIntervalSince(sent))
    }

    func testCtrlCStopsARunWithStatus130() throws {
        let (r, seconds) = try interrupt(["-e", "let R = randn([3000, 3000], seed: 1); R @ R @ R @ R @ R @ R @ R @ R"])
        assertFails(r, status: 130, containing: "attn: interrupted")
        XCTAssertLessThan(seconds, 0.5)
        XCTAssertEqual(r.stdout, "")
    }

    func testCtrlCInAScriptNamesTheLineAndRunsNothingAfter() throws {
        let script = try write("slow.attn", "let a = 1\nprint(\"before\")\nlet b = sum(randn([3000, 3000], seed: 1) @ randn([3000, 3000], seed: 2) @ randn([3000, 3000], seed: 3))\nprint(\"after\")\n")
        let (r, seconds) = try interrupt(["run", script])
        assertFails(r, status: 130, containing: "attn: interrupted at \(script):3")
        XCTAssertEqual(r.stdout, "before\n", "nothing after the interrupted statement ran")
        XCTAssertLessThan(seconds, 0.5)
    }

    func testCtrlCStopsACheckAndReportsWhatItChecked() throws {
        let folder = scratch.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "```attn\n1 + 1  # => 2\n```\n".write(to: folder.appendingPathComponent("a.md"), atomically: true, encoding: .utf8)
        try "```attn\nlet f(n) = if n < 1 then 1 else f(n - 1) + f(n - 1)\nf(40)  # => 1\n```\n"
            .write(to: folder.appendingPathComponent("b.md"), atomically: true, encoding: .utf8)
        let (r, seconds) = try interrupt(["check", folder.path])
        XCTAssertTrue(r.exited)
        XCTAssertEqual(r.status, 130, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("1 passed, 1 failed (interrupted"), r.stdout)
        XCTAssertLessThan(seconds, 0.5)
    }

    func testCtrlBackslashQuitsAtOnceWithoutACrashReport() throws {
        let (process, finish) = try start(["-e", "let R = randn([3000, 3000], seed: 1); R @ R @ R @ R @ R @ R @ R @ R"])
        Thread.sleep(forTimeInterval: 0.5)
        kill(process.processIdentifier, SIGQUIT)
        let r = try finish()
        XCTAssertTrue(r.exited, "ended by its own exit, not killed by the signal")
        XCTAssertEqual(r.status, 131)
        XCTAssertFalse(r.stderr.contains("Crash") || r.stderr.contains("Backtrace") || r.stderr.contains("Thread 0"), r.stderr)
    }

    // MARK: - Sizes

    func testTheMemoryBudgetEndsTheStatementNotTheProcess() throws {
        let r = try attn("--max-memory", "80M", "-e", "let a = ones([2^22]); let b = ones([2^22]); let c = ones([2^22])")
        assertFails(r, containing: "out of memory", "needs 32 MiB", "see --max-memory")
        // Freed tensors give their memory back: one at a time fits.
        let ok = try attn("--max-memory", "80M", "-e", "let a = ones([2^22]); let a = ones([2^22]); let a = ones([2^22]); sum(a)")
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertEqual(ok.stdout, "4194304\n")
        assertFails(try attn("--max-memory", "lots", "-e", "1"), status: 2, containing: "--max-memory")
    }

    func testEmptyAxesNeverAllocateOrLoopOverTheirNeighbours() throws {
        assertFails(try attn("-e", "sum(zeros([0, 2^40]), axis: 0)"), containing: "too large")
        assertFails(try attn("-e", "mean(zeros([0, 1e9]), axis: 0)"), containing: "too large")
        assertFails(try attn("--max-elements", "100000", "-e", "sum(zeros([0, 1000, 1000]), axis: 0)"), containing: "too large")
        XCTAssertEqual(try attn("-e", "shape(softmax(zeros([0, 2^40]), axis: 0))").stdout, "[            0, 1099511627776]\n")
        XCTAssertEqual(try attn("-e", "shape(sum(zeros([0, 2^40]), axis: 1))").stdout, "[0]\n")
        XCTAssertEqual(try attn("-e", "shape(zeros([0, 2^40])[:, 5:])").stdout, "[            0, 1099511627771]\n")
        XCTAssertEqual(try attn("-e", "shape(concat(zeros([2^40, 0]), zeros([2^40, 0]), axis: 1))").stdout, "[1099511627776,             0]\n")
        assertFails(try attn("-e", "zeros([0, 2^40, 2^40])"), containing: "too large")

        // A valid .npy of shape (0, 2^63 - 1).
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 9223372036854775807), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        let length = UInt16(header.utf8.count)
        let bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8)
        let path = try write("huge-empty.npy", Data(bytes))
        assertFails(try attn("-e", "sum(load(\"\(path)\"), axis: 0)"), containing: "too large")
        XCTAssertEqual(try attn("-e", "shape(sum(load(\"\(path)\"), axis: 1))").stdout, "[0]\n")
    }

    // MARK: - Checked documents

    /// A folder `doc` in the scratch folder holding `page.md` with `body` in an attn fence.
    private func document(_ body: String, name: String = "page.md", folder: String = "doc") throws -> URL {
        let dir = scratch.appendingPathComponent(folder)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try ("# A page\n\n```attn\n" + body + "\n```\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func testADocumentCannotWriteOutsideItsFolder() throws {
        let outside = scratch.appendingPathComponent("outside.npy")
        let page = try document("save(eye(2), \"\(outside.path)\")\nsave(eye(2), \"../outside.npy\")")
        let r = try attn("check", page.path)
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout.components(separatedBy: "outside the document's folder").count - 1, 2, r.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: outside.path), "nothing was written")
        // Not under fix --dry-run either, whatever --allow-write says.
        _ = try attn("fix", "--dry-run", "--allow-write", scratch.path, page.path)
        XCTAssertFalse(FileManager.default.fileExists(atPath: outside.path))
    }

    func testADocumentsSavesStayInMemoryAndItsLoadsSeeThem() throws {
        let page = try document("save(eye(2), \"m.npy\")\nload(\"m.npy\")  # => [[1, 0], [0, 1]]")
        let r = try attn("check", page.path)
        XCTAssertEqual(r.status, 0, r.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: page.deletingLastPathComponent().appendingPathComponent("m.npy").path))
        // --allow-write lets them reach the disk; --dry-run never does.
        _ = try attn("fix", "--dry-run", "--allow-write", page.deletingLastPathComponent().path, page.path)
        XCTAssertFalse(FileManager.default.fileExists(atPath: page.deletingLastPathComponent().appendingPathComponent("m.npy").path))
        XCTAssertEqual(try attn("check", "--allow-write", page.deletingLastPathComponent().path, page.path).status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: page.deletingLastPathComponent().appendingPathComponent("m.npy").path))
    }

    func testADocumentCannotReadOutsideItsFolder() throws {
        let dir = scratch.appendingPathComponent("doc")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("etc").path, withDestinationPath: "/etc")
        let page = try document("load(\"/etc/passwd\")\nload(\"etc/passwd\")\nload(\"../../../../../../etc/passwd\")")
        let r = try attn("check", page.path)
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout.components(separatedBy: "outside the document's folder").count - 1, 3, r.stdout)
        XCTAssertFalse(r.stdout.contains("root:"), "no byte of the file is shown")
        // --allow-read widens it.
        let allowed = try attn("check", "--allow-read", "/etc", page.path)
        XCTAssertFalse(allowed.stdout.contains("outside the document's folder"), allowed.stdout)
    }

    func testADocumentThatRunsForEverIsStoppedAndTheNextIsChecked() throws {
        let slow = try document("let f(n) = if n < 1 then 1 else f(n - 1) + f(n - 1)\nf(60)  # => 1\n2 + 2  # => 4", name: "a.md")
        _ = try document("1 + 1  # => 2", name: "b.md")
        let started = Date()
        let r = try attn("check", "--timeout", "1", slow.deletingLastPathComponent().path)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("a.md:5: checking stopped"), r.stdout)
        XCTAssertTrue(r.stdout.contains("longer than its time limit (1 s, --timeout)"), r.stdout)
        XCTAssertTrue(r.stdout.hasSuffix("1 passed, 1 failed\n"), "b.md was checked: \(r.stdout)")
    }

    func testADocumentThatAllocatesTooMuchFailsAndTheNextIsChecked() throws {
        _ = try document("let a = ones([2^24])\nlet b = ones([2^24])\nsum(b)  # => 16777216", name: "a.md")
        _ = try document("1 + 1  # => 2", name: "b.md")
        let r = try attn("check", "--max-memory", "200M", scratch.appendingPathComponent("doc").path)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("out of memory"), r.stdout)
        // The allocation that fails, and the claim on what it would have made, are errors of the document's code.
        XCTAssertTrue(r.stdout.hasSuffix("1 passed, 0 failed, 2 errors\n"), r.stdout)
    }

    func testControlCharactersInADocumentAreShownNotObeyed() throws {
        let page = try document("1 + 1  # => \u{1B}[2J\u{1B}]0;owned\u{07}3")
        let r = try attn("check", page.path)
        XCTAssertEqual(r.status, 1)
        XCTAssertFalse(r.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, r.stdout.debugDescription)
        XCTAssertTrue(r.stdout.contains("␛[2J␛]0;owned␇3"), r.stdout)
    }
}
