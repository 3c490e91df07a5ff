import Foundation
import XCTest
@testable import AttnShell
#if canImport(Glibc)
import Glibc
#endif

/// The shell end to end through a pseudo-terminal (see `ShellTerminalCase`).
final class ShellEndToEndTests: ShellTerminalCase {
    // MARK: - Tests

    func testBannerPromptAndAValue() throws {
        let pty = try launch()
        try started(pty)
        XCTAssertEqual(try evaluate(pty, "softmax([1, 2])"), "[0.268941, 0.731059]")
        XCTAssertEqual(try evaluate(pty, "_ * 2"), "[0.537883,  1.46212]")
        XCTAssertEqual(try evaluate(pty, "let x = 3"), "")
        XCTAssertEqual(try evaluate(pty, "x + 1;"), "")
        XCTAssertEqual(try evaluate(pty, ":shape [[1, 2, 3]]"), "[1, 3]")
        try exitWithCtrlD(pty)
    }

    func testHistoryIsRecalledInTheNextSession() throws {
        let first = try launch()
        try started(first)
        XCTAssertEqual(try evaluate(first, "softmax([1, 3])"), "[0.119203, 0.880797]")
        try exitWithCtrlD(first)

        let text = try String(contentsOfFile: historyPath, encoding: .utf8)
        XCTAssertEqual(text, "softmax([1, 3])\n")
        XCTAssertEqual(fileMode(historyPath), 0o600)

        let second = try launch()
        try started(second)
        second.sendKey(.up)
        try second.waitFor("softmax([1, 3])", timeout: Self.step)
        second.sendKey(.enter)
        try second.waitFor("[0.119203, 0.880797]", timeout: Self.step)
        try second.waitFor(ShellLoop.prompt, timeout: Self.step)
        try exitWithCtrlD(second)
        XCTAssertTrue(try String(contentsOfFile: historyPath, encoding: .utf8).hasPrefix("softmax([1, 3])\n"))
        XCTAssertEqual(fileMode(historyPath), 0o600)
    }

    func testCtrlCDiscardsAHalfTypedLine() throws {
        let pty = try launch()
        try started(pty)
        pty.send("40 + ")
        try pty.waitFor("40 + ", timeout: Self.step)
        pty.sendKey(.ctrlC)
        try pty.waitFor("^C", timeout: Self.step)
        try pty.waitFor(ShellLoop.prompt, timeout: Self.step)
        XCTAssertEqual(try evaluate(pty, "2"), "2", "the discarded '40 + ' is not part of the next line")
        XCTAssertFalse(pty.screen.contains("42"))
        XCTAssertFalse(pty.screen.contains("...>"), "no continuation prompt for a discarded line")
        try exitWithCtrlD(pty)
        XCTAssertEqual(try String(contentsOfFile: historyPath, encoding: .utf8), "2\n", "a discarded line is not history")
    }

    func testCtrlCInterruptsALongEvaluationAndKeepsTheSession() throws {
        let pty = try launch()
        try started(pty)
        // attend(X, X, X) must still be running 0.3 s after Return on the
        // fastest kernels: 40000 keys × 64 is about 410 GFLOP, seconds even
        // with AVX-512 (the fused kernel never builds the 40000² scores).
        XCTAssertEqual(try evaluate(pty, "let X = randn([40000, 64], seed: 1)", timeout: 30), "")
        try enter(pty, "attend(X, X, X)")
        try pty.waitFor("\n", timeout: Self.step)  // Return was read: the evaluation is under way
        Thread.sleep(forTimeInterval: 0.3)
        let pressed = Date()
        pty.sendKey(.ctrlC)
        let shown = try pty.waitFor("interrupted", timeout: 10)
        XCTAssertLessThan(Date().timeIntervalSince(pressed), 5, "the evaluation stops soon after Ctrl-C")
        XCTAssertFalse(shown.contains("[["), "no result was printed: \(shown)")
        try pty.waitFor(ShellLoop.prompt, timeout: Self.step)

        // The session is intact: X is still defined and usable, and the
        // stop request does not outlive the evaluation it stopped (the
        // attention kernel checks for it on its first row, and :shape
        // evaluates outside the session's usual path).
        XCTAssertEqual(try evaluate(pty, ":shape attend(X[0:2], X[0:2], X[0:2])"), "[2, 64]", "no stale interrupt")
        let value = try evaluate(pty, "X[0, 0]")
        XCTAssertNotNil(Double(value), "X[0, 0] printed '\(value)'")
        XCTAssertEqual(try evaluate(pty, ":shape X"), "[40000, 64]")
        try exitWithCtrlD(pty)
    }

