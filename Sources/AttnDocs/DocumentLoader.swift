import Foundation

/// Why a document could not be read.
public struct LoadError: Error, Sendable {
    public var path: String
    /// In words: "no such file", "it is not UTF-8 text"...
    public var reason: String
}

/// Finds and reads documents.
public enum DocumentLoader {
    /// The extensions `attn check` looks for inside folders.
    public static let extensions = ["attn", "md"]

    /// Reads `path` as a document.
    public static func load(_ path: String) -> Result<Document, LoadError> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(LoadError(path: path, reason: "no such file"))
        }
        if isDirectory.boolValue { return .failure(LoadError(path: path, reason: "it is a directory")) }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(LoadError(path: path, reason: "permission denied"))
        }
        guard String(data: data, encoding: .utf8) != nil else {
            return .failure(LoadError(path: path, reason: "it is not UTF-8 text"))
        }
        return .success(Document(path: path, bytes: Array(data)))
    }

    /// The files named by `paths`: files as given, folders searched
    /// recursively for `*.attn` and `*.md` (sorted, hidden entries skipped).
    /// A path that does not exist is kept, so that checking reports it.
    public static func expand(_ paths: [String]) -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                files.append(path)
                continue
            }
            var found: [String] = []
            let base = URL(fileURLWithPath: path)
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
