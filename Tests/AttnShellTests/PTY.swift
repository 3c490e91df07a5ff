import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Failures of the pseudo-terminal driver. `timeout` carries what the
/// terminal showed, so a failing test explains itself.
enum PTYError: Error, CustomStringConvertible {
    case system(String, Int32)
    case timeout(waitingFor: String, screen: String)
    case closed(waitingFor: String, screen: String)
    case noChild

    var description: String {
        switch self {
        case .system(let call, let code):
            return "\(call) failed: \(String(cString: strerror(code)))"
        case .timeout(let wanted, let screen):
            return "timed out waiting for \(wanted.debugDescription); screen so far:\n\(screen)"
        case .closed(let wanted, let screen):
            return "terminal closed while waiting for \(wanted.debugDescription); screen so far:\n\(screen)"
        case .noChild:
            return "this terminal has no child process"
        }
    }
}

/// How a child process ended.
enum ExitStatus: Equatable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    /// Decodes a `waitpid` status; the W* macros are not imported into Swift.
    init(waitStatus status: Int32) {
        let signal = status & 0x7f
        if signal == 0 {
            self = .exited((status >> 8) & 0xff)
        } else {
            self = .signaled(signal)
        }
    }

    var description: String {
        switch self {
        case .exited(let code): return "exited with status \(code)"
        case .signaled(let signal): return "killed by signal \(signal)"
        }
    }
}

/// A pseudo-terminal for tests: the master side, plus either a child
/// process running on the slave side (`spawn`) or a slave descriptor for
/// code in this process (`openPair`).
///
/// Everything is bounded by timeouts and reads use `poll`, so a child that
/// hangs makes the test fail with the screen contents instead of hanging CI.
/// Not thread-safe: one test thread drives it.
final class PTY {
    /// Keys with the bytes an xterm-compatible terminal sends for them.
    enum Key {
        case enter, tab, backspace, escape
        case up, down, left, right
        case ctrlA, ctrlC, ctrlD, ctrlE, ctrlK, ctrlR, ctrlU, ctrlW

        var bytes: String {
            switch self {
            case .enter: return "\r"
            case .tab: return "\t"
            case .backspace: return "\u{7F}"
            case .escape: return "\u{1B}"
            case .up: return "\u{1B}[A"
            case .down: return "\u{1B}[B"
            case .right: return "\u{1B}[C"
            case .left: return "\u{1B}[D"
            case .ctrlA: return "\u{01}"
            case .ctrlC: return "\u{03}"
            case .ctrlD: return "\u{04}"
            case .ctrlE: return "\u{05}"
            case .ctrlK: return "\u{0B}"
            case .ctrlR: return "\u{12}"
            case .ctrlU: return "\u{15}"
            case .ctrlW: return "\u{17}"
            }
        }
    }

    /// The master side; closed by `close()` or on deinit.
    private(set) var masterFD: Int32
    /// The child's process id, or nil for an in-process pair.
    let pid: pid_t?
    /// Every byte read from the master side so far.
    private(set) var rawOutput: [UInt8] = []
    /// True once the slave side is gone (the master reads EIO or EOF).
    private(set) var isClosed = false
    /// The child's exit status once it has been reaped.
    private(set) var exitStatus: ExitStatus?
    /// Where in `screen` the next `waitFor` starts looking.
    private var searchStart: String.Index?

    private init(masterFD: Int32, pid: pid_t?) {
        self.masterFD = masterFD
        self.pid = pid
    }

    deinit {
        terminate()
        if masterFD >= 0 { Glibc.close(masterFD) }
    }

    // MARK: - Creation