    func testCtrlDOnAnEmptyLineExitsWithStatusZero() throws {
        let pty = try launch()
        try started(pty)
        pty.sendKey(.ctrlD)
        XCTAssertEqual(try pty.waitForExit(timeout: Self.step), .exited(0))
    }

    func testQuitCommandExitsWithStatusZero() throws {
        let pty = try launch()
        try started(pty)
        try enter(pty, ":q")
        XCTAssertEqual(try pty.waitForExit(timeout: Self.step), .exited(0))
    }

    func testTabCompletesANamedArgument() throws {
        let pty = try launch()
        try started(pty)
        XCTAssertEqual(try evaluate(pty, "let X = [[1, 0], [0, 1]]"), "")
        pty.send("attend(X, X, X, he")
        try pty.waitFor("attend(X, X, X, he", timeout: Self.step)
        pty.sendKey(.tab)
        try waitForEditLine(pty, containing: "attend(X, X, X, heads:")
        // The completion is in the edit buffer, not only on the screen.
        pty.send(" 2)")
        try pty.waitFor(" 2)", timeout: Self.step)
        pty.sendKey(.enter)
        let shown = try pty.waitFor(ShellLoop.prompt, timeout: Self.step)
        XCTAssertTrue(shown.contains("[["), shown)
        XCTAssertFalse(shown.contains("error"), shown)
        try exitWithCtrlD(pty)
        XCTAssertEqual(try String(contentsOfFile: historyPath, encoding: .utf8), "let X = [[1, 0], [0, 1]]\nattend(X, X, X, heads: 2)\n")
    }

    func testMultiLineEntryWithContinuationPrompt() throws {
        let pty = try launch()
        try started(pty)
        try enter(pty, "softmax([1,")
        try pty.waitFor(ShellLoop.continuationPrompt, timeout: Self.step)
        try enter(pty, "2])")
        try pty.waitFor("[0.268941, 0.731059]", timeout: Self.step)
        try pty.waitFor(ShellLoop.prompt, timeout: Self.step)
        try exitWithCtrlD(pty)
        XCTAssertEqual(HistoryStore(path: historyPath).load().entries, ["softmax([1,\n2])"], "one entry")
    }

    func testErrorShowsTheCaretLine() throws {
        let pty = try launch()
        try started(pty)
        let shown = try evaluate(pty, "foo(1)")
        XCTAssertTrue(shown.contains("error: unknown name 'foo'"), shown)
        XCTAssertTrue(shown.contains("1 | foo(1)\n  | ^~~"), shown)
        XCTAssertEqual(try evaluate(pty, "1 + 1"), "2", "the shell goes on after an error")
        try exitWithCtrlD(pty)
    }

    func testNoColorTurnsColourOff() throws {
        let pty = try launch(["NO_COLOR": "1"])
        try started(pty)
        let shown = try evaluate(pty, "foo(1)")
        XCTAssertTrue(shown.contains("^~~"), shown)
        let escapes = colourEscapes(raw(pty))
        XCTAssertEqual(escapes, [], "colour escapes in: \(raw(pty).debugDescription)")
        try exitWithCtrlD(pty)
    }

    func testColorAlwaysColoursErrors() throws {
        let pty = try launch(["NO_COLOR": "1"], arguments: ["--color", "always"])
        try started(pty)
        let shown = try evaluate(pty, "foo(1)")
        XCTAssertTrue(shown.contains("^~~"), shown)
        XCTAssertTrue(raw(pty).contains("\u{1B}[1;31merror:"), raw(pty).debugDescription)
        XCTAssertTrue(raw(pty).contains("\u{1B}[1;31m^~~"), raw(pty).debugDescription)
        try exitWithCtrlD(pty)
    }

    func testEmptyAttnHistoryWritesNoHistory() throws {
        let pty = try launch(["ATTN_HISTORY": ""])
        try started(pty)
        XCTAssertEqual(try evaluate(pty, "1 + 1"), "2")
        XCTAssertEqual(try evaluate(pty, "softmax([0, 0])"), "[0.5, 0.5]")
        try exitWithCtrlD(pty)
        XCTAssertFalse(pty.screen.contains("attn: "), "no warning: \(pty.screen)")
        let files = FileManager.default.enumerator(atPath: dir.path)?.allObjects as? [String] ?? []
        XCTAssertEqual(files, [], "nothing written under HOME or XDG_STATE_HOME")
    }

