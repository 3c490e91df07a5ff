/// A JSON reader that remembers where every value is in the bytes it read.
///
/// Notebooks are JSON, and `attn fix` rewrites a failing cell's stored
/// output in place: it needs the byte span of each output string (and of the
/// array holding it) so that every other byte of the file, its indentation,
/// key order, escapes and trailing newline, stays as it was. Foundation's
/// `JSONSerialization` forgets all of that, so this reader keeps it.
///
/// The grammar is RFC 8259's, strictly: one value, surrounded by blanks; no
/// comments, no trailing commas, no single quotes, no NaN. A UTF-8 byte order
/// mark before the value is allowed (some editors write one). Strings are
/// decoded (escapes, surrogate pairs; a lone surrogate becomes U+FFFD, as
/// Python's `json` would keep it but Swift strings cannot hold it). Nesting
/// deeper than `maxDepth` is refused, so untrusted input cannot exhaust the
/// stack; every byte is looked at a fixed number of times.
struct JSONNode: Sendable {
    indirect enum Value: Sendable {
        /// Members in the order written (a key may repeat; lookups take the last, as Python does).
        case object([(key: String, value: JSONNode)])
        case array([JSONNode])
        case string(String)
        /// The number as written, and its value.
        case number(String, Double)
        case bool(Bool)
        case null
    }

    let value: Value
    /// Byte offsets of the value in the document, from its first byte (`{`,
    /// `[`, `"`, a digit...) to just past its last.
    let span: Range<Int>

    /// The member `key` of an object (the last one, when the key repeats).
    subscript(key: String) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        return members.last { $0.key == key }?.value
    }

    var string: String? {
        if case .string(let s) = value { return s }
        return nil
    }

    var array: [JSONNode]? {
        if case .array(let items) = value { return items }
        return nil
    }

    var int: Int? {
        guard case .number(_, let x) = value, x == x.rounded(), abs(x) < 1e15 else { return nil }
        return Int(x)
    }

    var isObject: Bool {
        if case .object = value { return true }
        return false
    }

    /// nbformat's multiline string: one string, or an array of strings to be
    /// joined. Nil for anything else.
    var multilineText: String? {
        if let s = string { return s }
        guard let items = array else { return nil }
        var out = ""
        for item in items {
            guard let s = item.string else { return nil }
            out += s
        }
        return out
    }
}

/// Why a JSON document could not be read, and where (a byte offset).
struct JSONError: Error, Sendable, Equatable {
    let message: String
    let offset: Int
}

/// Recursive descent over the bytes; `pos` is the next unread byte.
struct JSONReader {
    static let maxDepth = 512

    private let bytes: [UInt8]
    private var pos = 0

    /// Reads the one value `bytes` holds.
    static func read(_ bytes: [UInt8]) throws(JSONError) -> JSONNode {
        var reader = JSONReader(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.pos = 3 }
        reader.skipBlanks()
        let node = try reader.value(depth: 0)
        reader.skipBlanks()
        guard reader.pos == bytes.count else { throw JSONError(message: "unexpected text after the JSON value", offset: reader.pos) }
        return node
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    // value -> object | array | string | number | "true" | "false" | "null"
    private mutating func value(depth: Int) throws(JSONError) -> JSONNode {
        guard depth < Self.maxDepth else { throw JSONError(message: "nested too deeply", offset: pos) }
        guard pos < bytes.count else { throw JSONError(message: "expected a value, but the text ended", offset: pos) }
        let start = pos
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return JSONNode(value: .string(try string()), span: start..<pos)
        case UInt8(ascii: "t"): try word("true"); return JSONNode(value: .bool(true), span: start..<pos)
        case UInt8(ascii: "f"): try word("false"); return JSONNode(value: .bool(false), span: start..<pos)
        case UInt8(ascii: "n"): try word("null"); return JSONNode(value: .null, span: start..<pos)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw JSONError(message: "expected a value", offset: pos)
        }
    }

    // object -> "{" [ string ":" value { "," string ":" value } ] "}"
    private mutating func object(depth: Int) throws(JSONError) -> JSONNode {
        let start = pos
        pos += 1
        var members: [(key: String, value: JSONNode)] = []
        skipBlanks()
        if peek() == UInt8(ascii: "}") {
            pos += 1
            return JSONNode(value: .object(members), span: start..<pos)
        }
        while true {
            skipBlanks()
            guard peek() == UInt8(ascii: "\"") else { throw JSONError(message: "expected a key in quotes", offset: pos) }
            let key = try string()
            skipBlanks()
            guard peek() == UInt8(ascii: ":") else { throw JSONError(message: "expected ':' after a key", offset: pos) }
            pos += 1
            skipBlanks()
            members.append((key, try value(depth: depth + 1)))
            skipBlanks()
            switch peek() {
            case UInt8(ascii: ","): pos += 1
            case UInt8(ascii: "}"):
                pos += 1
                return JSONNode(value: .object(members), span: start..<pos)
            default: throw JSONError(message: "expected ',' or '}' in an object", offset: pos)
            }
        }
    }

