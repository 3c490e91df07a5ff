import AttnLang
import Foundation

/// Tab completion from the builtins table and the session: builtin and
/// variable names, named arguments inside a call (`attend(Q, K, V, he` →
/// `heads:`), meta-commands after `:`, and file names inside a string.
/// Offsets count Unicode scalars, as the line editor does.
public struct Completer {
    public let session: Session

    public init(session: Session) {
        self.session = session
    }

    /// Candidates for the word that ends at `cursor` in `line`; `context`
    /// holds the earlier lines of an unfinished entry.
    public func complete(line: String, cursor: Int, context: [String] = []) -> Completion {
        let scalars = Array(line.unicodeScalars)
        let cursor = min(max(cursor, 0), scalars.count)
        let before = scalars[..<cursor]
        let earlier = context.isEmpty ? [] : Array((context.joined(separator: "\n") + "\n").unicodeScalars)

        // A meta-command name at the start of the line.
        if let first = before.first(where: { !$0.properties.isWhitespace }), first == ":" {
            let start = before.firstIndex(of: ":") ?? 0
            let word = String(String.UnicodeScalarView(before[start...]))
            if !word.contains(" ") {
                return Completion(candidates: Shell.metaCommandNames.filter { $0.hasPrefix(word) }, replacing: start..<cursor)
            }
            // :load and :save take file names.
            if word.hasPrefix(":load ") || word.hasPrefix(":save ") {
                let pathStart = start + word.prefix { $0 != " " }.unicodeScalars.count + 1
                return files(prefix: String(String.UnicodeScalarView(scalars[pathStart..<cursor])), start: pathStart, cursor: cursor)
            }
        }

        // Inside a string literal: a file name.
        if let quote = Completer.openQuote(before) {
            let prefix = String(String.UnicodeScalarView(scalars[(quote + 1)..<cursor]))
            return files(prefix: prefix, start: quote + 1, cursor: cursor)
        }

        // The identifier that ends at the cursor.
        var start = cursor
        while start > 0, Completer.isIdentifier(scalars[start - 1]) { start -= 1 }
        let prefix = String(String.UnicodeScalarView(scalars[start..<cursor]))
        if let first = prefix.unicodeScalars.first, first.properties.numericType != nil { return .none(at: cursor) }

        var candidates: [String] = []
        // Inside a builtin's call: its named arguments come first.
        let lead = earlier + Array(before[..<start])
        if let callee = Completer.enclosingCall(lead), let builtin = Builtins.table[callee] {
            let given = Completer.namedArgumentsGiven(lead)
            for p in builtin.parameters where p.name.hasPrefix(prefix) && !given.contains(p.name) {
                if p.kind == .named || builtin.variadic != nil || !prefix.isEmpty { candidates.append(p.name + ":") }
            }
        }
        // A typed prefix that names an argument of the call completes to it alone.
        if !prefix.isEmpty && !candidates.isEmpty { return Completion(candidates: candidates, replacing: start..<cursor) }
        guard !prefix.isEmpty || !candidates.isEmpty else { return .none(at: cursor) }
        let names = session.interpreter.globals.allNames.filter { $0 != "_" } + Builtins.all.map(\.name)
            + Constant.all.map(\.name) + Keyword.allCases.map(\.rawValue)
        var seen = Set(candidates)
        for name in names where name.hasPrefix(prefix) && !seen.contains(name) {
            seen.insert(name)
            candidates.append(name)
        }
        return Completion(candidates: candidates, replacing: start..<cursor)
    }

    static func isIdentifier(_ s: Unicode.Scalar) -> Bool {
        s == "_" || (s.isASCII && (s.properties.isAlphabetic || s.properties.numericType != nil))
    }

    /// The offset of the `"` that opens a string still open at the end of `text`.
    static func openQuote(_ text: ArraySlice<Unicode.Scalar>) -> Int? {
        var open: Int?
        var escaped = false
        for (i, s) in zip(text.indices, text) {
            if escaped { escaped = false; continue }
            if s == "\\" && open != nil { escaped = true; continue }
            if s == "\"" { open = open == nil ? i : nil }
        }
        return open
    }

