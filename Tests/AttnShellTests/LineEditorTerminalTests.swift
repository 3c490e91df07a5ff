import Dispatch
import Foundation
import XCTest
@testable import AttnShell
#if canImport(Glibc)
import Glibc
#endif

/// Drives a real `LineEditor` on a pseudo-terminal inside the test process:
/// the editor reads and draws on the slave side on a background thread
/// while the test types on the master side and reads the screen.
final class LineEditorTerminalTests: XCTestCase {
    /// One editor on one terminal.
    private final class Session {
        let pty: PTY
        let slaveFD: Int32
        let editor: LineEditor

        init() throws {
            let (pty, slave) = try PTY.openPair(columns: 80, rows: 24)
            var options = LineEditor.Options()
            options.handleSignals = false
            options.terminalType = "xterm"
            options.readEditrc = false
            options.pasteTimeout = 1
            self.pty = pty
            self.slaveFD = slave
            do {
                self.editor = try LineEditor(programName: "attn-test", inputFD: slave, outputFD: slave,
                                             errorFD: slave, options: options)
            } catch {
                close(slave)
                throw error
            }
        }

        deinit {
            // ATTN_TEST_DUMP_SCREEN=1 shows what each test's terminal saw,
            // escape sequences made visible, for debugging the rendering.
            if ProcessInfo.processInfo.environment["ATTN_TEST_DUMP_SCREEN"] == "1" {
                let raw = String(decoding: pty.rawOutput, as: UTF8.self)
                print("--- terminal output ---\n" + raw.debugDescription + "\n--- screen ---\n" + pty.screen)
            }
            pty.close()
            close(slaveFD)
        }

