import AttnCore
import AttnLang

/// Builtins that iterate: range, enumerate, zip, map, filter, reversed,
/// sorted, sum, min, max, any, all, iter, next.
extension PyBuiltins {
    static var iteration: [(String, Body)] { [
        ("enumerate", { args, py throws(PyError) in
            let v = try args.bind("enumerate", ["iterable", "start"], required: 1)
            let iterator = try py.makeIterator(v[0] ?? .none)
            var n: Int64 = 0
            if let start = v[1] {
                guard let s = start.asIndex else { throw PyError.type("'\(start.typeName)' object cannot be interpreted as an integer") }
                n = s
            }
            return .iterator(PyIterator(PyClass.enumerate) { () throws(PyError) in
                guard let value = try iterator.next() else { return nil }
                defer { n += 1 }
                return .tuple([.int(n), value])
            })
        }),
        ("zip", { args, py throws(PyError) in
            var strict = false
            for (name, value) in args.keywords {
                guard name == "strict" else { throw PyError.type("zip() got an unexpected keyword argument '\(name)'") }
                strict = try py.truthy(value)
            }
            var iterators: [PyIterator] = []
            for (n, v) in args.positional.enumerated() {
                do throws(PyError) { iterators.append(try py.makeIterator(v)) } catch {
                    throw PyError.type("'\(v.typeName)' object is not iterable").located(at: args.range(n))
                }
            }
            var done = false
            return .iterator(PyIterator(PyClass.zip) { () throws(PyError) in
                guard !done, !iterators.isEmpty else { return nil }
                var row: [PyValue] = []
                for (n, it) in iterators.enumerated() {
                    guard let v = try it.next() else {
                        done = true
                        if strict {
                            if n > 0 { throw PyError.value("zip() argument \(n + 1) is shorter than argument\(n > 1 ? "s 1-\(n)" : " 1")") }
                            for (m, other) in iterators.enumerated().dropFirst() where try other.next() != nil {
                                throw PyError.value("zip() argument \(m + 1) is longer than argument\(m > 1 ? "s 1-\(m)" : " 1")")
                            }
                        }
                        return nil
                    }
                    row.append(v)
                }
                return .tuple(row)
            })
        }),
        ("map", { args, py throws(PyError) in
            try args.noKeywords("map")
            guard args.positional.count >= 2 else { throw PyError.type("map() must have at least two arguments.") }
            let function = args.positional[0]
            var iterators: [PyIterator] = []
            for v in args.positional.dropFirst() { iterators.append(try py.makeIterator(v)) }
            let range = args.callRange
            return .iterator(PyIterator(PyClass.map) { () throws(PyError) in
                var values: [PyValue] = []
                for it in iterators {
                    guard let v = try it.next() else { return nil }
                    values.append(v)
                }
                return try py.call(function, PyArgs(values, callRange: range))
            })
        }),
        ("filter", { args, py throws(PyError) in
            try args.exactly(2, "filter")
            let function = args.positional[0]
            let iterator = try py.makeIterator(args.positional[1])
            let range = args.callRange
            return .iterator(PyIterator(PyClass.filter) { () throws(PyError) in
                while let v = try iterator.next() {
                    let keep = function.isNone ? v : try py.call(function, PyArgs([v], callRange: range))
                    if try py.truthy(keep) { return v }
                }
                return nil
            })
        }),
        ("reversed", { args, py throws(PyError) in
            try args.exactly(1, "reversed")
            let value = args.positional[0]
            let items: [PyValue]
            switch value {
            case .list(let l): items = l.items
            case .tuple(let t): items = t
            case .str, .range, .dict, .view, .array: items = try py.materialize(value)
            case .instance:
                if let r = try py.callSpecial(value, "__reversed__", []) { return r }
                items = try py.materialize(value)
            default:
                throw PyError.type("'\(value.typeName)' object is not reversible")
            }
            return .iterator(PyInterpreter.iterator(over: items.reversed(), PyClass.reversed))
        }),
        ("sorted", { args, py throws(PyError) in
            guard args.positional.count == 1 else {
                throw PyError.type("sorted expected 1 argument, got \(args.positional.count)")
            }
            return .list(PyList(try PyBuiltins.sort(try py.materialize(args.positional[0]), args, py, "sorted")))
        }),
        ("sum", { args, py throws(PyError) in
            let v = try args.bind("sum", ["iterable", "start"], required: 1, positionalOnly: 1)
            var total = v[1] ?? .int(0)
            if case .str = total { throw PyError.type("sum() can't sum strings [use ''.join(seq) instead]") }
            let iterator = try py.makeIterator(v[0] ?? .none)
            var n = 0
            while let item = try iterator.next() {
                total = try py.binary(.add, total, item)
                n += 1
                if n & 0xFFF == 0 { try PyError.checkInterrupt() }
            }
            return total
        }),
        ("min", { args, py throws(PyError) in try PyBuiltins.extreme(args, py, "min", max: false) }),
        ("max", { args, py throws(PyError) in try PyBuiltins.extreme(args, py, "max", max: true) }),
        ("any", { args, py throws(PyError) in
            try args.exactly(1, "any")
            let iterator = try py.makeIterator(args.positional[0])
            while let v = try iterator.next() { if try py.truthy(v) { return .bool(true) } }
            return .bool(false)
        }),
        ("all", { args, py throws(PyError) in
            try args.exactly(1, "all")
            let iterator = try py.makeIterator(args.positional[0])
            while let v = try iterator.next() { if !(try py.truthy(v)) { return .bool(false) } }
            return .bool(true)
        }),
        ("iter", { args, py throws(PyError) in
            try args.exactly(1, "iter")
            return .iterator(try py.makeIterator(args.positional[0]))
        }),
        ("next", { args, py throws(PyError) in
            try args.noKeywords("next")
            guard args.positional.count == 1 || args.positional.count == 2 else {
                throw PyError.type("next expected at least 1 argument, got \(args.positional.count)")
            }
            guard case .iterator(let it) = args.positional[0] else {
                if let v = try py.callSpecial(args.positional[0], "__next__", []) { return v }
                throw PyError.type("'\(args.positional[0].typeName)' object is not an iterator")
            }
            if let v = try it.next() { return v }
            if args.positional.count == 2 { return args.positional[1] }
            throw PyError(.exception("StopIteration"), "")
        }),
    ] }

