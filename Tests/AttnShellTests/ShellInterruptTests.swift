import Foundation
import XCTest
@testable import AttnShell

/// Ctrl-C during every kind of long work, through a real pseudo-terminal:
/// the shell must be back at its prompt within 0.5 s of the key, say
/// `interrupted`, and leave the session as it was (an interrupted `let`
/// binds nothing; `_` keeps its value).
///
/// One shell session serves all the cases, since building the operands takes
/// a few seconds. Each statement is chosen to run for well over a second on
/// the fastest kernels of a 2-core machine, so it is still running when the
/// key arrives 0.3 s after Return.
final class ShellInterruptTests: ShellTerminalCase {
    /// The longest a stop may take, from the key to the prompt.
    static let limit = 0.5

    /// Types `statement`, presses Ctrl-C 0.3 s later, and returns the seconds
    /// until the prompt came back, after checking that it said `interrupted`
    /// (and `expectedPlace`, when given, such as `slow.attn:`). A stop slower
    /// than the limit is measured once more before it fails the test: the
    /// limit is about attn, and one slow measurement on a machine busy with
    /// other work says more about the machine.
    func interrupt(_ pty: PTY, _ statement: String, expectedPlace: String? = nil) throws -> Double {
        let first = try stop(pty, statement, expectedPlace: expectedPlace)
        let seconds = first <= Self.limit ? first : min(first, try stop(pty, statement, expectedPlace: expectedPlace))
        XCTAssertLessThan(seconds, Self.limit, "\(statement) took \(seconds) s to stop")
        return seconds
    }

    private func stop(_ pty: PTY, _ statement: String, expectedPlace: String?) throws -> Double {
        try enter(pty, statement)
        try pty.waitFor("\n", timeout: Self.step)  // Return was read: the work is under way
        Thread.sleep(forTimeInterval: 0.3)
        let pressed = Date()
        pty.sendKey(.ctrlC)
        let shown = try pty.waitFor(ShellLoop.prompt, timeout: 10)
        let seconds = Date().timeIntervalSince(pressed)
        XCTAssertTrue(shown.contains("interrupted"), "\(statement): \(shown)")
        if let expectedPlace { XCTAssertTrue(shown.contains("interrupted at \(expectedPlace)"), shown) }
        return seconds
    }