    // array -> "[" [ value { "," value } ] "]"
    private mutating func array(depth: Int) throws(JSONError) -> JSONNode {
        let start = pos
        pos += 1
        var items: [JSONNode] = []
        skipBlanks()
        if peek() == UInt8(ascii: "]") {
            pos += 1
            return JSONNode(value: .array(items), span: start..<pos)
        }
        while true {
            skipBlanks()
            items.append(try value(depth: depth + 1))
            skipBlanks()
            switch peek() {
            case UInt8(ascii: ","): pos += 1
            case UInt8(ascii: "]"):
                pos += 1
                return JSONNode(value: .array(items), span: start..<pos)
            default: throw JSONError(message: "expected ',' or ']' in an array", offset: pos)
            }
        }
    }

    // string -> '"' { char | escape } '"'
    private mutating func string() throws(JSONError) -> String {
        let open = pos
        pos += 1
        var out: [UInt8] = []
        var runStart = pos
        while true {
            guard pos < bytes.count else { throw JSONError(message: "a string is never closed", offset: open) }
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                out += bytes[runStart..<pos]
                pos += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b < 0x20 { throw JSONError(message: "a control character inside a string", offset: pos) }
            guard b == UInt8(ascii: "\\") else {
                pos += 1
                continue
            }
            out += bytes[runStart..<pos]
            pos += 1
            guard pos < bytes.count else { throw JSONError(message: "a string is never closed", offset: open) }
            let e = bytes[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"): out += Array(String(try unicodeScalar()).utf8)
            default: throw JSONError(message: "unknown escape '\\\(Character(Unicode.Scalar(e)))'", offset: pos - 2)
            }
            runStart = pos
        }
    }

    /// The scalar of `\uXXXX` (after the `u`), joining a surrogate pair written
    /// as two escapes; a lone surrogate is U+FFFD.
    private mutating func unicodeScalar() throws(JSONError) -> Unicode.Scalar {
        guard let high = hex4() else {
            throw JSONError(message: "\\u needs four hexadecimal digits", offset: pos - 2)
        }
        if (0xD800..<0xDC00).contains(high), pos + 1 < bytes.count,
           bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") {
            let save = pos
            pos += 2
            if let low = hex4(), (0xDC00..<0xE000).contains(low) {
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}"
            }
            pos = save
        }
        return Unicode.Scalar(high) ?? "\u{FFFD}"
    }

    private mutating func hex4() -> UInt32? {
        guard pos + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for b in bytes[pos..<(pos + 4)] {
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        pos += 4
        return value
    }

    // number -> [ "-" ] int [ frac ] [ exp ]
    private mutating func number() throws(JSONError) -> JSONNode {
        let start = pos
        if peek() == UInt8(ascii: "-") { pos += 1 }
        let integerStart = pos
        let count = digits()
        guard count > 0 else { throw JSONError(message: "malformed number", offset: start) }
        if count > 1, bytes[integerStart] == UInt8(ascii: "0") {
            throw JSONError(message: "a number may not start with 0", offset: start)
        }
        if peek() == UInt8(ascii: ".") {
            pos += 1
            guard digits() > 0 else { throw JSONError(message: "malformed number", offset: start) }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            pos += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { pos += 1 }
            guard digits() > 0 else { throw JSONError(message: "malformed number", offset: start) }
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        return JSONNode(value: .number(text, Double(text) ?? .nan), span: start..<pos)
    }

    private mutating func digits() -> Int {
        let start = pos
        while pos < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[pos]) { pos += 1 }
        return pos - start
    }

    private mutating func word(_ w: StaticString) throws(JSONError) {
        let expected = UnsafeBufferPointer(start: w.utf8Start, count: w.utf8CodeUnitCount)
        guard pos + expected.count <= bytes.count, bytes[pos..<(pos + expected.count)].elementsEqual(expected) else {
            throw JSONError(message: "expected a value", offset: pos)
        }
        pos += expected.count
    }

    private func peek() -> UInt8? { pos < bytes.count ? bytes[pos] : nil }

    private mutating func skipBlanks() {
        while pos < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[pos]) { pos += 1 }
    }
}
