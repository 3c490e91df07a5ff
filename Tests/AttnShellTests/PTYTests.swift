import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Checks the pseudo-terminal driver itself against programs whose
/// terminal behaviour is known, before it is trusted to test the shell.
final class PTYTests: XCTestCase {
    func testCatEchoesAndEndsOnCtrlD() throws {
        let pty = try PTY.spawn("/bin/cat")
        pty.send("hello pty")
        pty.sendKey(.enter)
        try pty.waitFor("hello pty")  // the terminal's echo
        try pty.waitFor("hello pty")  // cat's copy
        pty.sendKey(.ctrlD)
        XCTAssertEqual(try pty.waitForExit(), .exited(0))
    }

    func testCtrlCInterruptsTheForegroundProcess() throws {
        let pty = try PTY.spawn("/bin/cat")
        pty.send("half typed")
        try pty.waitFor("half typed")
        pty.sendKey(.ctrlC)
        XCTAssertEqual(try pty.waitForExit(), .signaled(SIGINT))
    }

    func testTerminalSizeIsSet() throws {
        let pty = try PTY.spawn("/bin/sh", arguments: ["-c", "stty size"], columns: 100, rows: 30)
        try pty.waitFor("30 100")
        XCTAssertEqual(try pty.waitForExit(), .exited(0))
    }

    func testInteractiveBash() throws {
        let pty = try PTY.spawn("/bin/bash", arguments: ["--norc", "--noprofile", "-i"],
                                environment: ["TERM": "xterm", "PATH": "/usr/bin:/bin", "PS1": "PROMPT$ ",
                                              "HISTFILE": "/dev/null"])
        try pty.waitFor("PROMPT$ ")
        pty.send("echo $((6 * 7))")
        pty.sendKey(.enter)
        try pty.waitFor("42")
        try pty.waitFor("PROMPT$ ")

        // Ctrl-C stops a running command and bash prompts again.
        pty.send("sleep 30")
        pty.sendKey(.enter)
        try pty.waitFor("sleep 30")
        Thread.sleep(forTimeInterval: 0.2)
        pty.sendKey(.ctrlC)
        try pty.waitFor("PROMPT$ ", timeout: 5)

        // Ctrl-C on a half-typed line discards it.
        pty.send("echo discarded")
        try pty.waitFor("echo discarded")
        pty.sendKey(.ctrlC)
        try pty.waitFor("PROMPT$ ")
        pty.send("echo kept")
        pty.sendKey(.enter)
        try pty.waitFor("kept\n")

        // Up recalls the previous command.
        try pty.waitFor("PROMPT$ ")
        pty.sendKey(.up)
        pty.sendKey(.enter)
        try pty.waitFor("kept\n")

        try pty.waitFor("PROMPT$ ")
        pty.sendKey(.ctrlD)
        XCTAssertEqual(try pty.waitForExit(), .exited(0))
        XCTAssertFalse(pty.screen.contains("no job control"), "the terminal is bash's controlling tty")
        XCTAssertFalse(pty.screen.contains("echo discarded\ndiscarded"))
    }

    func testAHungChildFailsInsteadOfHanging() throws {
        let pty = try PTY.spawn("/bin/sleep", arguments: ["30"])
        let started = Date()
        XCTAssertThrowsError(try pty.waitFor("never printed", timeout: 0.5)) { error in
            guard case PTYError.timeout = error else { return XCTFail("unexpected \(error)") }
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        pty.terminate()
        XCTAssertEqual(pty.exitStatus, .signaled(SIGTERM))
    }

    func testWaitForReportsAClosedTerminal() throws {
        let pty = try PTY.spawn("/bin/echo", arguments: ["bye"])
        XCTAssertThrowsError(try pty.waitFor("never printed", timeout: 5)) { error in
            guard case PTYError.closed = error else { return XCTFail("unexpected \(error)") }
        }
        XCTAssertEqual(try pty.waitForExit(), .exited(0))
        XCTAssertTrue(pty.screen.contains("bye"))
    }
}
