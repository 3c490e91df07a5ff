import AttnCore

/// A piece of attn source text with a name for messages (a file path,
/// `<command line>`, `<stdin>`...).
public struct SourceFile: Sendable {
    public let name: String
    public let text: String
    /// The text as UTF-8 bytes; ranges are byte offsets into it.
    let bytes: [UInt8]
    /// Byte offset at which each line starts (line 1 at index 0).
    let lineStarts: [Int]
    /// The line number (1-based) of this file's first line, when the text is
    /// a fragment of a larger document (a Markdown fence, say).
    public let firstLine: Int

    /// A lone carriage return (old Mac line endings) is read as a line
    /// break; the replacement keeps every byte offset, so ranges still point
    /// into the original text.
    public init(name: String, text: String, firstLine: Int = 1) {
        var bytes = Array(text.utf8)
        var changed = false
        for i in bytes.indices where bytes[i] == UInt8(ascii: "\r") && (i + 1 == bytes.count || bytes[i + 1] != UInt8(ascii: "\n")) {
            bytes[i] = UInt8(ascii: "\n")
            changed = true
        }
        self.name = name
        self.text = changed ? String(decoding: bytes, as: UTF8.self) : text
        self.firstLine = firstLine
        self.bytes = bytes
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        lineStarts = starts
    }

    /// The 1-based line and column (in characters) of a byte offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let clamped = min(max(offset, 0), bytes.count)
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= clamped { lo = mid } else { hi = mid - 1 }
        }
        let start = lineStarts[lo]
        let prefix = String(decoding: bytes[start..<clamped], as: UTF8.self)
        return (lo + firstLine, prefix.count + 1)
    }

    /// The text of the line containing `offset`, without its newline.
    public func lineText(containing offset: Int) -> String {
        let (line, _) = location(of: offset)
        let index = line - firstLine
        guard index >= 0 && index < lineStarts.count else { return "" }
        let start = lineStarts[index]
        var end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
        if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// The source text of a range.
    public func text(of range: SourceRange) -> String {
        let lo = min(max(range.start, 0), bytes.count)
        let hi = min(max(range.end, lo), bytes.count)
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}

/// A half-open range of byte offsets into a `SourceFile`.
public struct SourceRange: Equatable, Hashable, Sendable {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// The smallest range covering both.
    public func joined(_ other: SourceRange) -> SourceRange {
        SourceRange(min(start, other.start), max(end, other.end))
    }
}

/// An error in the user's program, always with the place it refers to.
public struct Diagnostic: Error, Sendable {
    public enum Kind: Sendable, Equatable {
        /// A real error.
        case error
        /// The input ended inside an unfinished construct; a shell asks for
        /// another line instead of reporting it.
        case incompleteInput
        /// The work was stopped on request (Ctrl-C, or a time limit: see
        /// `Interrupt.reason`). Not a mistake in the program: a run that
        /// meets it stops, even one that goes on after errors.
        case interrupted
        /// The program needs a construct, function or module that attn does
        /// not run yet (a dialect's gap, not the program's mistake); the
        /// message names it. The document checker reports the claims that
        /// depend on it as `unsupported`, not failed.
        case unsupported
    }

    public var kind: Kind
    public var message: String
    public var range: SourceRange
    /// Extra lines shown after the caret (a hint, a suggestion).
    public var notes: [String]
    /// The source the range points into, when it is not the one being run
    /// (an error inside a function defined on an earlier shell line).
    public var source: SourceFile?

    public init(_ message: String, at range: SourceRange, kind: Kind = .error, notes: [String] = []) {
        self.kind = kind
        self.message = message
        self.range = range
        self.notes = notes
    }

    /// A core operation's refusal at `range`; a stop request becomes an
    /// `.interrupted` diagnostic. `prefix` names the operation ("softmax")
    /// unless the message already starts with it.
    public init(_ error: CoreError, at range: SourceRange, prefix: String? = nil, notes: [String] = []) {
        if error == .interrupted {
            self.init(Diagnostic.interruptedMessage, at: range, kind: .interrupted)
            return
        }
        var message = error.message
        if let prefix, !message.hasPrefix(prefix) { message = "\(prefix): \(message)" }
        self.init(message, at: range, notes: notes)
    }

    /// The message of every `.interrupted` diagnostic.
    public static let interruptedMessage = "interrupted"

    /// A stop request pending now, as a diagnostic at `range`.
    public static func checkInterrupt(at range: SourceRange) throws(Diagnostic) {
        if Interrupt.isRequested { throw Diagnostic(.interrupted, at: range) }
    }
}
