import AttnCore
import AttnLang

/// `x[i]`, `x[a:b:c]`, `x[k] = v` and `del x[k]` on lists, tuples, strings,
/// ranges, dicts, a user's classes (`__getitem__`...) and numpy arrays
/// (NumpyIndexing).
extension PyInterpreter {
    func getItem(_ object: PyValue, _ key: PyValue) throws(PyError) -> PyValue {
        switch object {
        case .list(let l):
            if case .slice(let s) = key { return .list(PyList(try PyInterpreter.sliced(l.items, s))) }
            return l.items[try PyInterpreter.position(key, count: l.items.count, "list")]
        case .tuple(let t):
            if case .slice(let s) = key { return .tuple(try PyInterpreter.sliced(t, s)) }
            return t[try PyInterpreter.position(key, count: t.count, "tuple")]
        case .str(let text):
            let scalars = Array(text.unicodeScalars)
            if case .slice(let s) = key {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: try PyInterpreter.sliced(scalars, s))
                return .str(String(view))
            }
            guard key.asIndex != nil else { throw PyError.type("string indices must be integers, not '\(key.typeName)'") }
            return .str(String(scalars[try PyInterpreter.position(key, count: scalars.count, "string")]))
        case .range(let r):
            if case .slice(let s) = key {
                let (start, _, step, count) = try PyInterpreter.sliceIndices(s, length: Int(clamping: r.count))
                let first = r.element(Int64(start)), newStep = r.step &* Int64(step)
                return .range(PyRange(start: first, stop: first &+ Int64(count) &* newStep, step: newStep))
            }
            return .int(r.element(Int64(try PyInterpreter.position(key, count: Int(clamping: r.count), "range object"))))
        case .dict(let d):
            guard let v = d.get(try PyKey(key)) else { throw PyError.key(try repr(key)) }
            return v
        case .array(let a):
            return try NumpyIndexing.get(a.tensor, key, interpreter: self)
        case .scalar:
            if case .tuple(let items) = key, items.isEmpty { return object }
            throw PyError.index("invalid index to scalar variable.")
        case .instance(let i):
            if let method = i.cls.lookup("__getitem__") {
                return try call(.method(PyBoundMethod(method.value, receiver: object)), PyArgs([key], callRange: SourceRange(0, 0)))
            }
        case .type(let cls):
            // `list[int]` and friends in annotations.
            if cls.builtin != nil { return object }
        case .inert:
            return object
        default:
            break
        }
        throw PyError.type("'\(object.typeName)' object is not subscriptable")
    }

    func setItem(_ object: PyValue, _ key: PyValue, _ value: PyValue) throws(PyError) {
        switch object {
        case .list(let l):
            if case .slice(let s) = key {
                let replacement = try materialize(value)
                let (start, stop, step, count) = try PyInterpreter.sliceIndices(s, length: l.items.count)
                if step == 1 {
                    try PyInterpreter.checkLength(l.items.count - count + replacement.count, "list")
                    l.items.replaceSubrange(start..<max(start, stop), with: replacement)
                    return
                }
                guard replacement.count == count else {
                    throw PyError.value("attempt to assign sequence of size \(replacement.count) to extended slice of size \(count)")
                }
                for (n, v) in replacement.enumerated() { l.items[start + n * step] = v }
                return
            }
            l.items[try PyInterpreter.position(key, count: l.items.count, "list assignment")] = value
        case .dict(let d):
            d.set(key, try PyKey(key), value)
            try PyInterpreter.checkLength(d.count, "dict")
        case .array(let a):
            try NumpyIndexing.set(a, key, value, interpreter: self)
        case .instance(let i):
            if let method = i.cls.lookup("__setitem__") {
                _ = try call(.method(PyBoundMethod(method.value, receiver: object)), PyArgs([key, value], callRange: SourceRange(0, 0)))
                return
            }
            throw PyError.type("'\(object.typeName)' object does not support item assignment")
        case .inert:
            return
        default:
            throw PyError.type("'\(object.typeName)' object does not support item assignment")
        }
    }

    func deleteItem(_ object: PyValue, _ key: PyValue) throws(PyError) {
        switch object {
        case .list(let l):
            if case .slice(let s) = key {
                let (start, _, step, count) = try PyInterpreter.sliceIndices(s, length: l.items.count)
                let doomed = Set((0..<count).map { start + $0 * step })
                l.items = l.items.enumerated().filter { !doomed.contains($0.offset) }.map(\.element)
                return
            }
            l.items.remove(at: try PyInterpreter.position(key, count: l.items.count, "list assignment"))
        case .dict(let d):
            guard d.remove(try PyKey(key)) != nil else { throw PyError.key(try repr(key)) }
        case .instance(let i):
            if let method = i.cls.lookup("__delitem__") {
                _ = try call(.method(PyBoundMethod(method.value, receiver: object)), PyArgs([key], callRange: SourceRange(0, 0)))
                return
            }
            throw PyError.type("'\(object.typeName)' object does not support item deletion")
        default:
            throw PyError.type("'\(object.typeName)' object does not support item deletion")
        }
    }

    /// The position `key` names in a sequence of `count` items (negative
    /// counts from the end), or Python's IndexError / TypeError.
    static func position(_ key: PyValue, count: Int, _ what: String) throws(PyError) -> Int {
        guard let i = key.asIndex else {
            let noun = what.hasPrefix("list") ? "list" : what
            throw PyError.type("\(noun) indices must be integers or slices, not \(key.typeName)")
        }
        let p = i < 0 ? i + Int64(count) : i
        guard p >= 0 && p < Int64(count) else { throw PyError.index("\(what) index out of range") }
        return Int(p)
    }

    /// `slice.indices(length)`: start, stop and step clamped as Python
    /// clamps them, and how many items the slice selects.
    static func sliceIndices(_ s: PySlice, length: Int) throws(PyError) -> (start: Int, stop: Int, step: Int, count: Int) {
        func part(_ v: PyValue) throws(PyError) -> Int64? {
            if v.isNone { return nil }
            guard let i = v.asIndex else {
                throw PyError.type("slice indices must be integers or None or have an __index__ method")
            }
            return i
        }
        let step = try part(s.step) ?? 1
        guard step != 0 else { throw PyError.value("slice step cannot be zero") }
        let n = Int64(length)
        func clamp(_ v: Int64?, _ dflt: Int64, low: Int64, high: Int64) -> Int64 {
            guard var v else { return dflt }
            if v < 0 { v += n }
            return min(max(v, low), high)
        }
        if step > 0 {
            let start = clamp(try part(s.start), 0, low: 0, high: n)
            let stop = clamp(try part(s.stop), n, low: 0, high: n)
            let count = stop > start ? (stop - start - 1) / step + 1 : 0
            return (Int(start), Int(stop), Int(step), Int(count))
        }
        let start = clamp(try part(s.start), n - 1, low: -1, high: n - 1)
        let stop = clamp(try part(s.stop), -1, low: -1, high: n - 1)
        let count = start > stop ? (start - stop - 1) / (-step) + 1 : 0
        return (Int(start), Int(stop), Int(step), Int(count))
    }

    /// The items a slice selects.
    static func sliced<T>(_ items: [T], _ s: PySlice) throws(PyError) -> [T] {
        let (start, _, step, count) = try sliceIndices(s, length: items.count)
        if step == 1 { return Array(items[start..<(start + count)]) }
        var out: [T] = []
        out.reserveCapacity(count)
        for n in 0..<count { out.append(items[start + n * step]) }
        return out
    }
}