    /// Starts `executable` on a new pseudo-terminal as the leader of a new
    /// session with the terminal as its controlling tty, so Ctrl-C sent by
    /// `sendKey(.ctrlC)` raises SIGINT in it as in a real terminal.
    ///
    /// Uses `posix_spawn` rather than `fork`: Swift code must not run
    /// between fork and exec. glibc performs POSIX_SPAWN_SETSID before the
    /// file actions, so opening the slave as descriptor 0 in the child makes
    /// it the controlling terminal.
    ///
    /// With `standardOutput`, the child's standard output goes to that file
    /// instead of the terminal (`attn > file` at a shell prompt).
    static func spawn(_ executable: String, arguments: [String] = [],
                      environment: [String: String] = ["TERM": "xterm", "PATH": "/usr/bin:/bin"],
                      columns: UInt16 = 80, rows: UInt16 = 24, standardOutput: String? = nil) throws -> PTY {
        let (master, slavePath) = try openMaster(columns: columns, rows: rows)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        if let standardOutput {
            posix_spawn_file_actions_addopen(&actions, 1, standardOutput, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 0, 1)
        }
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        // Other descriptors of the test process (other tests' terminals)
        // must not leak into the child and keep its terminal open.
        if let closeFrom = LibC.closeFrom { _ = closeFrom(&actions, 3) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        // The test runner may ignore signals (SIGPIPE at least); ignored
        // dispositions survive exec, so reset them all to the default.
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        let setSession: Int32 = 0x80  // POSIX_SPAWN_SETSID, a GNU extension not imported into Swift
        posix_spawnattr_setflags(&attributes, Int16(setSession | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") }
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = (argv + [nil]).withUnsafeBufferPointer { argvBuffer in
            (envp + [nil]).withUnsafeBufferPointer { envpBuffer in
                guard let argvBase = argvBuffer.baseAddress, let envpBase = envpBuffer.baseAddress else { return EINVAL }
                return posix_spawn(&pid, executable, &actions, &attributes, argvBase, envpBase)
            }
        }
        guard result == 0 else {
            Glibc.close(master)
            throw PTYError.system("posix_spawn \(executable)", result)
        }
        return PTY(masterFD: master, pid: pid)
    }

    /// A terminal for code in this process: the caller reads and writes
    /// `slaveFD` (for example through a `LineEditor`) and must close it.
    static func openPair(columns: UInt16 = 80, rows: UInt16 = 24) throws -> (pty: PTY, slaveFD: Int32) {
        let (master, slavePath) = try openMaster(columns: columns, rows: rows)
        let slave = open(slavePath, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard slave >= 0 else {
            let code = errno
            Glibc.close(master)
            throw PTYError.system("open \(slavePath)", code)
        }
        return (PTY(masterFD: master, pid: nil), slave)
    }

    private static func openMaster(columns: UInt16, rows: UInt16) throws -> (Int32, String) {
        guard let openpt = LibC.posixOpenpt, let grant = LibC.grantpt, let unlock = LibC.unlockpt,
              let name = LibC.ptsnameR else {
            throw PTYError.system("dlsym(posix_openpt, grantpt, unlockpt, ptsname_r)", ENOSYS)
        }
        let master = openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { throw PTYError.system("posix_openpt", errno) }
        var buffer = [CChar](repeating: 0, count: 128)
        let named = buffer.withUnsafeMutableBufferPointer { pointer in
            pointer.baseAddress.map { name(master, $0, pointer.count) } ?? EINVAL
        }
        guard grant(master) == 0, unlock(master) == 0, named == 0 else {
            let code = errno
            Glibc.close(master)
            throw PTYError.system("grantpt/unlockpt/ptsname_r", code)
        }
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        // Non-blocking, so `send` into a full input queue of a reader that
        // hangs returns EAGAIN (and eventually gives up) instead of blocking.
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        let path = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (master, path)
    }

    // MARK: - Input

    /// Types `text` as if on the keyboard (a newline is sent as is; use
    /// `sendKey(.enter)` for the Return key, which sends CR).
    func send(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        let deadline = Date().addingTimeInterval(5)
        while offset < bytes.count && masterFD >= 0 && Date() < deadline {
            let written = bytes[offset...].withUnsafeMutableBytes { write(masterFD, $0.baseAddress, $0.count) }
            if written > 0 {
                offset += written
            } else if written < 0 && (errno == EINTR || errno == EAGAIN) {
                // A full input queue drains as the other side reads; keep
                // reading its output meanwhile so neither side blocks.
                pump(timeout: 0.01)
            } else {
                break
            }
        }
        bytes.removeAll()
    }

    func sendKey(_ key: Key) { send(key.bytes) }

    // MARK: - Output

    /// The output so far as text, with ANSI escape sequences removed and
    /// CR LF turned into LF (a lone CR, used to redraw lines, is kept).
    var screen: String { PTY.stripANSI(String(decoding: rawOutput, as: UTF8.self)) }

    /// Waits up to `timeout` seconds for output, then reads everything
    /// already available without waiting further.
    func pump(timeout: Double) {
        guard masterFD >= 0, !isClosed else { return }
        var wait = Int32(max(0, timeout) * 1000)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var descriptor = pollfd(fd: masterFD, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, wait)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return }
            let count = buffer.withUnsafeMutableBytes { read(masterFD, $0.baseAddress, $0.count) }
            if count > 0 {
                rawOutput.append(contentsOf: buffer[0..<count])
                wait = 0
            } else if count < 0 && (errno == EINTR || errno == EAGAIN) {
                continue
            } else {
                // EIO (Linux) or EOF: no process has the slave side open.
                isClosed = true
                return
            }
        }
    }

    /// Waits until `text` appears in `screen` after the previous match and
    /// returns the screen text from the previous match through this one.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 10) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let current = screen
            let start = searchStart.flatMap { $0 <= current.endIndex ? $0 : nil } ?? current.startIndex
            if let found = current.range(of: text, range: start..<current.endIndex) {
                searchStart = found.upperBound
                return String(current[start..<found.upperBound])
            }
            if isClosed { throw PTYError.closed(waitingFor: text, screen: current) }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { throw PTYError.timeout(waitingFor: text, screen: current) }
            pump(timeout: min(remaining, 0.2))
        }
    }