    /// `min`/`max` of an iterable or of several arguments, with `key` and `default`.
    static func extreme(_ args: PyArgs, _ py: PyInterpreter, _ name: String, max: Bool) throws(PyError) -> PyValue {
        var key: PyValue?, fallback: PyValue?
        for (k, v) in args.keywords {
            switch k {
            case "key": key = v.isNone ? nil : v
            case "default": fallback = v
            default: throw PyError.type("'\(k)' is an invalid keyword argument for \(name)()")
            }
        }
        let items: [PyValue]
        if args.positional.count == 1 {
            items = try py.materialize(args.positional[0])
        } else if args.positional.count > 1 {
            if fallback != nil {
                throw PyError.type("Cannot specify a default for \(name)() with multiple positional arguments")
            }
            items = args.positional
        } else {
            throw PyError.type("\(name) expected at least 1 argument, got 0")
        }
        guard var best = items.first else {
            if let fallback { return fallback }
            throw PyError.value("\(name)() arg is an empty sequence")
        }
        var bestKey = try key.map { (k: PyValue) throws(PyError) in try py.call(k, PyArgs([best], callRange: args.callRange)) } ?? best
        for item in items.dropFirst() {
            let itemKey = try key.map { (k: PyValue) throws(PyError) in try py.call(k, PyArgs([item], callRange: args.callRange)) } ?? item
            let better = max ? try py.less(bestKey, itemKey, .greater) : try py.less(itemKey, bestKey)
            if better {
                best = item
                bestKey = itemKey
            }
        }
        return best
    }

    /// `sorted`'s and `list.sort`'s keywords applied to `items`: stable,
    /// with `reverse` keeping equal items in their order, as Python's sort.
    static func sort(_ items: [PyValue], _ args: PyArgs, _ py: PyInterpreter, _ name: String) throws(PyError) -> [PyValue] {
        var key: PyValue?
        var reverse = false
        for (k, v) in args.keywords {
            switch k {
            case "key": key = v.isNone ? nil : v
            case "reverse": reverse = try py.truthy(v)
            default: throw PyError.type("'\(k)' is an invalid keyword argument for \(name)()")
            }
        }
        var keyed: [(key: PyValue, value: PyValue)] = []
        keyed.reserveCapacity(items.count)
        for item in items {
            let k = try key.map { (f: PyValue) throws(PyError) in try py.call(f, PyArgs([item], callRange: args.callRange)) } ?? item
            keyed.append((k, item))
        }
        if reverse { keyed.reverse() }
        let sorted = try mergeSort(keyed) { (a, b) throws(PyError) in try py.less(a.key, b.key) }
        return reverse ? sorted.reversed().map(\.value) : sorted.map(\.value)
    }

    /// A stable merge sort whose comparison may throw.
    static func mergeSort<T>(_ items: [T], _ less: (T, T) throws(PyError) -> Bool) throws(PyError) -> [T] {
        guard items.count > 1 else { return items }
        var source = items
        var target = items
        var width = 1
        let n = items.count
        while width < n {
            var start = 0
            while start < n {
                let middle = min(start + width, n), end = min(start + 2 * width, n)
                var i = start, j = middle, k = start
                while i < middle && j < end {
                    if try less(source[j], source[i]) {
                        target[k] = source[j]
                        j += 1
                    } else {
                        target[k] = source[i]
                        i += 1
                    }
                    k += 1
                }
                while i < middle { target[k] = source[i]; i += 1; k += 1 }
                while j < end { target[k] = source[j]; j += 1; k += 1 }
                start = end
            }
            swap(&source, &target)
            width *= 2
            try PyError.checkInterrupt()
        }
        return source
    }
}