        /// Runs `readLine` on a background thread while `interact` types;
        /// a read that does not end in time fails the test (closing the
        /// terminal unblocks the editor, so nothing is left hanging).
        func readLine(prompt: String = "attn> ", timeout: Double = 10,
                      _ interact: (PTY) throws -> Void) throws -> LineEditorResult {
            let editor = UncheckedBox(self.editor)
            let result = UncheckedBox<LineEditorResult?>(nil)
            let done = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                result.value = editor.value.readLine(prompt: prompt)
                done.signal()
            }
            try pty.waitFor(prompt)
            try interact(pty)
            let deadline = Date().addingTimeInterval(timeout)
            while done.wait(timeout: .now() + .milliseconds(20)) == .timedOut {
                pty.pump(timeout: 0)
                if Date() > deadline {
                    pty.close()
                    _ = done.wait(timeout: .now() + 5)
                    throw PTYError.timeout(waitingFor: "readLine to return", screen: pty.screen)
                }
            }
            pty.pump(timeout: 0.05)
            return try XCTUnwrap(result.value)
        }
    }

    func testTypedLineIsReturned() throws {
        let session = try Session()
        let result = try session.readLine { pty in
            pty.send("x = 1 + 2")
            pty.sendKey(.enter)
        }
        XCTAssertEqual(result, .line("x = 1 + 2"))
    }

    func testUnicodeAndEmacsEditing() throws {
        let session = try Session()
        let result = try session.readLine { pty in
            pty.send("wörld ✓")
            pty.sendKey(.ctrlA)
            pty.send("héllo ")
            pty.sendKey(.ctrlE)
            pty.send("!")
            pty.sendKey(.enter)
        }
        XCTAssertEqual(result, .line("héllo wörld ✓!"))
    }

    func testCtrlCDiscardsTheLineAndTheNextReadStartsEmpty() throws {
        let session = try Session()
        let first = try session.readLine { pty in
            pty.send("half typed")
            try pty.waitFor("half typed")
            pty.sendKey(.left)
            pty.sendKey(.left)
            pty.sendKey(.ctrlC)
        }
        XCTAssertEqual(first, .interrupted)
        XCTAssertTrue(session.pty.screen.contains("^C"), session.pty.screen)
        let second = try session.readLine { pty in
            pty.send("fresh")
            pty.sendKey(.enter)
        }
        XCTAssertEqual(second, .line("fresh"))
    }

    func testCtrlCIsAKeyNotASignalWhileEditing() throws {
        let session = try Session()
        var lflagWhileEditing: tcflag_t = 0
        let result = try session.readLine { pty in
            var settings = termios()
            XCTAssertEqual(tcgetattr(session.slaveFD, &settings), 0)
            lflagWhileEditing = settings.c_lflag
            pty.sendKey(.enter)
        }
        XCTAssertEqual(result, .line(""))
        XCTAssertEqual(lflagWhileEditing & tcflag_t(ISIG), 0, "ISIG is off while a line is edited")
        var after = termios()
        XCTAssertEqual(tcgetattr(session.slaveFD, &after), 0)
        XCTAssertNotEqual(after.c_lflag & tcflag_t(ISIG), 0, "ISIG is back on for evaluation")
        XCTAssertNotEqual(after.c_lflag & tcflag_t(ICANON), 0, "the terminal is back in cooked mode")
    }

    func testCtrlDOnAnEmptyLineIsEndOfInput() throws {
        let session = try Session()
        XCTAssertEqual(try session.readLine { $0.sendKey(.ctrlD) }, .eof)
    }

    func testCtrlDInsideALineDeletes() throws {
        let session = try Session()
        let result = try session.readLine { pty in
            pty.send("abc")
            pty.sendKey(.left)
            pty.sendKey(.ctrlD)
            pty.sendKey(.enter)
        }
        XCTAssertEqual(result, .line("ab"))
    }

    func testEndOfInputWhenTheTerminalCloses() throws {
        let session = try Session()
        XCTAssertEqual(try session.readLine { $0.close() }, .eof)
    }

    func testUpAndDownWalkTheHistory() throws {
        let session = try Session()
        session.editor.loadHistory(["first", "second", "third"])
        XCTAssertEqual(session.editor.historyCount, 3)
        let result = try session.readLine { pty in
            pty.sendKey(.up)
            pty.sendKey(.up)
            pty.sendKey(.up)
            pty.sendKey(.down)
            pty.sendKey(.enter)
        }
        XCTAssertEqual(result, .line("second"))
    }

    func testAddToHistorySkipsARepeat() throws {
        let session = try Session()
        session.editor.addToHistory("a")
        session.editor.addToHistory("a")
        session.editor.addToHistory("b")
        XCTAssertEqual(session.editor.historyCount, 2)
    }

    func testCtrlRSearchesBackwards() throws {
        let session = try Session()
        session.editor.loadHistory(["alpha = 1", "beta = 2", "gamma = 3"])
        let result = try session.readLine { pty in
            pty.sendKey(.ctrlR)
            pty.send("bet")
            try pty.waitFor("beta = 2")
            pty.sendKey(.enter)
        }
        XCTAssertEqual(result, .line("beta = 2"))
    }

    func testMultiLineHistoryEntryComesBackWhole() throws {
        let session = try Session()
        session.editor.loadHistory(["f = 1\ng = 2"])
        let result = try session.readLine { pty in
            pty.sendKey(.up)
            pty.sendKey(.enter)
        }
        XCTAssertEqual(result, .line("f = 1\ng = 2"))
    }

    func testTabWithOneCandidateCompletesTheWord() throws {
        let session = try Session()
        var seen: (String, Int)?
        session.editor.completer = { line, cursor in
            seen = (line, cursor)
            return Completion(candidates: ["softmax("], replacing: 4..<cursor)
        }
        let result = try session.readLine { pty in
            pty.send("y = sof")
            pty.sendKey(.tab)
            pty.send("x)")
            pty.sendKey(.enter)
        }
        XCTAssertEqual(result, .line("y = softmax(x)"))
        XCTAssertEqual(seen?.0, "y = sof")
        XCTAssertEqual(seen?.1, 7)
    }

    func testTabWithSeveralCandidatesInsertsThePrefixAndLists() throws {
        let session = try Session()
        session.editor.completer = { _, cursor in
            Completion(candidates: ["softmax", "softplus", "softsign"], replacing: 0..<cursor)
        }
        let result = try session.readLine { pty in
            pty.send("so")
            pty.sendKey(.tab)
            try pty.waitFor("softmax   softplus  softsign")
            try pty.waitFor("attn> soft")  // the prompt and line are redrawn below the list
            pty.send("max")
            pty.sendKey(.enter)
        }
        XCTAssertEqual(result, .line("softmax"))
    }

    func testTabWithoutCompleterOrCandidatesChangesNothing() throws {
        let session = try Session()
        let result = try session.readLine { pty in
            pty.send("ab")
            pty.sendKey(.tab)
            pty.sendKey(.enter)
        }
        XCTAssertEqual(result, .line("ab"))
    }

    func testBracketedPasteModeIsOnOnlyWhileReading() throws {
        let session = try Session()
        _ = try session.readLine { $0.sendKey(.enter) }
        let raw = String(decoding: session.pty.rawOutput, as: UTF8.self)
        let on = try XCTUnwrap(raw.range(of: "\u{1B}[?2004h"))
        let off = try XCTUnwrap(raw.range(of: "\u{1B}[?2004l"))
        XCTAssertLessThan(on.lowerBound, off.lowerBound)
    }

    func testMultiLinePasteArrivesAsOneBlock() throws {
        let session = try Session()
        let result = try session.readLine { pty in
            pty.send("x = ")
            try pty.waitFor("x = ")
            pty.send("\u{1B}[200~1\r\ty = 2\r\u{1B}[201~")
        }
        XCTAssertEqual(result, .paste(["x = 1", "\ty = 2"]))
        XCTAssertTrue(session.pty.screen.contains("\ty = 2\n"), "the rest of the block is shown")
    }

    func testSingleLinePasteIsInsertedForEditing() throws {
        let session = try Session()
        session.editor.completer = { _, _ in
            XCTFail("a tab inside a paste must not complete")
            return .none(at: 0)
        }
        let result = try session.readLine { pty in
            pty.send("\u{1B}[200~a\tb\u{1B}[201~")
            pty.send("c")
            pty.sendKey(.enter)
        }
        XCTAssertEqual(result, .line("a\tbc"))
    }

    func testKeysTypedRightAfterAPasteAreKept() throws {
        let session = try Session()
        let first = try session.readLine { pty in
            // Paste and the next keys arrive in one write.
            pty.send("\u{1B}[200~p1\rp2\u{1B}[201~next")
        }
        XCTAssertEqual(first, .paste(["p1", "p2"]))
        let second = try session.readLine { pty in pty.sendKey(.enter) }
        XCTAssertEqual(second, .line("next"))
    }

    func testPendingInputRevealsAnUnbracketedPaste() throws {
        let session = try Session()
        let first = try session.readLine { pty in
            pty.send("one\rtwo\r")
        }
        XCTAssertEqual(first, .line("one"))
        XCTAssertTrue(session.editor.hasPendingInput)
        let second = try session.readLine { _ in }
        XCTAssertEqual(second, .line("two"))
        XCTAssertFalse(session.editor.hasPendingInput)
    }

    func testAPasteWithoutEndMarkerEndsAfterTheTimeout() throws {
        let session = try Session()
        let result = try session.readLine { pty in
            pty.send("\u{1B}[200~abc")
            // Anything typed before the timeout would count as pasted.
            Thread.sleep(forTimeInterval: 1.5)
            pty.sendKey(.enter)
        }
        XCTAssertEqual(result, .line("abc"))
    }

    func testALargePasteArrivesWhole() throws {
        let session = try Session()
        let lines = (0..<3000).map { "row_\($0) = [\($0), \($0 + 1), \($0 + 2)]" }
        let result = try session.readLine(timeout: 30) { pty in
            pty.send("\u{1B}[200~" + lines.joined(separator: "\r") + "\r\u{1B}[201~")
        }
        XCTAssertEqual(result, .paste(lines))
    }

    func testInputThatIsNotATerminalIsReadLineByLine() throws {
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        let devNull = open("/dev/null", O_WRONLY)
        defer {
            close(ends[0])
            close(devNull)
        }
        let text = Array("first\nsecond\nno newline".utf8)
        XCTAssertEqual(text.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }, text.count)
        close(ends[1])
        var options = LineEditor.Options()
        options.handleSignals = false
        options.readEditrc = false
        let editor = try LineEditor(inputFD: ends[0], outputFD: devNull, errorFD: devNull, options: options)
        XCTAssertFalse(editor.isInteractive)
        XCTAssertEqual(editor.readLine(prompt: "> "), .line("first"))
        XCTAssertEqual(editor.readLine(prompt: "> "), .line("second"))
        XCTAssertEqual(editor.readLine(prompt: "> "), .line("no newline"))
        XCTAssertEqual(editor.readLine(prompt: "> "), .eof)
    }
}
