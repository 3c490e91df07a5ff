import AttnCore
import AttnLang

/// list's and tuple's methods.
extension PyMethods {
    private static func list(_ v: PyValue) -> PyList {
        if case .list(let l) = v { return l }
        return PyList([])
    }

    static let listMethods: [String: Body] = [
        "append": { v, args, _ throws(PyError) in
            try args.exactly(1, "list.append")
            let l = list(v)
            try PyInterpreter.checkLength(l.items.count + 1, "list")
            l.items.append(args.positional[0])
            return .none
        },
        "extend": { v, args, py throws(PyError) in
            try args.exactly(1, "list.extend")
            let l = list(v)
            let extra = try py.materialize(args.positional[0])
            try PyInterpreter.checkLength(l.items.count + extra.count, "list")
            l.items += extra
            return .none
        },
        "insert": { v, args, _ throws(PyError) in
            try args.exactly(2, "insert")
            let l = list(v)
            guard let i = args.positional[0].asIndex else {
                throw PyError.type("'\(args.positional[0].typeName)' object cannot be interpreted as an integer")
            }
            try PyInterpreter.checkLength(l.items.count + 1, "list")
            let n = Int64(l.items.count)
            let at = i < 0 ? max(0, i + n) : min(i, n)
            l.items.insert(args.positional[1], at: Int(at))
            return .none
        },
        "pop": { v, args, _ throws(PyError) in
            try args.noKeywords("pop")
            let l = list(v)
            guard !l.items.isEmpty else { throw PyError.index("pop from empty list") }
            guard let key = args.positional.first else { return l.items.removeLast() }
            guard args.positional.count == 1 else { throw PyError.type("pop expected at most 1 argument, got \(args.positional.count)") }
            guard key.asIndex != nil else { throw PyError.type("'\(key.typeName)' object cannot be interpreted as an integer") }
            return l.items.remove(at: try PyInterpreter.position(key, count: l.items.count, "pop"))
        },
        "remove": { v, args, py throws(PyError) in
            try args.exactly(1, "list.remove")
            let l = list(v)
            for (i, item) in l.items.enumerated() where try py.equal(item, args.positional[0]) {
                l.items.remove(at: i)
                return .none
            }
            throw PyError.value("list.remove(x): x not in list")
        },
        "index": { v, args, py throws(PyError) in try index(list(v).items, args, py) },
        "count": { v, args, py throws(PyError) in try count(list(v).items, args, py) },
        "clear": { v, args, _ throws(PyError) in try args.exactly(0, "clear"); list(v).items = []; return .none },
        "copy": { v, args, _ throws(PyError) in try args.exactly(0, "copy"); return .list(PyList(list(v).items)) },
        "reverse": { v, args, _ throws(PyError) in try args.exactly(0, "reverse"); list(v).items.reverse(); return .none },
        "sort": { v, args, py throws(PyError) in
            guard args.positional.isEmpty else { throw PyError.type("sort() takes no positional arguments") }
            let l = list(v)
            l.items = try PyBuiltins.sort(l.items, args, py, "sort")
            return .none
        },
    ]

    static let tupleMethods: [String: Body] = [
        "index": { v, args, py throws(PyError) in
            guard case .tuple(let t) = v else { return .none }
            return try index(t, args, py, what: "tuple.index(x): x not in tuple")
        },
        "count": { v, args, py throws(PyError) in
            guard case .tuple(let t) = v else { return .none }
            return try count(t, args, py)
        },
    ]

    private static func index(_ items: [PyValue], _ args: PyArgs, _ py: PyInterpreter, what: String? = nil) throws(PyError) -> PyValue {
        try args.noKeywords("index")
        guard (1...3).contains(args.positional.count) else {
            throw PyError.type("index expected at least 1 argument, got \(args.positional.count)")
        }
        let n = items.count
        func bound(_ i: Int, _ dflt: Int) -> Int {
            guard i < args.positional.count, let v = args.positional[i].asIndex else { return dflt }
            let r = v < 0 ? Int(v) + n : Int(clamping: v)
            return min(max(r, 0), n)
        }
        let lo = bound(1, 0), hi = bound(2, n)
        let needle = args.positional[0]
        if lo < hi {
            for i in lo..<hi where try py.same(items[i], needle) { return .int(Int64(i)) }
        }
        if let what { throw PyError.value(what) }
        throw PyError.value("\(try py.repr(needle)) is not in list")
    }

    private static func count(_ items: [PyValue], _ args: PyArgs, _ py: PyInterpreter) throws(PyError) -> PyValue {
        try args.exactly(1, "count")
        var n: Int64 = 0
        for item in items where try py.same(item, args.positional[0]) { n += 1 }
        return .int(n)
    }
}
