import Foundation
import XCTest
@testable import AttnShell
#if canImport(Glibc)
import Glibc
#endif

/// The built `attn` binary driven through a real pseudo-terminal, as a
/// person at a terminal would use it: keys in, screen out. Every wait is
/// bounded, so a hang fails the test with the screen instead of blocking CI.
///
/// The binary is `$ATTN_BIN`, else the newest `.build*/debug/attn` under the
/// package root; the tests are skipped when there is none (build it first).
final class ShellEndToEndTests: XCTestCase {
    /// Seconds to wait for an ordinary response (a prompt, a small value).
    static let step: Double = 5

    private var binary = ""
    private var dir: TemporaryDirectory!
    private var historyPath: String { dir.file("history") }

    override func setUpWithError() throws {
        binary = try Self.findBinary()
        dir = try TemporaryDirectory()
    }

    override func tearDown() {
        dir?.remove()
        super.tearDown()
    }

    // MARK: - Finding the binary

    static func findBinary() throws -> String {
        let fm = FileManager.default
        if let path = ProcessInfo.processInfo.environment["ATTN_BIN"], !path.isEmpty {
            guard fm.isExecutableFile(atPath: path) else {
                throw XCTSkip("ATTN_BIN is set to '\(path)', which is not an executable file")
            }
            return path
        }
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if fm.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) { break }
            directory = directory.deletingLastPathComponent()
        }
        let root = directory.path
        let candidates = ((try? fm.contentsOfDirectory(atPath: root)) ?? [])
            .filter { $0.hasPrefix(".build") }
            .map { root + "/" + $0 + "/debug/attn" }
            .filter { fm.isExecutableFile(atPath: $0) }
        func modified(_ path: String) -> Date {
            ((try? fm.attributesOfItem(atPath: path))?[.modificationDate] as? Date) ?? .distantPast
        }
        guard let newest = candidates.max(by: { modified($0) < modified($1) }) else {
            throw XCTSkip("no attn binary: set ATTN_BIN, or run `swift build` so \(root)/.build*/debug/attn exists")
        }
        return newest
    }

    // MARK: - Driving the shell

    /// Starts the shell on a 100×40 terminal with a private HOME, state
    /// directory and history file; `environment` adds or overrides variables.
    private func launch(_ environment: [String: String] = [:], arguments: [String] = []) throws -> PTY {
        var env = ["TERM": "xterm", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                   "HOME": dir.path, "XDG_STATE_HOME": dir.file("state"), "ATTN_HISTORY": historyPath]
        env.merge(environment) { $1 }
        let pty = try PTY.spawn(binary, arguments: arguments, environment: env, columns: 100, rows: 40)
        addTeardownBlock {
            if ProcessInfo.processInfo.environment["ATTN_TEST_DUMP_SCREEN"] == "1" {
                print("--- raw ---\n" + String(decoding: pty.rawOutput, as: UTF8.self).debugDescription + "\n--- screen ---\n" + pty.screen)
            }
            pty.terminate()
        }
        return pty
    }

    /// Waits for the banner and the first prompt.
    private func started(_ pty: PTY) throws {
        try pty.waitFor(Shell.banner, timeout: Self.step)
        try pty.waitFor(ShellLoop.prompt, timeout: Self.step)
    }

    /// Types `line` (waiting for its echo, so it is not taken for a paste)
    /// and presses Return.
    private func enter(_ pty: PTY, _ line: String) throws {
        pty.send(line)
        try pty.waitFor(line, timeout: Self.step)
        pty.sendKey(.enter)
    }

    /// Types `line`, presses Return and returns what the shell printed
    /// before its next prompt.
    private func evaluate(_ pty: PTY, _ line: String, timeout: Double = ShellEndToEndTests.step) throws -> String {
        try enter(pty, line)
        let shown = try pty.waitFor(ShellLoop.prompt, timeout: timeout)
        return String(shown.dropLast(ShellLoop.prompt.count)).trimmingCharacters(in: .newlines)
    }

    /// Waits until the line being edited contains `text`, as a terminal
    /// would show it; unlike `waitFor`, it sees text that the editor redrew
    /// in pieces (libedit moves the cursor back and writes only the change).
    private func waitForEditLine(_ pty: PTY, containing text: String, timeout: Double = ShellEndToEndTests.step) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let screen = pty.screen
            if Self.lastLine(raw(pty)).contains(text) { return }
            if pty.isClosed { throw PTYError.closed(waitingFor: text, screen: screen) }
            if Date() >= deadline { throw PTYError.timeout(waitingFor: text, screen: screen) }
            pty.pump(timeout: 0.05)
        }
    }

    /// The last line of raw terminal output as it would look on screen:
    /// applies carriage return, backspace, cursor moves within the line
    /// (CSI n G, C, D) and erase to the end (CSI K); other sequences are
    /// dropped. Enough for libedit's redraws on one line.
    static func lastLine(_ raw: String) -> String {
        let tail = raw.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).last.map(Array.init) ?? []
        var cells: [Unicode.Scalar] = []
        var column = 0
        var i = 0
        func put(_ s: Unicode.Scalar) {
            while cells.count < column { cells.append(" ") }
            if column < cells.count { cells[column] = s } else { cells.append(s) }
            column += 1
        }
        while i < tail.count {
            let s = tail[i]
            i += 1
            switch s {
            case "\r": column = 0
            case "\u{08}": column = max(0, column - 1)
            case "\u{07}": break
            case "\u{1B}":
                guard i < tail.count else { break }
                if tail[i] == "[" {
                    i += 1
                    var parameter = ""
                    while i < tail.count, !(0x40...0x7E).contains(tail[i].value) {
                        parameter.unicodeScalars.append(tail[i])
                        i += 1
                    }
                    guard i < tail.count else { break }
                    let final = tail[i]
                    i += 1
                    let n = Int(parameter) ?? 1
                    switch final {
                    case "G": column = max(0, n - 1)
                    case "C": column += n
                    case "D": column = max(0, column - n)
                    case "K" where parameter.isEmpty || parameter == "0": if column < cells.count { cells.removeSubrange(column...) }
                    default: break
                    }
                } else {
                    i += 1
                }
            default:
                if s.value >= 0x20 { put(s) }
            }
        }
        return String(String.UnicodeScalarView(cells))
    }

    private func exitWithCtrlD(_ pty: PTY) throws {
        pty.sendKey(.ctrlD)
        XCTAssertEqual(try pty.waitForExit(timeout: Self.step), .exited(0), pty.screen)
    }

    private func raw(_ pty: PTY) -> String { String(decoding: pty.rawOutput, as: UTF8.self) }

    /// SGR sequences (colours, bold) in raw terminal output.
    private func colourEscapes(_ text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: "\u{1B}\\[[0-9;]*m")
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
    }

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
        XCTAssertEqual(try evaluate(pty, "1 + 1"), "2", "the shell goes on after a transcript")
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
