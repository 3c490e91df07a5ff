import Dispatch
import Foundation
import XCTest
@testable import AttnShell
#if canImport(Glibc)
import Glibc
#endif

/// Keys typed the moment the prompt appears must reach the editor, not the
/// tty's cooked mode: the terminal has to be in edit mode before anything of
/// the prompt is written. Otherwise the tty echoes typed text itself (the
/// editor then shows it a second time) and a Ctrl-D or Ctrl-C in that window
/// is taken by the line discipline and lost.
final class LineEditorPromptTests: XCTestCase {
    func testTerminalIsInEditModeBeforeThePromptIsWritten() throws {
        let (pty, slave) = try PTY.openPair(columns: 80, rows: 24)
        defer {
            pty.close()
            close(slave)
        }
        var options = LineEditor.Options()
        options.handleSignals = false
        options.terminalType = "xterm"
        options.readEditrc = false
        let editor = UncheckedBox(try LineEditor(programName: "attn-test", inputFD: slave, outputFD: slave,
                                                 errorFD: slave, options: options))

        // Fill the terminal's output queue (nobody reads the master yet), so
        // the editor's first write blocks: what the termios says while it is
        // blocked is the mode the prompt is drawn in.
        let filler = open("/proc/self/fd/\(slave)", O_WRONLY | O_NONBLOCK | O_NOCTTY)
        guard filler >= 0 else { throw XCTSkip("cannot reopen the slave side through /proc") }
        let junk = [UInt8](repeating: UInt8(ascii: "."), count: 1024)
        var total = 0
        while total < 8 << 20 {
            let written = junk.withUnsafeBytes { write(filler, $0.baseAddress, $0.count) }
            if written <= 0 { break }
            total += written
        }
        close(filler)

        let result = UncheckedBox<LineEditorResult?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            result.value = editor.value.readLine(prompt: "attn> ")
            done.signal()
        }

        var settings = termios()
        var editMode = false
        let deadline = Date().addingTimeInterval(2)
        while Date() < deadline {
            XCTAssertEqual(tcgetattr(slave, &settings), 0)
            if settings.c_lflag & tcflag_t(ICANON) == 0 && settings.c_lflag & tcflag_t(ECHO) == 0 {
                editMode = true
                break
            }
            usleep(10_000)
        }
        XCTAssertNotEqual(done.wait(timeout: .now()), .success, "readLine is blocked writing, not finished")

        // Unblock: read the output, then end the line.
        pty.pump(timeout: 0.2)
        pty.sendKey(.ctrlD)
        let end = Date().addingTimeInterval(10)
        while done.wait(timeout: .now() + .milliseconds(20)) == .timedOut && Date() < end {
            pty.pump(timeout: 0)
        }
        pty.pump(timeout: 0.1)
        XCTAssertTrue(editMode, "the terminal was still in cooked mode (ICANON/ECHO on) while the prompt was being written")
        XCTAssertEqual(result.value, .eof)
        XCTAssertTrue(pty.screen.contains("attn> "), pty.screen.suffix(80).debugDescription)
    }
}
