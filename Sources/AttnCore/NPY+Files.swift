import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Files

/// A read-only file, read in pieces so a header can be checked before the
/// data is loaded.
struct FileReader {
    let path: String
    private let handle: FileHandle

    init(path: String) throws(CoreError) {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CoreError.io(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw CoreError.io(path: path, reason: "is a directory, not a file")
        }
        guard FileManager.default.isReadableFile(atPath: path),
              let handle = FileHandle(forReadingAtPath: path) else {
            throw CoreError.io(path: path, reason: "the file cannot be opened for reading (permission denied?)")
        }
        self.handle = handle
    }

    /// Up to `count` bytes from the current position; fewer only at the end.
    func read(count: Int) throws(CoreError) -> [UInt8] {
        guard count > 0 else { return [] }
        var out: [UInt8] = []
        out.reserveCapacity(count)
        do {
            while out.count < count {
                guard let chunk = try handle.read(upToCount: min(count - out.count, 1 << 26)), !chunk.isEmpty else { break }
                out += chunk
            }
        } catch {
            throw CoreError.io(path: path, reason: "read failed: \(error.localizedDescription)")
        }
        return out
    }

    /// The file's size in bytes.
    func size() throws(CoreError) -> UInt64 {
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? NSNumber { return size.uint64Value }
            if let size = attributes[.size] as? UInt64 { return size }
            if let size = attributes[.size] as? Int, size >= 0 { return UInt64(size) }
        } catch {
            throw CoreError.io(path: path, reason: "cannot get the file size: \(error.localizedDescription)")
        }
        throw CoreError.io(path: path, reason: "cannot get the file size")
    }

    func close() { try? handle.close() }
}

/// Writes a whole file atomically: a uniquely named temporary file in the
/// same directory, flushed to disk, then renamed over the destination.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String) throws(CoreError) {
        guard !path.isEmpty else { throw CoreError.io(path: path, reason: "empty file name") }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CoreError.io(path: path, reason: "is a directory, not a file")
        }
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw CoreError.io(path: path, reason: "the directory '\(directory)' does not exist")
        }
        guard isDirectory.boolValue else {
            throw CoreError.io(path: path, reason: "'\(directory)' is not a directory")
        }

        var temporary = ""
        var fd: Int32 = -1
        for _ in 0..<16 {
            temporary = directory + "/." + name + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else {
            throw CoreError.io(path: path, reason: "cannot create a temporary file in '\(directory)': \(errorText())")
        }

        var failure: String?
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                guard let base = raw.baseAddress else { break }
                let written = posixWrite(fd, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = "write failed: \(errorText())"
                    return
                }
                offset += written
            }
        }
        if failure == nil && fsync(fd) != 0 { failure = "flush to disk failed: \(errorText())" }
        if close(fd) != 0 && failure == nil { failure = "close failed: \(errorText())" }
        if failure == nil && rename(temporary, path) != 0 { failure = "cannot rename the temporary file into place: \(errorText())" }
        if let failure {
            unlink(temporary)
            throw CoreError.io(path: path, reason: failure)
        }
    }

    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}

/// The POSIX `write(2)`, under a name that does not clash with `NPY.write`.
@inline(__always)
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
