// The terminal-independent parts of the line editor: completion planning,
// candidate listing and bracketed-paste parsing. They live apart from the
// libedit wrapper so unit tests can check them without a terminal.

/// What a completion callback offers for the word at the cursor.
///
/// Offsets count Unicode scalars (not `Character`s and not bytes) because
/// that is how libedit's wide-character buffer indexes the line; a caller
/// with a `String.Index` converts with
/// `line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: index)`.
public struct Completion: Equatable, Sendable {
    /// Full replacements for the text in `replacing`, in the order to list them.
    public var candidates: [String]
    /// The part of the line the candidates replace, usually the partial word
    /// that ends at the cursor.
    public var replacing: Range<Int>

    public init(candidates: [String], replacing: Range<Int>) {
        self.candidates = candidates
        self.replacing = replacing
    }

    /// No candidates: the editor beeps and leaves the line alone.
    public static func none(at cursor: Int) -> Completion {
        Completion(candidates: [], replacing: cursor..<cursor)
    }
}

/// A change to make to the edit buffer: replace the scalars in `range` by `text`.
struct LineEdit: Equatable {
    var range: Range<Int>
    var text: String
}

/// What the editor does after asking the completer: possibly edit the line,
/// possibly list the candidates below it, and beep when nothing useful happened.
struct CompletionPlan: Equatable {
    var edit: LineEdit?
    var listing: [String]?
    var beep: Bool
}

/// Pure helpers behind `LineEditor`, exposed to the tests through `@testable import`.
enum LineEditing {
    /// The longest string, in whole `Character`s, that starts every element.
    /// Comparing by `Character` keeps combining marks with their base letter,
    /// so completion never inserts half of a grapheme.
    static func commonPrefix(_ strings: [String]) -> String {
        guard var prefix = strings.first else { return "" }
        for string in strings.dropFirst() {
            var common = ""
            var left = prefix.makeIterator()
            var right = string.makeIterator()
            while let a = left.next(), let b = right.next(), a == b {
                common.append(a)
            }
            prefix = common
            if prefix.isEmpty { break }
        }
        return prefix
    }

    /// Decides how to apply `completion` to `line`, like bash: one candidate
    /// replaces the word; several insert their common prefix (only when that
    /// extends what is typed, so a fuzzy or case-insensitive completer never
    /// deletes the user's text) and are listed below the prompt.
    /// An out-of-range `replacing` is treated as no completion.
    static func plan(line: String, cursor: Int, completion: Completion) -> CompletionPlan {
        let scalars = Array(line.unicodeScalars)
        let range = completion.replacing
        guard range.lowerBound >= 0, range.upperBound <= scalars.count else {
            return CompletionPlan(edit: nil, listing: nil, beep: true)
        }
        var seen = Set<String>()
        let candidates = completion.candidates.filter { seen.insert($0).inserted }
        let typed = String(String.UnicodeScalarView(scalars[range]))
        switch candidates.count {
        case 0:
            return CompletionPlan(edit: nil, listing: nil, beep: true)
        case 1:
            let only = candidates[0]
            if only == typed { return CompletionPlan(edit: nil, listing: nil, beep: false) }
            return CompletionPlan(edit: LineEdit(range: range, text: only), listing: nil, beep: false)
        default:
            let prefix = commonPrefix(candidates)
            let extendsTyped = prefix.unicodeScalars.count > typed.unicodeScalars.count
                && prefix.unicodeScalars.starts(with: typed.unicodeScalars)
            let edit = extendsTyped ? LineEdit(range: range, text: prefix) : nil
            return CompletionPlan(edit: edit, listing: candidates, beep: false)
        }
    }

