#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension SafeFile {
    /// The whole regular file at `path` (after `~` expansion), at most
    /// `limit` bytes, with what is needed to tell later whether it changed.
    /// Refuses anything but a regular file without blocking; see `SafeFile`.
    public static func read(_ path: String, limit: Int) throws(FileError) -> FileSnapshot {
        guard !path.isEmpty else { throw FileError(path: path, problem: .emptyName) }
        return try read(resolved: expandingHome(path), shownAs: path, limit: limit)
    }

    /// `read` of a path already expanded; errors name `path`.
    static func read(resolved: String, shownAs path: String, limit: Int) throws(FileError) -> FileSnapshot {
        // Refuse what stat already shows to be special, so that opening a
        // device (which can have effects of its own) never happens.
        var before = stat()
        guard stat(resolved, &before) == 0 else { throw FileError(path: path, errno: errno) }
        if let problem = refusal(before) { throw FileError(path: path, problem: problem) }

        let fd = open(resolved, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw FileError(path: path, errno: errno) }
        defer { _ = close(fd) }
        // The descriptor is what gets read: check it, not the name, which
        // may have been replaced since the stat above.
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileError(path: path, errno: errno) }
        if let problem = refusal(info) { throw FileError(path: path, problem: problem) }
        guard Int64(info.st_size) <= Int64(limit) else {
            throw FileError(path: path, problem: .tooLarge(size: Int64(info.st_size), limit: limit))
        }

        let bytes = try readAll(fd, path: path, expected: Int(info.st_size), limit: limit)
        // Stat again after reading, so the snapshot's time is no older than
        // its bytes; a write during the read then shows up as a difference
        // in the bytes, the size or the time when the writer compares.
        var after = stat()
        guard fstat(fd, &after) == 0 else { throw FileError(path: path, errno: errno) }
        return FileSnapshot(path: path, info: after, bytes: bytes)
    }

    /// `read`, then the bytes as UTF-8 text; a leading byte-order mark is
    /// kept (the caller decides what it means).
    public static func readText(_ path: String, limit: Int) throws(FileError) -> (text: String, snapshot: FileSnapshot) {
        let snapshot = try read(path, limit: limit)
        guard let text = String(validating: snapshot.bytes, as: UTF8.self) else {
            throw FileError(path: path, problem: .notUTF8)
        }
        return (text, snapshot)
    }

    /// Reads from `fd` until the end of the file, straight into the result
    /// for the `expected` bytes; more than `limit` bytes (the file grew
    /// after the size check) is refused as too large.
    private static func readAll(_ fd: Int32, path: String, expected: Int, limit: Int) throws(FileError) -> [UInt8] {
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: max(0, min(expected, limit))) { buffer, initialized in
            initialized = 0
            while initialized < buffer.count, let base = buffer.baseAddress {
                let count = posixRead(fd, base + initialized, buffer.count - initialized)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if count == 0 { return }
                initialized += count
            }
        }
        if failure != 0 { throw FileError(path: path, errno: failure) }
        // The file may have grown since fstat; keep reading to the end.
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { posixRead(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, errno: errno)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > limit {
                throw FileError(path: path, problem: .tooLarge(size: Int64(bytes.count), limit: limit))
            }
        }
    }
}

/// The POSIX `read(2)`, under a name that `SafeFile.read` does not hide.
func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
