import Foundation
import XCTest
@testable import AttnShell
#if canImport(Glibc)
import Glibc
#endif

/// The built `attn` binary driven through a real pseudo-terminal, as a
/// person at a terminal would use it: keys in, screen out. Every wait is
/// bounded, so a hang fails the test with the screen instead of blocking CI.
/// Test cases that drive the shell this way subclass it.
///
/// The binary is `$ATTN_BIN`, else the newest `.build*/debug/attn` under the
/// package root; the tests are skipped when there is none (build it first).
class ShellTerminalCase: XCTestCase {
    /// Seconds to wait for an ordinary response (a prompt, a small value).
    static let step: Double = 5

    var binary = ""
    var dir: TemporaryDirectory!
    var historyPath: String { dir.file("history") }

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
    func launch(_ environment: [String: String] = [:], arguments: [String] = [], standardOutput: String? = nil) throws -> PTY {
        var env = ["TERM": "xterm", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                   "HOME": dir.path, "XDG_STATE_HOME": dir.file("state"), "ATTN_HISTORY": historyPath]
        env.merge(environment) { $1 }
        let pty = try PTY.spawn(binary, arguments: arguments, environment: env, columns: 100, rows: 40,
                                standardOutput: standardOutput)
        addTeardownBlock {
            if ProcessInfo.processInfo.environment["ATTN_TEST_DUMP_SCREEN"] == "1" {
                print("--- raw ---\n" + String(decoding: pty.rawOutput, as: UTF8.self).debugDescription + "\n--- screen ---\n" + pty.screen)
            }
            pty.terminate()
        }
        return pty
    }

    /// Waits for the banner and the first prompt.
    func started(_ pty: PTY) throws {
        try pty.waitFor(Shell.banner, timeout: Self.step)
        try pty.waitFor(ShellLoop.prompt, timeout: Self.step)
    }

    /// Types `line` (waiting for its echo, so it is not taken for a paste)
    /// and presses Return.
    func enter(_ pty: PTY, _ line: String) throws {
        pty.send(line)
        try pty.waitFor(line, timeout: Self.step)
        pty.sendKey(.enter)
    }

    /// Types `line`, presses Return and returns what the shell printed
    /// before its next prompt.
    func evaluate(_ pty: PTY, _ line: String, timeout: Double = ShellTerminalCase.step) throws -> String {
        try enter(pty, line)
        let shown = try pty.waitFor(ShellLoop.prompt, timeout: timeout)
        return String(shown.dropLast(ShellLoop.prompt.count)).trimmingCharacters(in: .newlines)
    }

    /// Waits until the line being edited contains `text`, as a terminal
    /// would show it; unlike `waitFor`, it sees text that the editor redrew
    /// in pieces (libedit moves the cursor back and writes only the change).
    func waitForEditLine(_ pty: PTY, containing text: String, timeout: Double = ShellTerminalCase.step) throws {
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

    func exitWithCtrlD(_ pty: PTY) throws {
        pty.sendKey(.ctrlD)
        XCTAssertEqual(try pty.waitForExit(timeout: Self.step), .exited(0), pty.screen)
    }

    func raw(_ pty: PTY) -> String { String(decoding: pty.rawOutput, as: UTF8.self) }

    /// SGR sequences (colours, bold) in raw terminal output.
    func colourEscapes(_ text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: "\u{1B}\\[[0-9;]*m")
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
    }
}
