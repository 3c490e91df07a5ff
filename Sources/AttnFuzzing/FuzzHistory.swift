import AttnShell
import Foundation

/// The shell's history file: the bytes written as the file and loaded; then
/// every entry loaded is appended to a new file, which must load back as
/// the same entries (the escaping of line breaks, backslashes and NULs
/// round-trips).
public enum FuzzHistory {
    public static func history(_ bytes: [UInt8]) -> [String] {
        let path = (FuzzLimits.scratch as NSString).appendingPathComponent("history")
        let copy = path + ".again"
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: copy)
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return [] }
        let (entries, _) = HistoryStore(path: path).load()
        let again = HistoryStore(path: copy, cap: max(1, entries.count))
        for entry in entries where again.append(entry) != nil { return [] }
        let reloaded = again.load().entries
        let kept = entries.filter { !$0.isEmpty }
        if reloaded != kept {
            return ["history entries appended and loaded again differ: \(kept.count) written, \(reloaded.count) read"]
        }
        return []
    }
}
