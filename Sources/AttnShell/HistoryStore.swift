import AttnCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The shell's persistent history: one file, appended to as each entry is
/// accepted, shared safely by several shells running at once.
///
/// File format: UTF-8 text, one entry per line, oldest first. Inside an
/// entry a backslash is written `\\`, a line feed `\n`, a carriage return
/// `\r` and a NUL `\0`, so a multi-line entry stays one line of the file;
/// every other character is written as is. A backslash before any other
/// character is kept literally when reading. Empty lines are ignored.
///
/// Concurrency: every append takes an exclusive `flock` on the file, writes
/// one line with a single `write` on an `O_APPEND` descriptor and, when the
/// file holds more than 1.25 × `cap` entries, rewrites it with the newest
/// `cap` entries with `SafeFile.write` (a temporary file renamed over it,
/// keeping its mode, owner and any symbolic link to it), still under the
/// lock and after re-reading the file so entries other shells appended are
/// kept. A shell that locked the old file just before the rename notices
/// that the path now names another file and retries on the new one, so no
/// entry is written into the replaced file.
///
/// Safety: a file that cannot be read, is a directory, contains NUL bytes
/// (binary) or is larger than 64 MiB produces a warning and is never
/// rewritten or truncated; appends are refused to files that look binary or
/// are too large. Lines that are not valid UTF-8 are skipped when loading,
/// with one warning, but kept byte for byte when the file is compacted.
///
/// Warnings are complete sentences for the caller to print (for example
/// after "attn: warning: "). `append` returns the same warning each time the
/// same problem recurs; a caller should print a given warning once.
public struct HistoryStore: Sendable {
    /// The default number of entries kept.
    public static let defaultCap = 10_000
    /// Files larger than this are not history files the shell wrote (the
    /// cap keeps them far smaller), so they are left alone.
    static let maxFileBytes = 64 << 20

    /// The history file, with a leading `~` already expanded so that every
    /// operation, appends and compactions alike, names the same file.
    public let path: String
    /// How many entries are kept after a compaction; at least 1.
    public let cap: Int

    public init(path: String, cap: Int = HistoryStore.defaultCap) {
        self.path = SafeFile.expandingHome(path)
        self.cap = max(1, cap)
    }

    /// The entry count above which an append compacts the file: 1.25 × cap,
    /// so the rewrite happens once per quarter-cap appends, not every time.
    var compactionThreshold: Int { cap + max(1, cap / 4) }

    // MARK: - Where the file lives

