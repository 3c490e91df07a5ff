#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension SafeFile {
    /// Replaces the file at `path` (after `~` expansion and following
    /// symbolic links) with `bytes`, or creates it; see `SafeFile` for every
    /// rule. `force` writes a read-only file anyway (nothing else is forced).
    /// `expected` is the snapshot the caller read: when given, the write is
    /// refused if the file has changed since.
    public static func write(_ bytes: [UInt8], to path: String, force: Bool = false,
                             expected: FileSnapshot? = nil) throws(FileError) {
        guard !path.isEmpty else { throw FileError(path: path, problem: .emptyName) }
        let target = try resolveLinks(expandingHome(path), shownAs: path)
        let (directory, name) = split(target)
        if name.isEmpty || name == "." || name == ".." {
            // "dir/", "dir/.": a folder, or a path that cannot name a file.
            var info = stat()
            guard stat(target, &info) == 0 else { throw FileError(path: path, errno: errno) }
            throw FileError(path: path, problem: .isDirectory)
        }

        var info = stat()
        guard lstat(target, &info) == 0 else {
            let code = errno
            guard code == ENOENT else { throw FileError(path: path, errno: code) }
            // The file attn read has gone (deleted or renamed away).
            if expected != nil { throw FileError(path: path, problem: .changedSinceRead) }
            try checkDirectory(directory, shownAs: path)
            try replace(target, in: directory, name: name, with: bytes, existing: nil, expected: nil, shownAs: path)
            return
        }
        if info.st_mode & S_IFMT == S_IFLNK {
            // A link appeared after the links were resolved; not a file to write.
            throw FileError(path: path, problem: expected == nil ? .notRegular(.other) : .changedSinceRead)
        }
        if let problem = refusal(info) { throw FileError(path: path, problem: problem) }
        if !force && isReadOnly(info) { throw FileError(path: path, problem: .readOnly) }
        if info.st_nlink > 1 {
            try rewriteInPlace(target, with: bytes, existing: info, expected: expected, shownAs: path)
        } else {
            try replace(target, in: directory, name: name, with: bytes, existing: info, expected: expected, shownAs: path)
        }
    }

    // MARK: Replacing through a temporary file

    /// Writes `bytes` to a new temporary file in `directory`, gives it the
    /// owner and mode of `existing` (when there is one), checks `expected`,
    /// and renames it over `target`. The temporary file never outlives a
    /// failure.
    private static func replace(_ target: String, in directory: String, name: String, with bytes: [UInt8],
                                existing: stat?, expected: FileSnapshot?, shownAs path: String) throws(FileError) {
        // 0600 for a replacement, so nobody reads the new bytes before they
        // get the old file's mode; 0666 for a new file, which the kernel
        // narrows by the umask as for any file a program creates.
        let (fd, temporary) = try createTemporary(in: directory, name: name, mode: existing == nil ? 0o666 : 0o600,
                                                  shownAs: path)
        var isOpen = true
        var renamed = false
        defer {
            if isOpen { _ = close(fd) }
            if !renamed { _ = unlink(temporary) }
        }
        if let code = writeAll(fd, bytes, at: nil) { throw FileError(path: path, errno: code) }
        if let existing { try keepOwnerAndMode(of: existing, on: fd, shownAs: path) }
        guard fsync(fd) == 0 else { throw FileError(path: path, errno: errno) }
        isOpen = false
        guard close(fd) == 0 else { throw FileError(path: path, errno: errno) }
        if let expected { try checkUnchanged(target, expected: expected, shownAs: path) }
        guard rename(temporary, target) == 0 else { throw FileError(path: path, errno: errno) }
        renamed = true
        syncDirectory(directory)
    }

    /// Creates `directory/.name.attn-RANDOM` exclusively, never through a
    /// link; returns its descriptor and path.
    private static func createTemporary(in directory: String, name: String, mode: mode_t,
                                        shownAs path: String) throws(FileError) -> (Int32, String) {
        // Keep the name short enough that the suffix cannot push it past
        // the file system's 255-byte limit.
        let stem = String(decoding: name.utf8.prefix(200), as: UTF8.self)
        for _ in 0..<32 {
            let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let candidate = (directory == "/" ? "" : directory) + "/." + stem + ".attn-" + suffix
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
            if fd >= 0 { return (fd, candidate) }
            let code = errno
            if code == EEXIST { continue }
            if code == EACCES || code == EPERM { throw FileError(path: path, problem: .directoryNotWritable(directory)) }
            throw FileError(path: path, errno: code)
        }
        throw FileError(path: path, errno: EEXIST)
    }

    /// Gives the temporary file `fd` the owner, group and permission bits of
    /// `existing`, or refuses when the owner or group cannot be kept.
    private static func keepOwnerAndMode(of existing: stat, on fd: Int32, shownAs path: String) throws(FileError) {
        var mine = stat()
        guard fstat(fd, &mine) == 0 else { throw FileError(path: path, errno: errno) }
        if mine.st_uid != existing.st_uid {
            guard fchown(fd, existing.st_uid, existing.st_gid) == 0 else {
                throw FileError(path: path, problem: .ownerNotKept(uid: UInt32(existing.st_uid)))
            }
        } else if mine.st_gid != existing.st_gid {
            // A user may give a file only a group they belong to.
            guard fchown(fd, existing.st_uid, existing.st_gid) == 0 else {
                throw FileError(path: path, problem: .groupNotKept(gid: UInt32(existing.st_gid)))
            }
        }
        // After fchown, which clears the set-user-ID and set-group-ID bits.
        guard fchmod(fd, existing.st_mode & 0o7777) == 0 else { throw FileError(path: path, errno: errno) }
    }

    // MARK: Rewriting in place (hard links)

    /// Overwrites the file itself, so that every hard link to it sees the new
    /// bytes. Not atomic (see `SafeFile`), so space is reserved first.
    private static func rewriteInPlace(_ target: String, with bytes: [UInt8], existing: stat,
                                       expected: FileSnapshot?, shownAs path: String) throws(FileError) {
        let fd = open(target, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw FileError(path: path, errno: errno) }
        var isOpen = true
        defer { if isOpen { _ = close(fd) } }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileError(path: path, errno: errno) }
        guard info.st_dev == existing.st_dev, info.st_ino == existing.st_ino else {
            throw FileError(path: path, problem: .changedSinceRead)
        }
        if let expected { try checkUnchanged(target, expected: expected, shownAs: path) }
        if !bytes.isEmpty {
            let code = posix_fallocate(fd, 0, off_t(bytes.count))
            // File systems without fallocate say so; then write and hope.
            if code == ENOSPC || code == EDQUOT || code == EFBIG { throw FileError(path: path, errno: code) }
        }
        if let code = writeAll(fd, bytes, at: 0) { throw FileError(path: path, errno: code) }
        guard ftruncate(fd, off_t(bytes.count)) == 0 else { throw FileError(path: path, errno: errno) }
        guard fsync(fd) == 0 else { throw FileError(path: path, errno: errno) }
        isOpen = false
        guard close(fd) == 0 else { throw FileError(path: path, errno: errno) }
    }

    // MARK: Checks

    /// Refuses with `changedSinceRead` unless `target` is still the file of
    /// `expected`, with the same time and bytes.
    private static func checkUnchanged(_ target: String, expected: FileSnapshot, shownAs path: String) throws(FileError) {
        let current: FileSnapshot
        do {
            current = try read(resolved: target, shownAs: path, limit: expected.bytes.count)
        } catch {
            switch error.problem {
            case .notFound, .tooLarge, .isDirectory, .notRegular:
                throw FileError(path: path, problem: .changedSinceRead)
            default:
                throw FileError(path: path, problem: error.problem)
            }
        }
        guard current.sameFile(as: expected) else { throw FileError(path: path, problem: .changedSinceRead) }
    }

    /// Whether the permission bits deny writing (see `SafeFile`): for root,
    /// no write bit at all; for others, the bits of the first class that
    /// applies (owner, then group, then everyone).
    static func isReadOnly(_ info: stat) -> Bool {
        let mode = info.st_mode
        let user = geteuid()
        if user == 0 { return mode & 0o222 == 0 }
        if info.st_uid == user { return mode & S_IWUSR == 0 }
        if isMember(ofGroup: info.st_gid) { return mode & S_IWGRP == 0 }
        return mode & S_IWOTH == 0
    }

    private static func isMember(ofGroup group: gid_t) -> Bool {
        if getegid() == group { return true }
        let count = getgroups(0, nil)
        guard count > 0 else { return false }
        var groups = [gid_t](repeating: 0, count: Int(count))
        let filled = getgroups(count, &groups)
        return filled > 0 && groups.prefix(Int(filled)).contains(group)
    }

    /// Refuses a new file whose folder is missing or not a folder.
    private static func checkDirectory(_ directory: String, shownAs path: String) throws(FileError) {
        var info = stat()
        guard stat(directory, &info) == 0 else {
            let code = errno
            if code == ENOENT { throw FileError(path: path, problem: .directoryMissing(directory)) }
            throw FileError(path: path, errno: code)
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw FileError(path: path, problem: .notADirectoryInPath) }
    }

    // MARK: Paths

    /// The end of the chain of symbolic links starting at `path`: the first
    /// name that is not a link, or that does not exist yet.
    static func resolveLinks(_ path: String, shownAs shown: String) throws(FileError) -> String {
        var current = path
        // Linux's own limit on links followed in one lookup.
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0 else {
                let code = errno
                if code == ENOENT { return current }
                throw FileError(path: shown, errno: code)
            }
            guard info.st_mode & S_IFMT == S_IFLNK else { return current }
            let destination = try readLink(current, shownAs: shown)
            current = destination.hasPrefix("/") ? destination : split(current).directory + "/" + destination
        }
        throw FileError(path: shown, errno: ELOOP)
    }

    private static func readLink(_ link: String, shownAs shown: String) throws(FileError) -> String {
        var size = 1024
        while true {
            var buffer = [CChar](repeating: 0, count: size)
            let count = readlink(link, &buffer, size)
            guard count >= 0 else { throw FileError(path: shown, errno: errno) }
            if count < size {
                return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            size *= 4
        }
    }

    /// The folder part and the last component of `path`; the folder is "."
    /// for a bare name and "/" for a name at the root.
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let name = String(path[path.index(after: slash)...])
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, name)
    }

    // MARK: System helpers

    /// Writes all of `bytes` (at offset `at` with `pwrite`, else at the
    /// current position); returns errno on failure.
    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], at offset: off_t?) -> Int32? {
        bytes.withUnsafeBytes { raw -> Int32? in
            var done = 0
            while done < raw.count, let base = raw.baseAddress {
                // At most 1 GiB per call: Linux writes at most about 2 GiB at once.
                let length = min(raw.count - done, 1 << 30)
                let count = offset.map { pwrite(fd, base + done, length, $0 + off_t(done)) }
                    ?? posixWrite(fd, base + done, length)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                done += count
            }
            return nil
        }
    }

    /// Flushes a folder so that a rename in it survives a crash. Failures
    /// are ignored: the file has been replaced by then, and some file
    /// systems cannot flush a folder at all.
    private static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        _ = close(fd)
    }
}

/// The POSIX `write(2)`, under a name that `SafeFile.write` does not hide.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
