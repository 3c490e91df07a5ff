import AttnCore
import AttnLang
import Foundation

/// str's methods. Positions count Unicode scalars (Python's code points).
extension PyMethods {
    static let strMethods: [String: Body] = [
        "join": { v, args, py throws(PyError) in
            try args.exactly(1, "join")
            let items = try py.materialize(args.positional[0])
            var parts: [String] = []
            parts.reserveCapacity(items.count)
            for (n, item) in items.enumerated() {
                guard case .str(let s) = item else {
                    throw PyError.type("sequence item \(n): expected str instance, \(item.typeName) found")
                }
                parts.append(s)
            }
            let joined = parts.joined(separator: text(v))
            try PyInterpreter.checkLength(joined.unicodeScalars.count, "str")
            return .str(joined)
        },
        "split": { v, args, _ throws(PyError) in try split(text(v), args, "split", fromRight: false) },
        "rsplit": { v, args, _ throws(PyError) in try split(text(v), args, "rsplit", fromRight: true) },
        "strip": { v, args, _ throws(PyError) in try strip(text(v), args, "strip", left: true, right: true) },
        "lstrip": { v, args, _ throws(PyError) in try strip(text(v), args, "lstrip", left: true, right: false) },
        "rstrip": { v, args, _ throws(PyError) in try strip(text(v), args, "rstrip", left: false, right: true) },
        "upper": { v, args, _ throws(PyError) in try args.exactly(0, "upper"); return .str(text(v).uppercased()) },
        "lower": { v, args, _ throws(PyError) in try args.exactly(0, "lower"); return .str(text(v).lowercased()) },
        "casefold": { v, args, _ throws(PyError) in try args.exactly(0, "casefold"); return .str(text(v).lowercased()) },
        "title": { v, args, _ throws(PyError) in try args.exactly(0, "title"); return .str(title(text(v))) },
        "capitalize": { v, args, _ throws(PyError) in
            try args.exactly(0, "capitalize")
            let s = text(v)
            guard let first = s.first else { return .str("") }
            return .str(String(first).uppercased() + s.dropFirst().lowercased())
        },
        "swapcase": { v, args, _ throws(PyError) in
            try args.exactly(0, "swapcase")
            return .str(String(text(v).map { $0.isUppercase ? Character($0.lowercased()) : $0.isLowercase ? Character($0.uppercased()) : $0 }))
        },
        "replace": { v, args, _ throws(PyError) in
            let a = try args.bind("replace", ["old", "new", "count"], required: 2, positionalOnly: 3)
            let old = try string(a[0], "replace", 1), new = try string(a[1], "replace", 2)
            let count = a[2]?.asIndex ?? -1
            let s = Array(text(v).unicodeScalars), o = Array(old.unicodeScalars), n = Array(new.unicodeScalars)
            var out: [Unicode.Scalar] = []
            var i = 0, done: Int64 = 0
            if o.isEmpty {
                // Python inserts `new` between every character (and at both ends).
                for c in s {
                    if count < 0 || done < count { out += n; done += 1 }
                    out.append(c)
                }
                if count < 0 || done < count { out += n }
            } else {
                while i < s.count {
                    if (count < 0 || done < count), i + o.count <= s.count, s[i..<(i + o.count)].elementsEqual(o) {
                        out += n
                        i += o.count
                        done += 1
                    } else {
                        out.append(s[i])
                        i += 1
                    }
                }
            }
            try PyInterpreter.checkLength(out.count, "str")
            return .str(scalarsString(out))
        },
        "startswith": { v, args, _ throws(PyError) in try affix(text(v), args, "startswith", prefix: true) },
        "endswith": { v, args, _ throws(PyError) in try affix(text(v), args, "endswith", prefix: false) },
        "find": { v, args, _ throws(PyError) in .int(Int64(try find(text(v), args, "find", last: false) ?? -1)) },
        "rfind": { v, args, _ throws(PyError) in .int(Int64(try find(text(v), args, "rfind", last: true) ?? -1)) },
        "index": { v, args, _ throws(PyError) in
            guard let i = try find(text(v), args, "index", last: false) else { throw PyError.value("substring not found") }
            return .int(Int64(i))
        },
        "rindex": { v, args, _ throws(PyError) in
            guard let i = try find(text(v), args, "rindex", last: true) else { throw PyError.value("substring not found") }
            return .int(Int64(i))
        },
        "count": { v, args, _ throws(PyError) in
            let a = try args.bind("count", ["sub", "start", "end"], required: 1, positionalOnly: 3)
            let s = Array(text(v).unicodeScalars), sub = Array(try string(a[0], "count", 1).unicodeScalars)
            let (lo, hi) = bounds(a[1], a[2], s.count)
            if sub.isEmpty { return .int(Int64(max(0, hi - lo + 1))) }
            var i = lo, n: Int64 = 0
            while i + sub.count <= hi {
                if s[i..<(i + sub.count)].elementsEqual(sub) { n += 1; i += sub.count } else { i += 1 }
            }
            return .int(n)
        },
        "format": { v, args, py throws(PyError) in .str(try py.formatTemplate(text(v), args)) },
        "isdigit": { v, args, _ throws(PyError) in try predicate(v, args, "isdigit") { $0.properties.numericType == .digit || $0.properties.numericType == .decimal } },
        "isdecimal": { v, args, _ throws(PyError) in try predicate(v, args, "isdecimal") { $0.properties.numericType == .decimal } },
        "isnumeric": { v, args, _ throws(PyError) in try predicate(v, args, "isnumeric") { $0.properties.numericType != nil } },
        "isalpha": { v, args, _ throws(PyError) in try predicate(v, args, "isalpha") { $0.properties.isAlphabetic } },
        "isalnum": { v, args, _ throws(PyError) in try predicate(v, args, "isalnum") { $0.properties.isAlphabetic || $0.properties.numericType != nil } },
        "isprintable": { v, args, _ throws(PyError) in
            try args.exactly(0, "isprintable")
            return .bool(PyFormat.isPrintable(text(v)))
        },
        "isspace": { v, args, _ throws(PyError) in try predicate(v, args, "isspace") { isSpace($0) } },
        "isupper": { v, args, _ throws(PyError) in
            try args.exactly(0, "isupper")
            let s = text(v)
            return .bool(s.contains { $0.isUppercase } && !s.contains { $0.isLowercase })
        },
        "islower": { v, args, _ throws(PyError) in
            try args.exactly(0, "islower")
            let s = text(v)
            return .bool(s.contains { $0.isLowercase } && !s.contains { $0.isUppercase })
        },
        "isidentifier": { v, args, _ throws(PyError) in
            try args.exactly(0, "isidentifier")
            let s = text(v)
            guard let first = s.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return .bool(false) }
            return .bool(s.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || $0.properties.numericType != nil })
        },
        "center": { v, args, _ throws(PyError) in try justify(text(v), args, "center") },
        "ljust": { v, args, _ throws(PyError) in try justify(text(v), args, "ljust") },
        "rjust": { v, args, _ throws(PyError) in try justify(text(v), args, "rjust") },
        "zfill": { v, args, _ throws(PyError) in
            try args.exactly(1, "zfill")
            guard let width = args.positional[0].asIndex else { throw PyError.type("'\(args.positional[0].typeName)' object cannot be interpreted as an integer") }
            var s = Array(text(v).unicodeScalars)
            let fill = Int(width) - s.count
            guard fill > 0 else { return v }
            try PyInterpreter.checkLength(Int(width), "str")
            let signed = s.first == "+" || s.first == "-"
            s.insert(contentsOf: Array(repeating: Unicode.Scalar("0"), count: fill), at: signed ? 1 : 0)
            return .str(scalarsString(s))
        },
        "splitlines": { v, args, py throws(PyError) in
            let a = try args.bind("splitlines", ["keepends"])
            let keep = try a[0].map { (x: PyValue) throws(PyError) in try py.truthy(x) } ?? false
            var lines: [PyValue] = []
            var current: [Unicode.Scalar] = []
            let s = Array(text(v).unicodeScalars)
            var i = 0
            while i < s.count {
                let c = s[i]
                if ["\n", "\r", "\u{0B}", "\u{0C}", "\u{1C}", "\u{1D}", "\u{1E}", "\u{85}", "\u{2028}", "\u{2029}"].contains(c) {
                    var end = [c]
                    if c == "\r", i + 1 < s.count, s[i + 1] == "\n" { end.append("\n"); i += 1 }
                    lines.append(.str(scalarsString(current + (keep ? end : []))))
                    current = []
                } else {
                    current.append(c)
                }
                i += 1
            }
            if !current.isEmpty { lines.append(.str(scalarsString(current))) }
            return .list(PyList(lines))
        },
        "partition": { v, args, _ throws(PyError) in try partition(text(v), args, "partition", last: false) },
        "rpartition": { v, args, _ throws(PyError) in try partition(text(v), args, "rpartition", last: true) },
        "removeprefix": { v, args, _ throws(PyError) in
            try args.exactly(1, "removeprefix")
            let p = try string(args.positional[0], "removeprefix", 1), s = text(v)
            return .str(s.unicodeScalars.starts(with: p.unicodeScalars) ? scalarsString(Array(s.unicodeScalars.dropFirst(p.unicodeScalars.count))) : s)
        },
        "removesuffix": { v, args, _ throws(PyError) in
            try args.exactly(1, "removesuffix")
            let p = try string(args.positional[0], "removesuffix", 1), s = text(v)
            let scalars = Array(s.unicodeScalars), suffix = Array(p.unicodeScalars)
            guard !suffix.isEmpty, scalars.count >= suffix.count, scalars.suffix(suffix.count).elementsEqual(suffix) else { return .str(s) }
            return .str(scalarsString(Array(scalars.dropLast(suffix.count))))
        },
        "encode": { _, _, _ throws(PyError) in
            throw PyError.unsupported("str.encode() is not supported: attn's Python dialect has no bytes")
        },
        "expandtabs": { v, args, _ throws(PyError) in
            let a = try args.bind("expandtabs", ["tabsize"])
            let size = Int(a[0]?.asIndex ?? 8)
            var out = "", column = 0
            for c in text(v) {
                if c == "\t" {
                    let n = size > 0 ? size - column % size : 0
                    out += String(repeating: " ", count: n)
                    column += n
                } else {
                    out.append(c)
                    column = c == "\n" || c == "\r" ? 0 : column + 1
                }
            }
            return .str(out)
        },
    ]

    private static func text(_ v: PyValue) -> String {
        if case .str(let s) = v { return s }
        return ""
    }

    static func scalarsString<S: Sequence>(_ scalars: S) -> String where S.Element == Unicode.Scalar {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// A str argument, or CPython's TypeError for the method.
    private static func string(_ v: PyValue?, _ method: String, _ position: Int) throws(PyError) -> String {
        guard case .str(let s)? = v else {
            throw PyError.type("\(method)() argument \(position) must be str, not \(v?.typeName ?? "NoneType")")
        }
        return s
    }

    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c.properties.isWhitespace || (0x1C...0x1F).contains(c.value)
    }

    private static func predicate(_ v: PyValue, _ args: PyArgs, _ name: String, _ test: (Unicode.Scalar) -> Bool) throws(PyError) -> PyValue {
        try args.exactly(0, name)
        let s = text(v)
        return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy(test))
    }

    private static func title(_ s: String) -> String {
        var out = ""
        var previousCased = false
        for c in s {
            out += previousCased ? c.lowercased() : c.uppercased()
            previousCased = c.isLetter
        }
        return out
    }

    /// Slice-like bounds `start`/`end` of a str method, clamped.
    private static func bounds(_ start: PyValue?, _ end: PyValue?, _ n: Int) -> (Int, Int) {
        func clamp(_ v: PyValue?, _ dflt: Int) -> Int {
            guard let v, let i = v.asIndex else { return dflt }
            let r = i < 0 ? Int(i) + n : Int(clamping: i)
            return min(max(r, 0), n)
        }
        return (clamp(start, 0), clamp(end, n))
    }

    private static func split(_ s: String, _ args: PyArgs, _ name: String, fromRight: Bool) throws(PyError) -> PyValue {
        let a = try args.bind(name, ["sep", "maxsplit"])
        let limit = a[1]?.asIndex ?? -1
        let scalars = Array(s.unicodeScalars)
        var parts: [[Unicode.Scalar]] = []
        if a[0] == nil || a[0]?.isNone == true {
            // Runs of whitespace, none at the ends.
            var words: [(Int, Int)] = []
            var i = 0
            while i < scalars.count {
                while i < scalars.count && isSpace(scalars[i]) { i += 1 }
                guard i < scalars.count else { break }
                let start = i
                while i < scalars.count && !isSpace(scalars[i]) { i += 1 }
                words.append((start, i))
            }
            if limit >= 0 && words.count > Int(limit) + 1 {
                if fromRight {
                    let keep = words.suffix(Int(limit))
                    let headEnd = keep.first.map { $0.0 } ?? scalars.count
                    var head = Array(scalars[..<headEnd])
                    while let last = head.last, isSpace(last) { head.removeLast() }
                    parts = [head] + keep.map { Array(scalars[$0.0..<$0.1]) }
                } else {
                    let first = words.prefix(Int(limit))
                    var tail = Array(scalars[(words[Int(limit)].0)...])
                    while let last = tail.last, isSpace(last) { tail.removeLast() }
                    parts = first.map { Array(scalars[$0.0..<$0.1]) } + [tail]
                }
            } else {
                parts = words.map { Array(scalars[$0.0..<$0.1]) }
            }
        } else {
            let sep = Array(try string(a[0], name, 1).unicodeScalars)
            guard !sep.isEmpty else { throw PyError.value("empty separator") }
            var pieces: [[Unicode.Scalar]] = []
            var current: [Unicode.Scalar] = []
            var i = 0
            while i < scalars.count {
                if i + sep.count <= scalars.count, scalars[i..<(i + sep.count)].elementsEqual(sep) {
                    pieces.append(current)
                    current = []
                    i += sep.count
                } else {
                    current.append(scalars[i])
                    i += 1
                }
            }
            pieces.append(current)
            if limit >= 0 && pieces.count > Int(limit) + 1 {
                let k = Int(limit)
                if fromRight {
                    let head = pieces.dropLast(k).map { $0 }.joined(separator: sep)
                    parts = [Array(head)] + pieces.suffix(k)
                } else {
                    let tail = pieces.dropFirst(k).map { $0 }.joined(separator: sep)
                    parts = Array(pieces.prefix(k)) + [Array(tail)]
                }
            } else {
                parts = pieces
            }
        }
        return .list(PyList(parts.map { .str(scalarsString($0)) }))
    }

    private static func strip(_ s: String, _ args: PyArgs, _ name: String, left: Bool, right: Bool) throws(PyError) -> PyValue {
        let a = try args.bind(name, ["chars"], positionalOnly: 1)
        var scalars = Array(s.unicodeScalars)
        let remove: (Unicode.Scalar) -> Bool
        if let c = a[0], !c.isNone {
            let set = Set(try string(c, name, 1).unicodeScalars)
            remove = { set.contains($0) }
        } else {
            remove = isSpace
        }
        if right { while let last = scalars.last, remove(last) { scalars.removeLast() } }
        if left {
            let start = scalars.firstIndex { !remove($0) } ?? scalars.count
            scalars.removeFirst(start)
        }
        return .str(scalarsString(scalars))
    }

    private static func affix(_ s: String, _ args: PyArgs, _ name: String, prefix: Bool) throws(PyError) -> PyValue {
        let a = try args.bind(name, ["prefix", "start", "end"], required: 1, positionalOnly: 3)
        let scalars = Array(s.unicodeScalars)
        let (lo, hi) = bounds(a[1], a[2], scalars.count)
        let region = lo <= hi ? Array(scalars[lo..<hi]) : []
        var candidates: [String] = []
        switch a[0] {
        case .str(let p)?: candidates = [p]
        case .tuple(let items)?:
            for item in items {
                guard case .str(let p) = item else {
                    throw PyError.type("tuple for \(name) must only contain str, not \(item.typeName)")
                }
                candidates.append(p)
            }
        default:
            throw PyError.type("\(name) first arg must be str or a tuple of str, not \(a[0]?.typeName ?? "NoneType")")
        }
        for c in candidates {
            let p = Array(c.unicodeScalars)
            if p.count <= region.count, prefix ? region.prefix(p.count).elementsEqual(p) : region.suffix(p.count).elementsEqual(p) {
                return .bool(true)
            }
        }
        return .bool(false)
    }

    private static func find(_ s: String, _ args: PyArgs, _ name: String, last: Bool) throws(PyError) -> Int? {
        let a = try args.bind(name, ["sub", "start", "end"], required: 1, positionalOnly: 3)
        let scalars = Array(s.unicodeScalars), sub = Array(try string(a[0], name, 1).unicodeScalars)
        let (lo, hi) = bounds(a[1], a[2], scalars.count)
        guard hi - lo >= sub.count else { return nil }
        let starts = Array(lo...(hi - sub.count))
        for i in last ? starts.reversed() : starts where scalars[i..<(i + sub.count)].elementsEqual(sub) { return i }
        return nil
    }

    private static func justify(_ s: String, _ args: PyArgs, _ name: String) throws(PyError) -> PyValue {
        let a = try args.bind(name, ["width", "fillchar"], required: 1, positionalOnly: 2)
        guard let width = a[0]?.asIndex else { throw PyError.type("'\(a[0]?.typeName ?? "NoneType")' object cannot be interpreted as an integer") }
        var fill: Character = " "
        if let f = a[1] {
            guard case .str(let text) = f, text.unicodeScalars.count == 1, let c = text.first else {
                throw PyError.type("The fill character must be exactly one character long")
            }
            fill = c
        }
        let n = s.unicodeScalars.count
        let padding = Int(width) - n
        guard padding > 0 else { return .str(s) }
        try PyInterpreter.checkLength(Int(width), "str")
        switch name {
        case "ljust": return .str(s + String(repeating: fill, count: padding))
        case "rjust": return .str(String(repeating: fill, count: padding) + s)
        default:
            // CPython puts the odd blank on the left when the width and length are both odd... on the right otherwise.
            let left = padding / 2 + (padding & Int(width) & 1)
            return .str(String(repeating: fill, count: left) + s + String(repeating: fill, count: padding - left))
        }
    }

    private static func partition(_ s: String, _ args: PyArgs, _ name: String, last: Bool) throws(PyError) -> PyValue {
        try args.exactly(1, name)
        let sep = Array(try string(args.positional[0], name, 1).unicodeScalars)
        guard !sep.isEmpty else { throw PyError.value("empty separator") }
        let scalars = Array(s.unicodeScalars)
        guard scalars.count >= sep.count else { return last ? .tuple([.str(""), .str(""), .str(s)]) : .tuple([.str(s), .str(""), .str("")]) }
        let starts = Array(0...(scalars.count - sep.count))
        for i in last ? starts.reversed() : starts where scalars[i..<(i + sep.count)].elementsEqual(sep) {
            return .tuple([.str(scalarsString(scalars[..<i])), .str(scalarsString(sep)), .str(scalarsString(scalars[(i + sep.count)...]))])
        }
        return last ? .tuple([.str(""), .str(""), .str(s)]) : .tuple([.str(s), .str(""), .str("")])
    }
}