    /// Lays `items` out in columns that fit `width` terminal cells, filled
    /// top to bottom then left to right like `ls` and bash, and returns the
    /// rows without trailing spaces. Widths count `Character`s, which is
    /// right for the ASCII identifiers the shell completes and only
    /// approximate for wide (East Asian) characters. More than `maxItems`
    /// items are cut, with a last row saying how many were left out, so a
    /// completion of everything cannot flood the screen.
    static func formatColumns(_ items: [String], width: Int, maxItems: Int = 300) -> [String] {
        guard !items.isEmpty else { return [] }
        let shown = Array(items.prefix(max(1, maxItems)))
        let gap = 2
        let longest = shown.map(\.count).max() ?? 0
        let columnWidth = longest + gap
        let columns = max(1, min(shown.count, (max(width, 1) + gap) / columnWidth))
        let rows = (shown.count + columns - 1) / columns
        var lines: [String] = []
        for row in 0..<rows {
            var line = ""
            for column in 0..<columns {
                let index = column * rows + row
                guard index < shown.count else { break }
                let item = shown[index]
                line += item
                let isLast = column == columns - 1 || (column + 1) * rows + row >= shown.count
                if !isLast { line += String(repeating: " ", count: columnWidth - item.count) }
            }
            lines.append(line)
        }
        if items.count > shown.count {
            lines.append("… and \(items.count - shown.count) more")
        }
        return lines
    }

    /// The sequence a terminal sends before pasted text in bracketed-paste mode.
    static let pasteStart = "\u{1B}[200~"
    /// The sequence a terminal sends after pasted text in bracketed-paste mode.
    static let pasteEnd = "\u{1B}[201~"

    /// Text pasted in bracketed-paste mode, normalised: invalid UTF-8 becomes
    /// U+FFFD, and CR LF or a lone CR (terminals send Return as CR, and the
    /// tty may or may not have translated it) becomes LF.
    static func normalizePaste(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        var out = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                out.append("\n")
                previousWasCR = true
                continue
            }
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            out.append(scalar)
        }
        return String(out)
    }

    /// What a paste does to the line being edited.
    enum PasteOutcome: Equatable {
        /// Text without a line break: insert it at the cursor and keep editing,
        /// as every terminal shell does.
        case insert(String)
        /// Text with line breaks: the whole block, the text typed before and
        /// after the cursor included, goes to the caller at once.
        case block([String])
    }

    /// Combines pasted text with the text already typed around the cursor.
    /// A single trailing line break of the paste does not make an extra
    /// empty line, since copying a whole line usually copies its newline too.
    static func pasteOutcome(before: String, pasted: String, after: String) -> PasteOutcome {
        guard pasted.unicodeScalars.contains("\n") else { return .insert(pasted) }
        var lines = (before + pasted + after)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        if after.isEmpty, pasted.unicodeScalars.last == "\n", lines.count > 1, lines.last == "" {
            lines.removeLast()
        }
        return .block(lines)
    }
}

/// Collects the bytes of a bracketed paste up to the end marker `ESC [201~`.
///
/// `maxReadSize` tells how many bytes may be read next without reading past
/// the end marker: the marker cannot end sooner than that, so whatever
/// follows the paste (keys typed right after it) stays in the terminal for
/// libedit to read normally. The end marker contains no repeated prefix, so a
/// failed partial match only needs to restart at the current byte.
struct PasteCollector {
    private static let marker = Array(LineEditing.pasteEnd.utf8)

    /// The pasted bytes so far, without the end marker.
    private(set) var content: [UInt8] = []
    /// True once the whole end marker has been seen.
    private(set) var isComplete = false
    /// How many bytes of the end marker the input currently ends with.
    private var matched = 0

    /// The most bytes the next read may ask for; 0 once complete.
    var maxReadSize: Int { isComplete ? 0 : Self.marker.count - matched }

    /// Feeds bytes in. Bytes after a completed marker are returned (the
    /// reader should never produce any when it honours `maxReadSize`).
    mutating func consume<S: Sequence>(_ bytes: S) -> [UInt8] where S.Element == UInt8 {
        var leftover: [UInt8] = []
        for byte in bytes {
            if isComplete {
                leftover.append(byte)
                continue
            }
            if byte == Self.marker[matched] {
                matched += 1
                if matched == Self.marker.count { isComplete = true }
                continue
            }
            content.append(contentsOf: Self.marker[0..<matched])
            matched = 0
            if byte == Self.marker[0] {
                matched = 1
            } else {
                content.append(byte)
            }
        }
        return leftover
    }

    /// Gives up waiting for the end marker: whatever partial match was held
    /// back becomes content again.
    mutating func finishIncomplete() {
        guard !isComplete else { return }
        content.append(contentsOf: Self.marker[0..<matched])
        matched = 0
        isComplete = true
    }
}