    /// Waits for the child to exit, reading its output meanwhile so it
    /// cannot block on a full terminal buffer.
    @discardableResult
    func waitForExit(timeout: Double = 10) throws -> ExitStatus {
        guard let pid else { throw PTYError.noChild }
        if let exitStatus { return exitStatus }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                let result = ExitStatus(waitStatus: status)
                exitStatus = result
                pump(timeout: 0)
                return result
            }
            if reaped < 0 && errno != EINTR { throw PTYError.system("waitpid", errno) }
            if deadline.timeIntervalSinceNow <= 0 { throw PTYError.timeout(waitingFor: "process exit", screen: screen) }
            if isClosed {
                usleep(10_000)
            } else {
                pump(timeout: 0.05)
            }
        }
    }

    /// Ends the child if it is still running: SIGTERM, then SIGKILL after a
    /// second; always reaps it so no zombie is left behind.
    func terminate() {
        guard let pid, exitStatus == nil else { return }
        _ = kill(pid, SIGTERM)
        if (try? waitForExit(timeout: 1)) != nil { return }
        _ = kill(pid, SIGKILL)
        _ = try? waitForExit(timeout: 5)
    }

    /// Closes the master side: the child sees a hang-up, and code reading
    /// the slave side in this process gets end of input or EIO.
    func close() {
        if masterFD >= 0 { Glibc.close(masterFD) }
        masterFD = -1
        isClosed = true
    }

    /// Removes ANSI escape sequences (CSI, OSC, and two- or three-byte ESC
    /// sequences such as charset selection) and BEL, and turns CR LF into LF.
    static func stripANSI(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\u{1B}" {
                index += 1
                guard index < scalars.count else { break }
                let kind = scalars[index]
                if kind == "[" {
                    // CSI: parameter and intermediate bytes up to a final byte in @...~.
                    index += 1
                    while index < scalars.count, !(0x40...0x7E).contains(scalars[index].value) { index += 1 }
                    index += 1
                } else if kind == "]" {
                    // OSC: up to BEL or ESC \.
                    index += 1
                    while index < scalars.count {
                        if scalars[index] == "\u{07}" { index += 1; break }
                        if scalars[index] == "\u{1B}", index + 1 < scalars.count, scalars[index + 1] == "\\" {
                            index += 2
                            break
                        }
                        index += 1
                    }
                } else if "()*+#".unicodeScalars.contains(kind) {
                    index += 2
                } else {
                    index += 1
                }
                continue
            }
            if scalar == "\u{07}" {
                index += 1
                continue
            }
            if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" {
                index += 1
                continue
            }
            out.append(scalar)
            index += 1
        }
        return String(out)
    }
}

/// C library functions that Swift's Glibc module does not import (they sit
/// behind feature-test macros it does not define), looked up at run time.
/// None of them is variadic, so calling them through these types is exact.
private enum LibC {
    typealias OpenptFunction = @convention(c) (Int32) -> Int32
    typealias FDFunction = @convention(c) (Int32) -> Int32
    typealias PtsnameFunction = @convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32
    typealias CloseFromFunction = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    static var posixOpenpt: OpenptFunction? { symbol("posix_openpt") }
    static var grantpt: FDFunction? { symbol("grantpt") }
    static var unlockpt: FDFunction? { symbol("unlockpt") }
    static var ptsnameR: PtsnameFunction? { symbol("ptsname_r") }
    /// glibc 2.34 and later.
    static var closeFrom: CloseFromFunction? { symbol("posix_spawn_file_actions_addclosefrom_np") }

    private static func symbol<T>(_ name: String) -> T? {
        guard let handle = dlopen(nil, RTLD_NOW), let pointer = dlsym(handle, name) else { return nil }
        return unsafeBitCast(pointer, to: T.self)
    }
}