    /// The offset of the innermost `(` still open at the end of `text`;
    /// brackets inside string literals do not count, and an open `[` inside
    /// the call (a list being typed as an argument) is looked through.
    static func openCall(_ text: [Unicode.Scalar]) -> Int? {
        var open: [(scalar: Unicode.Scalar, offset: Int)] = []
        var inString = false
        var escaped = false
        for (i, s) in text.enumerated() {
            if inString {
                if escaped { escaped = false } else if s == "\\" { escaped = true } else if s == "\"" { inString = false }
                continue
            }
            switch s {
            case "\"": inString = true
            case "(", "[": open.append((s, i))
            case ")": if let k = open.lastIndex(where: { $0.scalar == "(" }) { open.removeSubrange(k...) }
            case "]": if open.last?.scalar == "[" { open.removeLast() }
            default: break
            }
        }
        return open.last(where: { $0.scalar == "(" })?.offset
    }

    /// The name before the innermost `(` still open in `text`.
    static func enclosingCall(_ text: [Unicode.Scalar]) -> String? {
        guard let paren = openCall(text) else { return nil }
        var end = paren
        while end > 0 && text[end - 1] == " " { end -= 1 }
        var start = end
        while start > 0 && isIdentifier(text[start - 1]) { start -= 1 }
        return start < end ? String(String.UnicodeScalarView(text[start..<end])) : nil
    }

    /// Named arguments already written in the innermost open call: each
    /// argument (split at the call's own commas, not at commas nested in
    /// brackets or strings) that starts with `name:`.
    static func namedArgumentsGiven(_ text: [Unicode.Scalar]) -> Set<String> {
        guard let paren = openCall(text) else { return [] }
        var arguments: [[Unicode.Scalar]] = [[]]
        var depth = 0
        var inString = false
        var escaped = false
        for s in text[(paren + 1)...] {
            if inString {
                if escaped { escaped = false } else if s == "\\" { escaped = true } else if s == "\"" { inString = false }
            } else if s == "\"" {
                inString = true
            } else if s == "(" || s == "[" {
                depth += 1
            } else if s == ")" || s == "]" {
                depth = max(0, depth - 1)
            } else if s == "," && depth == 0 {
                arguments.append([])
                continue
            }
            arguments[arguments.count - 1].append(s)
        }
        var names = Set<String>()
        for argument in arguments {
            let scalars = argument.drop { $0.properties.isWhitespace }
            let name = scalars.prefix { isIdentifier($0) }
            guard !name.isEmpty, name.first?.properties.numericType == nil else { continue }
            if scalars.dropFirst(name.count).first(where: { !$0.properties.isWhitespace }) == ":" {
                names.insert(String(String.UnicodeScalarView(name)))
            }
        }
        return names
    }

    /// File names that complete `prefix` (a path typed so far).
    func files(prefix: String, start: Int, cursor: Int) -> Completion {
        let expanded = prefix.hasPrefix("~/") ? NSHomeDirectory() + prefix.dropFirst() : prefix
        let directory = expanded.contains("/") ? String(expanded[...(expanded.lastIndex(of: "/") ?? expanded.startIndex)]) : ""
        let namePrefix = expanded.contains("/") ? String(expanded[expanded.index(after: expanded.lastIndex(of: "/") ?? expanded.startIndex)...]) : expanded
        let typedDirectory = prefix.contains("/") ? String(prefix[...(prefix.lastIndex(of: "/") ?? prefix.startIndex)]) : ""
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory) else {
            return .none(at: cursor)
        }
        var candidates: [String] = []
        for entry in entries.sorted() where entry.hasPrefix(namePrefix) && (!entry.hasPrefix(".") || namePrefix.hasPrefix(".")) {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (directory.isEmpty ? "" : directory) + entry, isDirectory: &isDirectory)
            candidates.append(typedDirectory + entry + (isDirectory.boolValue ? "/" : ""))
        }
        return Completion(candidates: candidates, replacing: start..<cursor)
    }
}