    func testCorruptHistoryFileWarnsOnceAndIsLeftAlone() throws {
        var garbage: [UInt8] = [0x00, 0xFF, 0xFE, 0x1B, 0x5B, 0x00, 0x0A, 0xC3, 0x28]
        var seed: UInt32 = 12345
        for _ in 0..<500 {
            seed = seed &* 1_103_515_245 &+ 12_345
            garbage.append(UInt8(truncatingIfNeeded: seed >> 16))
        }
        XCTAssertTrue(FileManager.default.createFile(atPath: historyPath, contents: Data(garbage), attributes: [.posixPermissions: 0o600]))

        let pty = try launch()
        try pty.waitFor("attn: ", timeout: Self.step)
        try started(pty)
        XCTAssertEqual(try evaluate(pty, "1 + 1"), "2")
        XCTAssertEqual(try evaluate(pty, "softmax([0, 0])"), "[0.5, 0.5]")
        pty.sendKey(.up)
        try pty.waitFor("softmax([0, 0])", timeout: Self.step)
        pty.sendKey(.enter)
        try pty.waitFor("[0.5, 0.5]", timeout: Self.step)
        try pty.waitFor(ShellLoop.prompt, timeout: Self.step)
        try exitWithCtrlD(pty)

        let warnings = pty.screen.components(separatedBy: "attn: ").count - 1
        XCTAssertEqual(warnings, 1, "one warning, not one per entry:\n\(pty.screen)")
        XCTAssertTrue(pty.screen.contains(historyPath), "the warning names the file:\n\(pty.screen)")
        XCTAssertEqual(readBytes(historyPath), garbage, "the file is unchanged")
    }

    func testPastedTranscriptIsChecked() throws {
        let pty = try launch()
        try started(pty)
        let transcript = ["attn> softmax([1, 1])", "[0.5, 0.5]", "attn> dot([0.5, 0.5], [1, 1])", "0.5"]
        let before = pty.screen.endIndex
        pty.send("\u{1B}[200~" + transcript.joined(separator: "\r") + "\r\u{1B}[201~")
        // The checker may echo the inputs with their prompts, so wait for its
        // summary (or the stub's message) rather than for the next prompt.
        let stub = "transcript checking arrives"
        let deadline = Date().addingTimeInterval(Self.step)
        var output = ""
        while true {
            output = String(pty.screen[before...])
            if output.contains(stub) || output.split(separator: "\n").contains(where: { $0.contains("passed") && $0.contains("failed") }) { break }
            if pty.isClosed || Date() >= deadline {
                return XCTFail("no transcript summary within \(Self.step) s; after the paste:\n\(output)")
            }
            pty.pump(timeout: 0.05)
        }
        if output.contains(stub) {
            throw XCTSkip("the transcript checker is still the stub in TranscriptPaste.swift; this test asserts once it lands")
        }
        try pty.waitFor(ShellLoop.prompt, timeout: Self.step)
        output = String(pty.screen[before...])
        let pass = try XCTUnwrap(output.range(of: "✓"), "no ✓ for the right claim:\n\(output)")
        let fail = try XCTUnwrap(output.range(of: "✗"), "no ✗ for the wrong claim:\n\(output)")
        XCTAssertLessThan(pass.lowerBound, fail.lowerBound, "the right claim comes first:\n\(output)")
        XCTAssertEqual(output.components(separatedBy: "✓").count - 1, 1, output)
        XCTAssertEqual(output.components(separatedBy: "✗").count - 1, 1, output)
        let summary = output.split(separator: "\n").filter { $0.contains("1 passed") && $0.contains("1 failed") }
        XCTAssertEqual(summary.count, 1, "one summary line with '1 passed' and '1 failed':\n\(output)")
        // The paste's last line break may still bring one more (empty) prompt:
        // wait for the value itself rather than for the next prompt.
        let mark = pty.screen.endIndex
        try enter(pty, "1 + 1")
        let goesOn = Date().addingTimeInterval(Self.step)
        while !String(pty.screen[mark...]).split(whereSeparator: \.isNewline).contains(where: { $0.trimmingCharacters(in: .whitespaces) == "2" }) {
            if pty.isClosed || Date() >= goesOn {
                return XCTFail("the shell does not go on after a transcript:\n\(String(pty.screen[mark...]))")
            }
            pty.pump(timeout: 0.05)
        }
        try pty.waitFor(ShellLoop.prompt, timeout: Self.step)
        try exitWithCtrlD(pty)
    }

    /// On a pipe `attn` runs the script: values only, no banner, prompt or editor.
    func testPipedInputRunsWithoutPromptOrBanner() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": dir.path, "ATTN_HISTORY": historyPath, "TERM": "xterm"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data("1+1\n".utf8))
        try input.fileHandleForWriting.close()

        let deadline = Date().addingTimeInterval(Self.step)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            XCTFail("attn did not exit on end of piped input")
        }
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(out, "2\n")
        XCTAssertEqual(err, "")
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: historyPath), "a script is not history")
    }
}
