#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way attn reads and writes the files a user names: documents,
/// scripts, tensors (`load`, `save`), JUnit reports, `:save`d sessions and
/// the shell history.
///
/// Paths: `~` alone and `~/...` at the start of a path stand for the home
/// directory (`$HOME`, else the password database), in every path given to
/// `read` or `write`; `expandingHome` is the one implementation. `~user` is
/// not expanded. Error messages name the path as the caller gave it.
///
/// Reading (`read`, `readText`): the file is opened with `O_NONBLOCK` and
/// `O_CLOEXEC`, and the open descriptor is examined with `fstat`, so what is
/// checked is what is read. Anything but a regular file (a FIFO, a device, a
/// socket, a directory) is refused at once and never blocks; a `stat` before
/// opening refuses most of them without even opening them. A file larger
/// than the caller's limit is refused before any byte is read. The whole
/// file is read and returned with a `FileSnapshot`: which file it was
/// (device and inode), its size and modification time, and the bytes.
///
/// Writing (`write`) replaces a whole file:
/// 1. A symbolic link is followed, through the whole chain, and its final
///    target is written; the link stays a link. A dangling link creates its
///    target.
/// 2. A target that is a directory, FIFO, socket or device is refused. So is
///    a read-only target unless the caller passes `force`. "Read-only" is
///    judged by the permission bits, not by `access(2)`, because root (tests,
///    CI, containers) may write anything: for root, a file with no write bit
///    at all; for others, a file whose bits for them (owner, group or other,
///    whichever applies first) lack the write bit.
/// 3. The new bytes go to a temporary file beside the target (same
///    directory, so the rename is atomic), created with mode 0600 so that
///    nobody reads them early. It gets the target's owner and group
///    (`fchown`; when that fails, as it does for another user's file when
///    attn is not root, the write is refused rather than silently changing
///    the owner) and then the target's permission bits (`fchmod`, after the
///    owner, which would clear set-id bits). It is flushed with `fsync`.
/// 4. When the caller passes the snapshot of what it read (`expected`), the
///    target is read again just before the rename and compared with it
///    (device, inode, size, modification time and every byte). Any
///    difference stops the write with "changed since attn read it", so text
///    appended while `attn fix` ran is never lost. A change landing between
///    that check and the rename (microseconds) is not detected: without
///    locks that every editor honours, nothing can close that window.
/// 5. The temporary file is renamed over the target and the directory is
///    flushed, so after a crash the file is either wholly old or wholly new.
/// 6. On every failure the temporary file is removed; a refused target never
///    gets one at all.
///
/// A new file is created with mode 0666 minus the umask (the kernel applies
/// the umask and any default ACL), as any program would create it.
///
/// Hard links: a target with more than one link is rewritten in place
/// (after the same checks), because renaming a new file over one name would
/// split it from its other names. The trade-off: an in-place rewrite is not
/// atomic, so a crash in the middle can leave a mix of old and new bytes.
/// Space is reserved (`posix_fallocate`) before the first byte is changed,
/// so a full disk is found before the file is touched.
///
/// What a rename does not keep: extended attributes and access control
/// lists of the old file, and its inode number. attn's files need neither.
public enum SafeFile {
    /// `path` with a leading `~` or `~/` replaced by the home directory;
    /// anything else (including `~user`) unchanged.
    public static func expandingHome(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        guard let home = homeDirectory() else { return path }
        let rest = path.dropFirst()  // "" or "/..."
        if home == "/" { return rest.isEmpty ? "/" : String(rest) }
        let base = home.hasSuffix("/") ? String(home.dropLast()) : home
        return base + rest
    }

    /// `$HOME` when set and not empty, else the password database's entry
    /// for this user, else nil.
    static func homeDirectory() -> String? {
        if let value = getenv("HOME") {
            let home = String(cString: value)
            if !home.isEmpty { return home }
        }
        if let entry = getpwuid(geteuid()), let directory = entry.pointee.pw_dir {
            let home = String(cString: directory)
            if !home.isEmpty { return home }
        }
        return nil
    }
}

/// What a file held when attn read it, and which file it was: enough to tell
/// later whether anything has changed it since.
public struct FileSnapshot: Equatable, Sendable {
    /// The path as the caller gave it.
    public let path: String
    public let device: UInt64
    public let inode: UInt64
    /// The modification time, seconds and nanoseconds since the epoch.
    public let modifiedSeconds: Int64
    public let modifiedNanoseconds: Int64
    /// Every byte read; their count is the file's size.
    public let bytes: [UInt8]

    init(path: String, info: stat, bytes: [UInt8]) {
        self.path = path
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        (modifiedSeconds, modifiedNanoseconds) = SafeFile.modificationTime(info)
        self.bytes = bytes
    }

    /// Whether `other` is the same file with the same content and time;
    /// the paths may differ (one may be a symbolic link to the other).
    func sameFile(as other: FileSnapshot) -> Bool {
        device == other.device && inode == other.inode
            && modifiedSeconds == other.modifiedSeconds && modifiedNanoseconds == other.modifiedNanoseconds
            && bytes == other.bytes
    }
}

// MARK: - Shared system helpers

extension SafeFile {
    static func modificationTime(_ info: stat) -> (Int64, Int64) {
        #if canImport(Darwin)
        return (Int64(info.st_mtimespec.tv_sec), Int64(info.st_mtimespec.tv_nsec))
        #else
        return (Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec))
        #endif
    }

    /// Nil for a regular file, a directory problem for a directory, else
    /// the kind of special file.
    static func refusal(_ info: stat) -> FileError.Problem? {
        switch info.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return .isDirectory
        case S_IFIFO: return .notRegular(.fifo)
        case S_IFCHR: return .notRegular(.characterDevice)
        case S_IFBLK: return .notRegular(.blockDevice)
        case S_IFSOCK: return .notRegular(.socket)
        default: return .notRegular(.other)
        }
    }
}
