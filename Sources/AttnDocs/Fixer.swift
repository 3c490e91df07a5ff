import Foundation

/// Mends failing value claims in place: each is replaced by the actual value
/// as `ClaimWriter.rewrite` writes it (in the claim's style, at least six
/// significant digits), and every other byte of the file stays as it was.
public enum Fixer {
    /// `bytes` with each replacement's span swapped for its text. Spans must
    /// not overlap; a span that overlaps an earlier one is skipped.
    public static func apply(_ replacements: [Replacement], to bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var position = 0
        for r in replacements.sorted(by: { $0.span.lowerBound < $1.span.lowerBound })
        where r.span.lowerBound >= position && r.span.upperBound <= bytes.count {
            out += bytes[position..<r.span.lowerBound]
            out += Array(r.text.utf8)
            position = r.span.upperBound
        }
        out += bytes[position...]
        return out
    }

    /// `document`'s bytes with the replacements applied, or why they are
    /// not written: a notebook must still read as the same notebook (valid
    /// JSON, the same cells and outputs) after the rewrite, or nothing of it
    /// is written.
    public static func fixed(_ document: Document, _ replacements: [Replacement]) -> Result<[UInt8], FixRefusal> {
        let bytes = apply(replacements, to: document.bytes)
        guard document.format == .notebook else { return .success(bytes) }
        let again = Document(path: document.path, bytes: bytes, format: .notebook)
        if let problem = again.problem {
            return .failure(FixRefusal(message: "the rewritten notebook would not read back (\(problem)); nothing written"))
        }
        guard again.cells.count == document.cells.count, again.claims.count == document.claims.count else {
            return .failure(FixRefusal(message: "the rewritten notebook would not hold the same cells; nothing written"))
        }
        return .success(bytes)
    }

    /// Why `fixed` would not write a document.
    public struct FixRefusal: Error, Sendable {
        public let message: String
    }

    /// A unified diff (`--- a/PATH`, `+++ b/PATH`, `@@` hunks with three lines
    /// of context) of what `apply` would change; empty when nothing changes.
    public static func diff(path: String, original: [UInt8], replacements: [Replacement], context: Int = 3) -> String {
        let oldLines = lines(original)
        // Each replacement rewrites whole lines: [first, last] of the old file.
        var changes: [(first: Int, last: Int, new: [String])] = []
        for r in replacements.sorted(by: { $0.span.lowerBound < $1.span.lowerBound }) {
            guard let first = oldLines.lastIndex(where: { $0.start <= r.span.lowerBound }),
                  let last = oldLines.lastIndex(where: { $0.start <= max(r.span.lowerBound, r.span.upperBound - 1) }),
                  r.span.upperBound <= oldLines[last].end else { continue }
            let before = original[oldLines[first].start..<r.span.lowerBound]
            let after = original[r.span.upperBound..<oldLines[last].end]
            let rewritten = Array(before) + Array(r.text.utf8) + Array(after)
            var new = lines(rewritten).map { show(rewritten, $0) }
            var old = (first...last).map { show(original, oldLines[$0]) }
            if old == new { continue }
            // Lines the rewrite kept as they were (a notebook's unchanged
            // output lines) are context, not changes.
            var start = first, end = last
            while let a = old.first, let b = new.first, a == b, old.count > 1, new.count > 1 {
                old.removeFirst()
                new.removeFirst()
                start += 1
            }
            while let a = old.last, let b = new.last, a == b, old.count > 1, new.count > 1 {
                old.removeLast()
                new.removeLast()
                end -= 1
            }
            if let previous = changes.last, previous.last >= start { continue }
            changes.append((start, end, new))
        }
        guard !changes.isEmpty else { return "" }

        // As git writes it: a/ and b/ before the path, without doubling a leading slash.
        let shown = path.hasPrefix("/") ? String(path.dropFirst()) : path
        var out = "--- a/\(shown)\n+++ b/\(shown)\n"
        var k = 0
        var shift = 0  // new-file lines minus old-file lines before the current hunk
        while k < changes.count {
            // Group changes whose context windows touch into one hunk.
            var end = k
            while end + 1 < changes.count, changes[end + 1].first - changes[end].last - 1 <= 2 * context { end += 1 }
            let start = max(0, changes[k].first - context)
            let stop = min(oldLines.count - 1, changes[end].last + context)
            var body: [String] = []
            var oldCount = 0, newCount = 0
            var line = start
            for c in changes[k...end] {
                while line < c.first { body.append(" " + show(original, oldLines[line])); line += 1; oldCount += 1; newCount += 1 }
                for n in c.first...c.last { body.append("-" + show(original, oldLines[n])); oldCount += 1 }
                for text in c.new { body.append("+" + text); newCount += 1 }
                line = c.last + 1
            }
            while line <= stop { body.append(" " + show(original, oldLines[line])); line += 1; oldCount += 1; newCount += 1 }
            out += "@@ -\(start + 1),\(oldCount) +\(start + 1 + shift),\(newCount) @@\n"
            out += body.joined(separator: "\n") + "\n"
            shift += newCount - oldCount
            k = end + 1
        }
        return out
    }

    private static func lines(_ bytes: [UInt8]) -> [DocumentLine] {
        DocumentScanner(path: "", bytes: bytes).lines
    }

    private static func show(_ bytes: [UInt8], _ line: DocumentLine) -> String {
        String(decoding: bytes[line.start..<line.contentEnd], as: UTF8.self)
    }
}
