import AttnCore
import Foundation

/// What a program may read and write through `load` and `save`.
///
/// Two policies:
/// - **Open** (the shell, `attn run`, `attn -e`): the user's own programs,
///   with the user's rights. Relative paths are relative to the working
///   directory.
/// - **Confined** (`attn check`, `attn fix`): a document downloaded from
///   anywhere is untrusted code, and checking it must be as safe as reading
///   it. Relative paths are relative to the document's folder.
///   - `load` reads only files whose real path (symbolic links resolved) lies
///     under the document's folder or under a folder given with
///     `--allow-read`.
///   - `save` to a path under the document's folder writes nothing to disk:
///     the tensor goes to a private scratch area, which later `load`s of the
///     same document see (so save-then-load examples still work) and which
///     is discarded with the session. A path under an `--allow-write` folder
///     is written for real, unless the run is a dry run. Any other path is
///     refused.
///   - Scratch paths are compared after making them absolute and removing
///     `.` and `..` lexically; they never touch the disk, so a symbolic link
///     inside the folder cannot lead a save outside it.
public final class FileAccess: @unchecked Sendable {
    // @unchecked: owned by one interpreter, used from its one thread.

    /// Where a `load` reads from.
    public enum Source {
        case file(String)
        case scratch(Tensor)
    }

    /// Where a `save` goes.
    public enum Destination {
        case file(String)
        case scratch(String)
    }

    /// The folder relative paths start from; nil for the working directory.
    public let base: String?
    /// Real paths of the folders `load` may read; nil when reads are open.
    private let readable: [String]?
    /// Real paths of the folders `save` writes to on disk; nil when writes are open.
    private let writable: [String]?
    /// Real paths of the folders whose saves go to the scratch area.
    private let scratchRoots: [String]
    /// Saved tensors that never reached the disk, by normalized absolute path.
    private var scratch: [String: Tensor] = [:]

    private init(base: String?, readable: [String]?, writable: [String]?, scratchRoots: [String]) {
        self.base = base
        self.readable = readable
        self.writable = writable
        self.scratchRoots = scratchRoots
    }

    /// The user's own rights: every path, relative to the working directory.
    public static func open() -> FileAccess {
        FileAccess(base: nil, readable: nil, writable: nil, scratchRoots: [])
    }

    /// Confined to `folder` (a document's), as described above.
    /// - Parameters:
    ///   - allowRead: more folders `load` may read.
    ///   - allowWrite: folders `save` writes to on disk (ignored when `dryRun`).
    ///   - dryRun: nothing is ever written to disk; saves under an
    ///     `allowWrite` folder go to the scratch area too.
    public static func confined(to folder: String, allowRead: [String] = [], allowWrite: [String] = [],
                                dryRun: Bool = false) -> FileAccess {
        let root = realFolder(folder) ?? normalize(absolute(folder, base: nil))
        let extraRead = allowRead.compactMap(realFolder)
        let extraWrite = allowWrite.compactMap(realFolder)
        return FileAccess(
            base: root,
            readable: [root] + extraRead + extraWrite,
            writable: dryRun ? [] : extraWrite,
            scratchRoots: [root] + (dryRun ? extraWrite : []))
    }

    /// Where `load(path)` reads, or why it may not.
    public func source(for path: String) throws(CoreError) -> Source {
        // Open: the path as the user wrote it, so messages name it that way.
        guard let readable else { return .file(path) }
        let full = FileAccess.normalize(FileAccess.absolute(path, base: base))
        if let saved = scratch[full] { return .scratch(saved) }
        guard let real = FileAccess.realPath(full) else {
            throw CoreError.io(path: path, reason: "no such file")
        }
        guard readable.contains(where: { FileAccess.isInside(real, $0) }) else {
            throw CoreError.io(path: path, reason: "is outside the document's folder; a checked document may read only "
                               + "files under its own folder (widen with --allow-read DIR)")
        }
        return .file(real)
    }

    /// Where `save(x, path)` writes, or why it may not.
    public func destination(for path: String) throws(CoreError) -> Destination {
        guard let writable else { return .file(path) }
        let full = FileAccess.normalize(FileAccess.absolute(path, base: base))
        // The folder the file would be created in, with its links resolved.
        let parent = FileAccess.realFolder((full as NSString).deletingLastPathComponent)
        if let parent, writable.contains(where: { FileAccess.isInside(parent, $0) }) { return .file(full) }
        if scratchRoots.contains(where: { FileAccess.isInside(full, $0) }) || parent.map({ p in
            scratchRoots.contains { FileAccess.isInside(p, $0) }
        }) == true {
            return .scratch(full)
        }
        throw CoreError.io(path: path, reason: "is outside the document's folder; a checked document cannot write "
                           + "there (its saves stay in memory unless a folder is given with --allow-write DIR)")
    }

    /// Keeps a saved tensor in the scratch area.
    public func keep(_ tensor: Tensor, at key: String) { scratch[key] = tensor }

    // MARK: - Paths

    /// `path` made absolute against `base` (or the working directory), with
    /// `~` expanded.
    static func absolute(_ path: String, base: String?) -> String {
        let expanded = SafeFile.expandingHome(path)
        if expanded.hasPrefix("/") { return expanded }
        let start = base ?? FileManager.default.currentDirectoryPath
        return start + "/" + expanded
    }

    /// `.` and `..` components and doubled slashes removed, without
    /// looking at the disk.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The path with every symbolic link resolved, or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The real path of an existing folder, else nil.
    static func realFolder(_ path: String) -> String? {
        guard let real = realPath(absolute(path, base: nil)) else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: real, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
        return real
    }

    /// Whether `path` is `folder` or lies below it (both absolute and normalized).
    static func isInside(_ path: String, _ folder: String) -> Bool {
        folder == "/" || path == folder || path.hasPrefix(folder + "/")
    }
}
