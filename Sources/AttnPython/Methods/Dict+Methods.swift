import AttnCore
import AttnLang

/// dict's and set's methods.
extension PyMethods {
    private static func dict(_ v: PyValue) -> PyDict {
        if case .dict(let d) = v { return d }
        return PyDict()
    }

    private static func set(_ v: PyValue) -> PySet {
        if case .set(let s) = v { return s }
        return PySet()
    }

    static let dictMethods: [String: Body] = [
        "items": { v, args, _ throws(PyError) in try args.exactly(0, "items"); return .view(PyDictView(dict(v), .items)) },
        "keys": { v, args, _ throws(PyError) in try args.exactly(0, "keys"); return .view(PyDictView(dict(v), .keys)) },
        "values": { v, args, _ throws(PyError) in try args.exactly(0, "values"); return .view(PyDictView(dict(v), .values)) },
        "get": { v, args, _ throws(PyError) in
            try args.noKeywords("get")
            guard (1...2).contains(args.positional.count) else {
                throw PyError.type("get expected at least 1 argument, got \(args.positional.count)")
            }
            return dict(v).get(try PyKey(args.positional[0])) ?? (args.positional.count > 1 ? args.positional[1] : .none)
        },
        "pop": { v, args, py throws(PyError) in
            try args.noKeywords("pop")
            guard (1...2).contains(args.positional.count) else {
                throw PyError.type("pop expected at least 1 argument, got \(args.positional.count)")
            }
            if let value = dict(v).remove(try PyKey(args.positional[0])) { return value }
            if args.positional.count > 1 { return args.positional[1] }
            throw PyError.key(try py.repr(args.positional[0]))
        },
        "popitem": { v, args, _ throws(PyError) in
            try args.exactly(0, "popitem")
            guard let (k, value) = dict(v).popLast() else { throw PyError.key("'popitem(): dictionary is empty'") }
            return .tuple([k, value])
        },
        "setdefault": { v, args, _ throws(PyError) in
            try args.noKeywords("setdefault")
            guard (1...2).contains(args.positional.count) else {
                throw PyError.type("setdefault expected at least 1 argument, got \(args.positional.count)")
            }
            let d = dict(v), key = try PyKey(args.positional[0])
            if let existing = d.get(key) { return existing }
            let value = args.positional.count > 1 ? args.positional[1] : .none
            d.set(args.positional[0], key, value)
            return value
        },
        "update": { v, args, py throws(PyError) in
            guard args.positional.count <= 1 else { throw PyError.type("update expected at most 1 argument, got \(args.positional.count)") }
            let d = dict(v)
            if let source = args.positional.first { try py.update(d, with: source) }
            for (k, value) in args.keywords { d.set(.str(k), .str(k), value) }
            return .none
        },
        "clear": { v, args, _ throws(PyError) in try args.exactly(0, "clear"); dict(v).removeAll(); return .none },
        "copy": { v, args, _ throws(PyError) in try args.exactly(0, "copy"); return .dict(dict(v).copy()) },
    ]

    /// `dict.fromkeys(iterable, value=None)`.
    static func dictFromKeys(_ args: PyArgs, _ py: PyInterpreter) throws(PyError) -> PyValue {
        try args.noKeywords("fromkeys")
        guard (1...2).contains(args.positional.count) else {
            throw PyError.type("fromkeys expected at least 1 argument, got \(args.positional.count)")
        }
        let d = PyDict()
        let value = args.positional.count > 1 ? args.positional[1] : .none
        for k in try py.materialize(args.positional[0]) { d.set(k, try PyKey(k), value) }
        return .dict(d)
    }

    static let setMethods: [String: Body] = [
        "add": { v, args, _ throws(PyError) in
            try args.exactly(1, "set.add")
            try set(v).insert(args.positional[0])
            try PyInterpreter.checkLength(set(v).count, "set")
            return .none
        },
        "remove": { v, args, py throws(PyError) in
            try args.exactly(1, "set.remove")
            guard set(v).table.remove(try PyKey(args.positional[0])) != nil else { throw PyError.key(try py.repr(args.positional[0])) }
            return .none
        },
        "discard": { v, args, _ throws(PyError) in
            try args.exactly(1, "set.discard")
            set(v).table.remove(try PyKey(args.positional[0]))
            return .none
        },
        "pop": { v, args, _ throws(PyError) in
            try args.exactly(0, "set.pop")
            let s = set(v)
            guard let first = s.elements.first else { throw PyError.key("'pop from an empty set'") }
            s.table.remove(try PyKey(first))
            return first
        },
        "clear": { v, args, _ throws(PyError) in try args.exactly(0, "set.clear"); set(v).table.removeAll(); return .none },
        "copy": { v, args, _ throws(PyError) in try args.exactly(0, "set.copy"); return .set(PySet(set(v).table.copy())) },
        "union": { v, args, py throws(PyError) in try combine(v, args, py, .or) },
        "intersection": { v, args, py throws(PyError) in try combine(v, args, py, .and) },
        "difference": { v, args, py throws(PyError) in try combine(v, args, py, .subtract) },
        "symmetric_difference": { v, args, py throws(PyError) in try combine(v, args, py, .xor) },
        "update": { v, args, py throws(PyError) in
            try args.noKeywords("set.update")
            for other in args.positional { for x in try py.materialize(other) { try set(v).insert(x) } }
            return .none
        },
        "issubset": { v, args, py throws(PyError) in
            try args.exactly(1, "issubset")
            let other = try asSet(args.positional[0], py)
            for x in set(v).elements where !(try other.contains(x)) { return .bool(false) }
            return .bool(true)
        },
        "issuperset": { v, args, py throws(PyError) in
            try args.exactly(1, "issuperset")
            for x in try py.materialize(args.positional[0]) where !(try set(v).contains(x)) { return .bool(false) }
            return .bool(true)
        },
        "isdisjoint": { v, args, py throws(PyError) in
            try args.exactly(1, "isdisjoint")
            for x in try py.materialize(args.positional[0]) where try set(v).contains(x) { return .bool(false) }
            return .bool(true)
        },
    ]

    private static func asSet(_ v: PyValue, _ py: PyInterpreter) throws(PyError) -> PySet {
        if case .set(let s) = v { return s }
        let s = PySet()
        for x in try py.materialize(v) { try s.insert(x) }
        return s
    }

    /// `a.union(b, c...)` and its kin: the set operator applied to each argument in turn.
    private static func combine(_ v: PyValue, _ args: PyArgs, _ py: PyInterpreter, _ op: PyBinaryOp) throws(PyError) -> PyValue {
        try args.noKeywords("set")
        var result = PyValue.set(PySet(set(v).table.copy()))
        for other in args.positional { result = try py.binary(op, result, .set(try asSet(other, py))) }
        return result
    }
}
