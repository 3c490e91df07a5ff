#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why attn could not read or write a file, as one value per kind of
/// problem, and the one place where each problem is put into words.
///
/// Every reason is a plain phrase that reads after the quoted path
/// (`'notes.md': is read-only`), with no system jargon: no errno names, no
/// Foundation error domains. `SafeFile` throws this type; the core layers turn
/// it into `CoreError.io(path:reason:)` with `CoreError.init(_:)`, and front ends
/// that need to react to one kind (`attn fix` suggesting `--force`) switch
/// on `problem` rather than matching the text.
public struct FileError: Error, Equatable, Sendable {
    /// What kind of thing stands where a regular file was expected.
    public enum Kind: Equatable, Sendable {
        case fifo, characterDevice, blockDevice, socket, other
    }

    public enum Problem: Equatable, Sendable {
        case emptyName
        case notFound
        /// Writing a new file into a folder that is not there.
        case directoryMissing(String)
        /// A component of the path names a file, not a folder (ENOTDIR).
        case notADirectoryInPath
        case isDirectory
        case notRegular(Kind)
        case permissionDenied
        /// The target's permission bits allow no writing (see `SafeFile`).
        case readOnly
        /// The file belongs to another user (or group) and attn could not
        /// give the replacement the same owner, so it refused to write.
        case ownerNotKept(uid: UInt32)
        case groupNotKept(gid: UInt32)
        /// The file differs from the snapshot the caller read.
        case changedSinceRead
        /// Larger than the caller's limit; both in bytes.
        case tooLarge(size: Int64, limit: Int)
        case notUTF8
        /// attn may not create a file in this folder (the writer needs to,
        /// for its temporary file).
        case directoryNotWritable(String)
        /// Any other failure of a system call, by its errno value.
        case system(Int32)
    }

    /// The path as the caller gave it (before `~` expansion).
    public var path: String
    public var problem: Problem

    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    /// The error for a failed system call: the common errno values become
    /// their own problems, the rest keep their number.
    public init(path: String, errno code: Int32) {
        self.init(path: path, problem: FileError.problem(errno: code))
    }

    static func problem(errno code: Int32) -> Problem {
        switch code {
        case ENOENT: return .notFound
        case ENOTDIR: return .notADirectoryInPath
        case EISDIR: return .isDirectory
        case EACCES, EPERM: return .permissionDenied
        default: return .system(code)
        }
    }

    /// The problem in words, to follow the quoted path.
    public var reason: String {
        switch problem {
        case .emptyName: return "empty file name"
        case .notFound: return "no such file"
        case .directoryMissing(let directory): return "the directory '\(Excerpt.visible(directory))' does not exist"
        case .notADirectoryInPath: return "a part of the path is not a directory"
        case .isDirectory: return "is a directory"
        case .notRegular(let kind):
            switch kind {
            case .fifo: return "is a FIFO, not a regular file"
            case .characterDevice, .blockDevice: return "is a device, not a regular file"
            case .socket: return "is a socket, not a regular file"
            case .other: return "is not a regular file"
            }
        case .permissionDenied: return "permission denied"
        case .readOnly: return "is read-only"
        case .ownerNotKept(let uid):
            return "belongs to user \(uid), and attn cannot give the new version that owner; not overwritten"
        case .groupNotKept(let gid):
            return "belongs to group \(gid), and attn cannot give the new version that group; not overwritten"
        case .changedSinceRead: return "changed since attn read it; not overwritten"
        case .tooLarge(let size, let limit):
            return "is too large (\(size) bytes; the limit is \(limit))"
        case .notUTF8: return "is not UTF-8 text"
        case .directoryNotWritable(let directory):
            return "permission denied: attn cannot create a file in '\(Excerpt.visible(directory))'"
        case .system(let code): return FileError.words(errno: code)
        }
    }

    /// `'path': reason`, the path with its control characters made visible.
    public var message: String { "'\(Excerpt.visible(path))': \(reason)" }

    /// Plain words for the errno values a file operation can meet; the C
    /// library's text, lower-cased, for the rest.
    static func words(errno code: Int32) -> String {
        switch code {
        case ELOOP: return "too many levels of symbolic links (a loop?)"
        case ENAMETOOLONG: return "the file name is too long"
        case EROFS: return "is on a read-only file system"
        case ENOSPC: return "no space left on the device"
        case EDQUOT: return "the disk quota is exhausted"
        case EIO: return "the device reported an input/output error"
        case EFBIG: return "would be larger than this file system allows"
        case EMFILE, ENFILE: return "too many files are open"
        case ETXTBSY: return "is a program that is running"
        case EBUSY: return "is in use by the system"
        case EXDEV: return "is on another file system"
        case ENXIO, ENODEV: return "is a device that is not there"
        default:
            guard let text = strerror(code) else { return "system error \(code)" }
            let words = String(cString: text)
            return words.prefix(1).lowercased() + words.dropFirst()
        }
    }
}

extension CoreError {
    /// The core's I/O error for a file problem; same path, same words.
    public init(_ error: FileError) {
        self = .io(path: error.path, reason: error.reason)
    }
}
