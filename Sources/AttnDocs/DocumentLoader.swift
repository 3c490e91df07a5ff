import AttnCore
import Foundation

/// Finds and reads documents.
public enum DocumentLoader {
    /// The extensions `attn check` looks for inside folders.
    public static let extensions = ["attn", "md", "markdown", "ipynb", "txt", "py", "rst"]

    /// `*.attn, *.md, *.markdown, *.ipynb, *.txt, *.py and *.rst`, for help texts.
    public static var extensionList: String {
        let globs = extensions.map { "*." + $0 }
        return globs.dropLast().joined(separator: ", ") + " and " + (globs.last ?? "")
    }

    /// The largest document or script attn reads, in bytes. Hand-written
    /// text is far smaller; the limit stops a mistaken path (a disk image,
    /// a log) from being read into memory whole.
    public static let maxDocumentBytes = 64 << 20

    /// Reads `path` as a document, with `SafeFile.readText`: a FIFO or a
    /// device is refused at once, and the document keeps the snapshot that
    /// `attn fix` needs to write it back safely.
    public static func load(_ path: String) -> Result<Document, FileError> {
        do {
            let snapshot = try SafeFile.readText(path, limit: maxDocumentBytes).snapshot
            return .success(Document(path: path, bytes: snapshot.bytes, snapshot: snapshot))
        } catch {
            return .failure(error)
        }
    }

    /// The files named by `paths`: files as given, folders searched
    /// recursively for the `extensions` (sorted, hidden entries skipped).
    /// A path that does not exist is kept, so that checking reports it.
    public static func expand(_ paths: [String]) -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            let expanded = SafeFile.expandingHome(path)
            guard FileManager.default.fileExists(atPath: expanded, isDirectory: &isDirectory), isDirectory.boolValue else {
                files.append(path)
                continue
            }
            var found: [String] = []
            let base = URL(fileURLWithPath: expanded)
            if let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey],
                                                            options: [.skipsHiddenFiles]) {
                for case let url as URL in walker where extensions.contains(url.pathExtension.lowercased()) {
                    let isFile = (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) ?? false
                    guard isFile else { continue }
                    found.append(relative(url, to: base, shownAs: path))
                }
            }
            files += found.sorted()
        }
        return files
    }

    /// `url` as a path under `shownAs` (the folder as the user typed it).
    private static func relative(_ url: URL, to base: URL, shownAs: String) -> String {
        let full = url.standardizedFileURL.path, root = base.standardizedFileURL.path
        guard full.hasPrefix(root + "/") else { return url.path }
        let rest = String(full.dropFirst(root.count + 1))
        return shownAs.hasSuffix("/") ? shownAs + rest : shownAs + "/" + rest
    }
}