    func testCtrlCStopsEveryKindOfLongWork() throws {
        let pty = try launch()
        try started(pty)
        XCTAssertEqual(try evaluate(pty, "let M = randn([8192, 8192], seed: 2)", timeout: 60), "")
        XCTAssertEqual(try evaluate(pty, "let v = range(8192)"), "")
        XCTAssertEqual(try evaluate(pty, "let f(n) = if n < 1 then 1 else f(n - 1) + f(n - 1)"), "")
        XCTAssertEqual(try evaluate(pty, "42"), "42")

        var times: [String: Double] = [:]
        times["matmul"] = try interrupt(pty, "let Z = M @ M")
        times["elementwise"] = try interrupt(pty, "let Z = abs(M) ^ 0.3")
        times["broadcasting"] = try interrupt(pty, "let Z = (M + v) * v - v")
        times["reduction"] = try interrupt(pty, "let Z = max(M, axis: 0) + min(M, axis: 0) + argmax(M, axis: 0)")
        times["softmax"] = try interrupt(pty, "let Z = softmax(M, axis: 0)")
        times["random"] = try interrupt(pty, "let Z = randn([2^27], seed: 5)")
        times["transpose"] = try interrupt(pty, "let Z = M.T + M.T + M.T")
        times["recursion"] = try interrupt(pty, "let Z = f(30)")
        times["expression"] = try interrupt(pty, "sum(M @ M)")
        times["additive attention"] = try interrupt(pty, "let Z = additive(M[0:2000, 0:64], M[0:2000, 0:64], M[0:2000, 0:64])")
        times["attention weights"] = try interrupt(pty, "let Z = weights(M[:, 0:64], M[:, 0:64], heads: 2) + 1")
        // Ten axes of 6 are never summarised (numpy's rule): 60 million numbers to print.
        times["printing"] = try interrupt(pty, "reshape(ones([6^10]), [6, 6, 6, 6, 6, 6, 6, 6, 6, 6])")

        // Nothing was bound, and _ is still the last value shown.
        XCTAssertTrue(try evaluate(pty, "Z").contains("unknown name 'Z'"))
        XCTAssertEqual(try evaluate(pty, "_"), "42")
        XCTAssertEqual(try evaluate(pty, ":shape M"), "[8192, 8192]")

        // Every statement of a script loaded with :load, and of a pasted
        // block, stops: the ones after the interrupted one never run.
        let script = (1...20).map { "let s\($0) = sum(abs(M) ^ 0.3)" }.joined(separator: "\n") + "\n"
        try script.write(toFile: dir.file("slow.attn"), atomically: true, encoding: .utf8)
        times[":load"] = try interrupt(pty, ":load \(dir.file("slow.attn"))", expectedPlace: dir.file("slow.attn") + ":")
        XCTAssertTrue(try evaluate(pty, "s20").contains("unknown name 's20'"))

        let pasted = (1...20).map { "let p\($0) = sum(abs(M) ^ 0.3)" }
        pty.send("\u{1B}[200~" + pasted.joined(separator: "\n") + "\n\u{1B}[201~")
        try pty.waitFor("p20", timeout: Self.step)
        Thread.sleep(forTimeInterval: 0.3)
        let pressed = Date()
        pty.sendKey(.ctrlC)
        let shown = try pty.waitFor(ShellLoop.prompt, timeout: 10)
        times["paste"] = Date().timeIntervalSince(pressed)
        XCTAssertTrue(shown.contains("interrupted"), shown)
        XCTAssertLessThan(times["paste"] ?? 99, Self.limit)
        XCTAssertTrue(try evaluate(pty, "p20").contains("unknown name 'p20'"))
        XCTAssertTrue(try evaluate(pty, "p1").contains("unknown name 'p1'"), "the first pasted statement was interrupted")

        // The session goes on normally.
        XCTAssertEqual(try evaluate(pty, "1 + 1"), "2")
        print("Ctrl-C to prompt, seconds: " + times.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.3f", $0.value))" }.joined(separator: ", "))
        try exitWithCtrlD(pty)
    }

    func testCtrlBackslashQuitsFromTheEditorAndRestoresTheTerminal() throws {
        let pty = try launch()
        try started(pty)
        pty.send("1 + ")
        try pty.waitFor("1 + ", timeout: Self.step)
        pty.send("\u{1C}")
        XCTAssertEqual(try pty.waitForExit(timeout: Self.step), .exited(131), pty.screen)
        XCTAssertFalse(pty.screen.contains("Crash"), pty.screen)
        let raw = String(decoding: pty.rawOutput, as: UTF8.self)
        XCTAssertTrue(raw.hasSuffix("\u{1B}[?2004l\r\n"), "bracketed paste is off again: \(raw.suffix(40).debugDescription)")
    }

    func testCtrlDRightAfterAPastedLineIsHonoured() throws {
        let pty = try launch()
        try started(pty)
        // A terminal without bracketed paste delivers the line and the
        // Ctrl-D in one read.
        pty.send("40 + 2\n\u{4}")
        try pty.waitFor("42", timeout: Self.step)
        XCTAssertEqual(try pty.waitForExit(timeout: Self.step), .exited(0), pty.screen)
    }

    func testThePromptGoesToTheTerminalWhenOutputIsRedirected() throws {
        let output = dir.file("out.txt")
        let pty = try launch(standardOutput: output)
        try pty.waitFor(ShellLoop.prompt, timeout: Self.step)
        try enter(pty, "softmax([1, 1])")
        try pty.waitFor(ShellLoop.prompt, timeout: Self.step)
        pty.sendKey(.ctrlD)
        XCTAssertEqual(try pty.waitForExit(timeout: Self.step), .exited(0))
        let text = try String(contentsOfFile: output, encoding: .utf8)
        XCTAssertTrue(text.contains("[0.5, 0.5]\n"), text)
        XCTAssertFalse(text.contains(ShellLoop.prompt), "no prompt in the redirected output: \(text)")
        XCTAssertFalse(pty.screen.contains("[0.5, 0.5]"), "the value went to the file, not the terminal")
    }
}