    /// The history file to use, or nil when history is disabled:
    /// `$ATTN_HISTORY` when set (the empty string disables history), else
    /// `$XDG_STATE_HOME/attn/history` when that is an absolute path (the XDG
    /// specification says relative values are to be ignored), else
    /// `<home>/.local/state/attn/history`; nil when `home` is empty too.
    public static func resolvePath(environment: [String: String], home: String) -> String? {
        if let explicit = environment["ATTN_HISTORY"] {
            return explicit.isEmpty ? nil : explicit
        }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return join(state, "attn/history")
        }
        guard !home.isEmpty else { return nil }
        return join(home, ".local/state/attn/history")
    }

    /// `resolvePath(environment:home:)` for this process: its environment,
    /// and `$HOME` or else the password database for the home directory.
    public static func resolvePath() -> String? {
        let environment = ProcessInfo.processInfo.environment
        var home = environment["HOME"] ?? ""
        if home.isEmpty, let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir {
            home = String(cString: directory)
        }
        return resolvePath(environment: environment, home: home)
    }

    private static func join(_ directory: String, _ rest: String) -> String {
        var base = directory
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        return base == "/" ? "/" + rest : base + "/" + rest
    }

    // MARK: - Reading

    /// The newest `cap` entries, oldest first, and at most one warning.
    /// A missing file is an empty history without warning.
    public func load() -> (entries: [String], warning: String?) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { return ([], nil) }
            return ([], "cannot read the history file '\(path)': \(Self.describe(code)); starting with an empty history.")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            return ([], "cannot read the history file '\(path)': \(Self.describe(errno)); starting with an empty history.")
        }
        switch Self.fileKind(info) {
        case .directory:
            return ([], "the history file '\(path)' is a directory; history will not be saved.")
        case .device:
            return ([], nil)  // /dev/null and the like: an always-empty history.
        case .other:
            return ([], "the history file '\(path)' is not a regular file; history will not be saved.")
        case .regular:
            break
        }
        if Int(info.st_size) > Self.maxFileBytes {
            return ([], "the history file '\(path)' is larger than \(Self.maxFileBytes >> 20) MiB, so it is not a file attn wrote; it was left alone and history will not be saved.")
        }
        // A shared lock keeps us from reading half of a line another shell
        // is writing; if some process holds the lock for long, read anyway.
        let locked = Self.lock(fd, exclusive: false, timeout: 1)
        defer { if locked { _ = flock(fd, LOCK_UN) } }
        let bytes: [UInt8]
        switch Self.readAll(fd) {
        case .success(let content): bytes = content
        case .failure(let code):
            return ([], "cannot read the history file '\(path)': \(Self.describe(code)); starting with an empty history.")
        }
        if bytes.contains(0) {
            return ([], "the history file '\(path)' contains binary data, so it is not a file attn wrote; it was left alone and history will not be saved.")
        }
        var entries: [String] = []
        var unreadable = 0
        for line in Self.splitLines(bytes) where !line.isEmpty {
            guard let text = String(validating: line, as: UTF8.self) else {
                unreadable += 1
                continue
            }
            entries.append(Self.decode(text))
        }
        var warning: String?
        if unreadable > 0 {
            let lines = unreadable == 1 ? "1 line" : "\(unreadable) lines"
            warning = "the history file '\(path)' has \(lines) that are not valid UTF-8; they were skipped."
        }
        return (Array(entries.suffix(cap)), warning)
    }

    // MARK: - Writing

    /// Appends one entry right away (so a crash loses nothing) and compacts
    /// the file when it has grown past 1.25 × `cap`. Empty entries are not
    /// recorded. Returns a warning when the entry could not be saved.
    @discardableResult
    public func append(_ entry: String) -> String? {
        guard !entry.isEmpty else { return nil }
        if let failure = Self.makeParentDirectories(of: path) {
            return "cannot create the directory for the history file '\(path)': \(failure); history will not be saved."
        }
        // Another shell may replace the file (compaction) between our open
        // and our lock; then the lock is on a file no longer at `path`, so
        // start over. A few rounds are plenty: each one needs a full
        // compaction to slip in between two system calls.
        for _ in 0..<8 {
            let fd = Self.openForAppend(path)
            guard fd >= 0 else {
                return "cannot write the history file '\(path)': \(Self.describe(errno)); history will not be saved."
            }
            defer { close(fd) }
            guard Self.lock(fd, exclusive: true, timeout: 5) else {
                return "the history file '\(path)' stayed locked by another process; this entry was not saved."
            }
            defer { _ = flock(fd, LOCK_UN) }
            var info = stat()
            guard fstat(fd, &info) == 0 else {
                return "cannot write the history file '\(path)': \(Self.describe(errno)); history will not be saved."
            }
            var current = stat()
            if Self.fileKind(info) == .regular {
                guard stat(path, &current) == 0 else { continue }
                if current.st_dev != info.st_dev || current.st_ino != info.st_ino { continue }
            }
            return appendLocked(entry, fd: fd, info: info)
        }
        return "the history file '\(path)' kept being replaced by another process; this entry was not saved."
    }

    /// The append proper, with the exclusive lock held on `fd`.
    private func appendLocked(_ entry: String, fd: Int32, info: stat) -> String? {
        var line = Array(Self.encode(entry).utf8)
        line.append(UInt8(ascii: "\n"))
        switch Self.fileKind(info) {
        case .regular:
            break
        case .device:
            // A device such as /dev/null: write, never read or rewrite.
            return Self.writeAll(fd, line).map { "cannot write the history file '\(path)': \(Self.describe($0))." }
        case .directory, .other:
            return "the history file '\(path)' is not a regular file; history will not be saved."
        }
        if Int(info.st_size) > Self.maxFileBytes {
            return "the history file '\(path)' is larger than \(Self.maxFileBytes >> 20) MiB, so it is not a file attn wrote; it was left alone and history will not be saved."
        }
        let content: [UInt8]
        switch Self.readAll(fd) {
        case .success(let bytes): content = bytes
        case .failure(let code):
            return "cannot read the history file '\(path)': \(Self.describe(code)); this entry was not saved."
        }
        if content.contains(0) {
            return "the history file '\(path)' contains binary data, so it is not a file attn wrote; it was left alone and history will not be saved."
        }
        // Never glue an entry onto a last line that lacks its line break.
        if let last = content.last, last != UInt8(ascii: "\n") { line.insert(UInt8(ascii: "\n"), at: 0) }
        if let code = Self.writeAll(fd, line) {
            return "cannot write the history file '\(path)': \(Self.describe(code)); this entry was not saved."
        }
        var lines = Self.splitLines(content).filter { !$0.isEmpty }
        lines.append(contentsOf: Self.splitLines(line).filter { !$0.isEmpty })
        guard lines.count > compactionThreshold else { return nil }
        return compact(keeping: Array(lines.suffix(cap)))
    }

    /// Replaces the file with `lines` through `SafeFile.write`, so a crash
    /// leaves either the old or the new file and never a truncated one.
    /// Called with the lock held.
    private func compact(keeping lines: [ArraySlice<UInt8>]) -> String? {
        var body: [UInt8] = []
        body.reserveCapacity(lines.reduce(0) { $0 + $1.count + 1 })
        for line in lines {
            body.append(contentsOf: line)
            body.append(UInt8(ascii: "\n"))
        }
        do {
            try SafeFile.write(body, to: path)
        } catch {
            return "cannot compact the history file '\(path)': \(error.reason); it keeps growing."
        }
        return nil
    }

    // MARK: - Entry encoding

    /// One entry as one line of the file (see the type's documentation).
    static func encode(_ entry: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in entry.unicodeScalars {
            switch scalar {
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            case "\0": out.append(contentsOf: "\\0".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// The entry a line of the file stands for.
    static func decode(_ line: String) -> String {
        var out = String.UnicodeScalarView()
        var iterator = line.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            guard scalar == "\\" else {
                out.append(scalar)
                continue
            }
            guard let next = iterator.next() else {
                out.append("\\")
                break
            }
            switch next {
            case "\\": out.append("\\")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "0": out.append("\0")
            default:
                out.append("\\")
                out.append(next)
            }
        }
        return String(out)
    }

    // MARK: - System helpers

    private enum FileKind { case regular, directory, device, other }

    private static func fileKind(_ info: stat) -> FileKind {
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        case S_IFCHR: return .device
        default: return .other
        }
    }

    /// Splits on LF; a last line without LF counts, the empty piece after a
    /// final LF does not.
    static func splitLines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// Opens for appending, creating the file with mode 0600 (exactly, not
    /// as the umask leaves it) when it does not exist yet.
    private static func openForAppend(_ path: String) -> Int32 {
        let created = open(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if created >= 0 {
            _ = fchmod(created, 0o600)
            return created
        }
        guard errno == EEXIST else { return -1 }
        return open(path, O_RDWR | O_APPEND | O_CLOEXEC | O_NONBLOCK)
    }

    /// Creates the missing directories above `path` with mode 0700;
    /// returns a reason on failure. Existing directories are not changed.
    private static func makeParentDirectories(of path: String) -> String? {
        let parent = (path as NSString).deletingLastPathComponent
        guard !parent.isEmpty else { return nil }
        var missing: [String] = []
        var current = parent
        var info = stat()
        while !current.isEmpty && current != "/" && stat(current, &info) != 0 {
            missing.append(current)
            current = (current as NSString).deletingLastPathComponent
        }
        for directory in missing.reversed() {
            if mkdir(directory, 0o700) != 0 && errno != EEXIST { return describe(errno) }
            _ = chmod(directory, 0o700)
        }
        return nil
    }

    /// Takes a `flock`, polling so a process that never lets go makes us
    /// give up after `timeout` seconds instead of hanging the shell.
    private static func lock(_ fd: Int32, exclusive: Bool, timeout: Double) -> Bool {
        let operation = (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB
        let deadline = Date().addingTimeInterval(timeout)
        var pause: UInt32 = 1_000
        while true {
            if flock(fd, operation) == 0 { return true }
            guard errno == EWOULDBLOCK || errno == EINTR else { return false }
            if Date() >= deadline { return false }
            usleep(pause)
            pause = min(pause * 2, 50_000)
        }
    }

    private enum ReadResult { case success([UInt8]), failure(Int32) }

    /// The whole file from offset 0 (`pread`, so an `O_APPEND` descriptor
    /// needs no seeking), up to `maxFileBytes`.
    private static func readAll(_ fd: Int32) -> ReadResult {
        var content: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while content.count <= maxFileBytes {
            let offset = off_t(content.count)
            let count = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(errno)
            }
            if count == 0 { break }
            content.append(contentsOf: chunk[0..<count])
        }
        return .success(content)
    }

    /// Writes everything, retrying short writes; returns errno on failure.
    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += count
        }
        return nil
    }

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
