import AttnCore
import AttnLang

/// Operators on Python values: numbers (PyNumbers.swift), sequences, sets,
/// dicts, a user's classes (their `__add__`, `__eq__`, `__lt__`... and the
/// reflected `__radd__`...), and numpy arrays and scalars (NumpyOps).
extension PyInterpreter {
    static let dunder: [PyBinaryOp: (String, String)] = [
        .add: ("__add__", "__radd__"), .subtract: ("__sub__", "__rsub__"), .multiply: ("__mul__", "__rmul__"),
        .matmul: ("__matmul__", "__rmatmul__"), .divide: ("__truediv__", "__rtruediv__"),
        .floorDivide: ("__floordiv__", "__rfloordiv__"), .modulo: ("__mod__", "__rmod__"), .power: ("__pow__", "__rpow__"),
        .shiftLeft: ("__lshift__", "__rlshift__"), .shiftRight: ("__rshift__", "__rrshift__"),
        .and: ("__and__", "__rand__"), .or: ("__or__", "__ror__"), .xor: ("__xor__", "__rxor__"),
    ]

    func binary(_ op: PyBinaryOp, _ a: PyValue, _ b: PyValue) throws(PyError) -> PyValue {
        switch (a, b) {
        case (.int(let x), .int(let y)): return try PyNumbers.int(op, x, y)
        case (.float(let x), .float(let y)): return try PyNumbers.float(op, x, y)
        case (.int(let x), .float(let y)) where !op.isBitwise: return try PyNumbers.float(op, Double(x), y)
        case (.float(let x), .int(let y)) where !op.isBitwise: return try PyNumbers.float(op, x, Double(y))
        case (.bool(let x), .bool(let y)) where [.and, .or, .xor].contains(op):
            return .bool(op == .and ? x && y : op == .or ? x || y : x != y)
        case (.bool, _), (_, .bool):
            if (a.isBool || a.isPythonNumber) && (b.isBool || b.isPythonNumber) { return try binary(op, a.boolAsInt, b.boolAsInt) }
        default: break
        }
        // `"%.2f" % np.float32(1.25)` formats (str's % comes before numpy's).
        if op == .modulo, case .str(let format) = a { return .str(try percent(format, b)) }
        if a.isNumpy || b.isNumpy { return try NumpyOps.binary(op, a, b, interpreter: self) }
        switch (op, a, b) {
        case (.add, .str(let x), .str(let y)):
            try PyInterpreter.checkLength(x.unicodeScalars.count + y.unicodeScalars.count, "str")
            return .str(x + y)
        case (.add, .str, _):
            throw PyError.type("can only concatenate str (not \"\(b.typeName)\") to str")
        case (.add, .list(let x), .list(let y)):
            try PyInterpreter.checkLength(x.items.count + y.items.count, "list")
            return .list(PyList(x.items + y.items))
        case (.add, .list, _):
            throw PyError.type("can only concatenate list (not \"\(b.typeName)\") to list")
        case (.add, .tuple(let x), .tuple(let y)):
            try PyInterpreter.checkLength(x.count + y.count, "tuple")
            return .tuple(x + y)
        case (.add, .tuple, _):
            // A tuple subclass-like object may take over (`(1,) + x.shape`).
            if case .instance(let i) = b, i.cls.lookup("__radd__") != nil { break }
            throw PyError.type("can only concatenate tuple (not \"\(b.typeName)\") to tuple")
        case (.multiply, .str, _), (.multiply, .list, _), (.multiply, .tuple, _):
            return try repeated(a, b)
        case (.multiply, _, .str), (.multiply, _, .list), (.multiply, _, .tuple):
            if a.asIndex != nil { return try repeated(b, a) }
        case (.modulo, .str(let format), _):
            return .str(try percent(format, b))
        case (.or, .set(let x), .set(let y)):
            let out = PySet()
            for v in x.elements + y.elements { try out.insert(v) }
            return .set(out)
        case (.and, .set(let x), .set(let y)):
            let out = PySet()
            for v in x.elements where try y.contains(v) { try out.insert(v) }
            return .set(out)
        case (.subtract, .set(let x), .set(let y)):
            let out = PySet()
            for v in x.elements where !(try y.contains(v)) { try out.insert(v) }
            return .set(out)
        case (.xor, .set(let x), .set(let y)):
            let out = PySet()
            for v in x.elements where !(try y.contains(v)) { try out.insert(v) }
            for v in y.elements where !(try x.contains(v)) { try out.insert(v) }
            return .set(out)
        case (.or, .dict(let x), .dict(let y)):
            let out = x.copy()
            for (k, v) in y.entries { out.set(k, try PyKey(k), v) }
            return .dict(out)
        default:
            break
        }
        if let (name, reflected) = PyInterpreter.dunder[op] {
            if case .instance(let i) = a, let method = i.cls.lookup(name) {
                return try call(.method(PyBoundMethod(method.value, receiver: a)), PyArgs([b], callRange: SourceRange(0, 0)))
            }
            if case .instance(let i) = b, let method = i.cls.lookup(reflected) {
                return try call(.method(PyBoundMethod(method.value, receiver: b)), PyArgs([a], callRange: SourceRange(0, 0)))
            }
        }
        if case .inert = a { return a }
        throw PyError.type("unsupported operand type(s) for \(op.rawValue): '\(a.typeName)' and '\(b.typeName)'")
    }

    /// `seq * n`: the sequence repeated (none for n ≤ 0).
    private func repeated(_ sequence: PyValue, _ count: PyValue) throws(PyError) -> PyValue {
        guard let n = count.asIndex else {
            throw PyError.type("can't multiply sequence by non-int of type '\(count.typeName)'")
        }
        let times = Int(max(0, min(n, Int64(Int.max))))
        func total(_ length: Int, _ what: String) throws(PyError) -> Int {
            let (t, overflow) = length.multipliedReportingOverflow(by: times)
            guard !overflow else { throw PyError.memory("a \(what) of more than \(Int.max) items") }
            try PyInterpreter.checkLength(t, what)
            return t
        }
        switch sequence {
        case .str(let s):
            _ = try total(s.unicodeScalars.count, "str")
            return .str(String(repeating: s, count: times))
        case .list(let l):
            _ = try total(l.items.count, "list")
            return .list(PyList(Array([[PyValue]](repeating: l.items, count: times).joined())))
        case .tuple(let t):
            _ = try total(t.count, "tuple")
            return .tuple(Array([[PyValue]](repeating: t, count: times).joined()))
        default:
            throw PyError.type("can't multiply sequence by non-int of type '\(count.typeName)'")
        }
    }

    func unary(_ op: PyUnaryOp, _ v: PyValue) throws(PyError) -> PyValue {
        switch (op, v) {
        case (.negate, .int(let x)):
            guard x != .min else { throw PyError.intOverflow("-(\(x))") }
            return .int(-x)
        case (.negate, .float(let x)): return .float(-x)
        case (.negate, .bool(let b)): return .int(b ? -1 : 0)
        case (.plus, .int), (.plus, .float): return v
        case (.plus, .bool(let b)): return .int(b ? 1 : 0)
        case (.invert, .int(let x)): return .int(~x)
        case (.invert, .bool(let b)): return .int(~(b ? 1 : 0))
        case (_, .array), (_, .scalar): return try NumpyOps.unary(op, v)
        case (_, .instance(let i)):
            let name = op == .negate ? "__neg__" : op == .plus ? "__pos__" : "__invert__"
            if let method = i.cls.lookup(name) {
                return try call(.method(PyBoundMethod(method.value, receiver: v)), PyArgs([], callRange: SourceRange(0, 0)))
            }
        default: break
        }
        throw PyError.type("bad operand type for unary \(op.rawValue): '\(v.typeName)'")
    }

    // MARK: - Comparisons

    func compare(_ op: PyCompareOp, _ a: PyValue, _ b: PyValue) throws(PyError) -> PyValue {
        switch op {
        case .is: return .bool(identical(a, b))
        case .isNot: return .bool(!identical(a, b))
        case .in: return .bool(try contains(b, a))
        case .notIn: return .bool(!(try contains(b, a)))
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            if let result = try richComparison(op, a, b) { return result }
            if a.isNumpy || b.isNumpy { return try NumpyOps.compare(op, a, b, interpreter: self) }
            switch op {
            case .equal: return .bool(try equal(a, b))
            case .notEqual: return .bool(!(try equal(a, b)))
            case .less: return .bool(try less(a, b, op))
            case .greater: return .bool(try less(b, a, op))
            case .lessEqual:
                let greater = try less(b, a, op)
                if greater { return .bool(false) }
                return .bool(try lessOrEqualHolds(a, b, op))
            case .greaterEqual:
                let smaller = try less(a, b, op)
                if smaller { return .bool(false) }
                return .bool(try lessOrEqualHolds(b, a, op))
            case .is, .isNot, .in, .notIn: return .bool(false)
            }
        }
    }

    /// An instance's `__eq__`, `__lt__`... (or the other operand's reflected
    /// one) for a comparison written in the program, whose result is
    /// returned as it is (a torch tensor's `x > 0` is a tensor); nil when
    /// neither operand is an instance with the method.
    private func richComparison(_ op: PyCompareOp, _ a: PyValue, _ b: PyValue) throws(PyError) -> PyValue? {
        let names: (String, String)
        switch op {
        case .equal: names = ("__eq__", "__eq__")
        case .notEqual: names = ("__ne__", "__ne__")
        case .less: names = ("__lt__", "__gt__")
        case .lessEqual: names = ("__le__", "__ge__")
        case .greater: names = ("__gt__", "__lt__")
        case .greaterEqual: names = ("__ge__", "__le__")
        case .is, .isNot, .in, .notIn: return nil
        }
        // Only the methods that say so take over: a user's `__eq__` keeps
        // Python's truth-value semantics through `equal` and `less`.
        if case .instance(let i) = a, i.native != nil, let m = i.cls.lookup(names.0) {
            return try call(.method(PyBoundMethod(m.value, receiver: a)), PyArgs([b], callRange: SourceRange(0, 0)))
        }
        if case .instance(let i) = b, i.native != nil, let m = i.cls.lookup(names.1) {
            return try call(.method(PyBoundMethod(m.value, receiver: b)), PyArgs([a], callRange: SourceRange(0, 0)))
        }
        return nil
    }

    /// `a <= b` beyond "not b < a": false when either is nan.
    private func lessOrEqualHolds(_ a: PyValue, _ b: PyValue, _ op: PyCompareOp) throws(PyError) -> Bool {
        if case .float(let x) = a, x.isNaN { return false }
        if case .float(let y) = b, y.isNaN { return false }
        if case .set(let x) = a, case .set(let y) = b {
            for v in x.elements where !(try y.contains(v)) { return false }
            return true
        }
        return true
    }

    /// Python's `==`.
    func equal(_ a: PyValue, _ b: PyValue) throws(PyError) -> Bool {
        switch (a, b) {
        case (.none, .none), (.ellipsis, .ellipsis): return true
        case (.int(let x), .int(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y
        case (.int(let x), .float(let y)), (.float(let y), .int(let x)): return PyNumbers.compare(x, y) == 0
        case (.bool, _), (_, .bool):
            if case .bool(let x) = a, b.isPythonNumber || b.isBool { return try equal(.int(x ? 1 : 0), b.boolAsInt) }
            if case .bool(let y) = b, a.isPythonNumber { return try equal(a, .int(y ? 1 : 0)) }
            return false
        case (.str(let x), .str(let y)): return x == y && x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.list(let x), .list(let y)): return x === y ? true : try sequencesEqual(x.items, y.items)
        case (.tuple(let x), .tuple(let y)): return try sequencesEqual(x, y)
        case (.range(let x), .range(let y)):
            return x.count == y.count && (x.count == 0 || (x.start == y.start && (x.count == 1 || x.step == y.step)))
        case (.dict(let x), .dict(let y)):
            guard x.count == y.count else { return false }
            for (k, v) in x.entries {
                guard let other = y.get(try PyKey(k)), try equal(v, other) else { return false }
            }
            return true
        case (.set(let x), .set(let y)):
            guard x.count == y.count else { return false }
            for v in x.elements where !(try y.contains(v)) { return false }
            return true
        case (.dtype(let x), .dtype(let y)): return x == y
        case (.dtype(let x), .type(let c)), (.type(let c), .dtype(let x)):
            // numpy converts the other side to a dtype: `dtype == float` is float64's.
            return ((try? NumpyValues.dtype(.type(c))) ?? nil) == x
        case (.dtype(let x), .str(let s)), (.str(let s), .dtype(let x)): return ((try? NumpyValues.dtype(.str(s))) ?? nil) == x
        case (.scalar, _), (_, .scalar), (.array, _), (_, .array):
            return try truthy(try NumpyOps.compare(.equal, a, b, interpreter: self))
        case (.instance(let i), _):
            if let method = i.cls.lookup("__eq__") {
                return try truthy(try call(.method(PyBoundMethod(method.value, receiver: a)), PyArgs([b], callRange: SourceRange(0, 0))))
            }
            return identical(a, b)
        case (_, .instance(let i)):
            if let method = i.cls.lookup("__eq__") {
                return try truthy(try call(.method(PyBoundMethod(method.value, receiver: b)), PyArgs([a], callRange: SourceRange(0, 0))))
            }
            return false
        default:
            return identical(a, b)
        }
    }

    /// Enters one level of comparing nested containers.
    private func nestComparison() throws(PyError) {
        comparisonDepth += 1
        if comparisonDepth > PyInterpreter.maxCallDepth {
            comparisonDepth -= 1
            throw PyError(.exception("RecursionError"), "maximum recursion depth exceeded in comparison")
        }
    }

    private func sequencesEqual(_ x: [PyValue], _ y: [PyValue]) throws(PyError) -> Bool {
        guard x.count == y.count else { return false }
        try nestComparison()
        defer { comparisonDepth -= 1 }
        for (p, q) in zip(x, y) {
            if identical(p, q) { continue }
            if !(try equal(p, q)) { return false }
        }
        return true
    }

    /// Python's `a < b` (`op` names the operator the program wrote, for the error).
    func less(_ a: PyValue, _ b: PyValue, _ op: PyCompareOp = .less) throws(PyError) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y
        case (.float(let x), .float(let y)): return x < y
        case (.int(let x), .float(let y)): return PyNumbers.compare(x, y) == -1
        case (.float(let x), .int(let y)): return PyNumbers.compare(y, x) == 1
        case (.bool(let x), _) where b.isPythonNumber || b.isBool: return try less(.int(x ? 1 : 0), b.boolAsInt, op)
        case (_, .bool(let y)) where a.isPythonNumber: return try less(a, .int(y ? 1 : 0), op)
        case (.str(let x), .str(let y)):
            return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars) { $0.value < $1.value }
        case (.list(let x), .list(let y)): return try sequenceLess(x.items, y.items, op)
        case (.tuple(let x), .tuple(let y)): return try sequenceLess(x, y, op)
        case (.set(let x), .set(let y)):
            guard x.count < y.count else { return false }
            for v in x.elements where !(try y.contains(v)) { return false }
            return true
        case (.scalar, _), (_, .scalar), (.array, _), (_, .array):
            return try truthy(try NumpyOps.compare(.less, a, b, interpreter: self))
        case (.instance(let i), _):
            if let method = i.cls.lookup("__lt__") {
                return try truthy(try call(.method(PyBoundMethod(method.value, receiver: a)), PyArgs([b], callRange: SourceRange(0, 0))))
            }
        case (_, .instance(let i)):
            if let method = i.cls.lookup("__gt__") {
                return try truthy(try call(.method(PyBoundMethod(method.value, receiver: b)), PyArgs([a], callRange: SourceRange(0, 0))))
            }
        default:
            break
        }
        let (left, right) = op == .greater || op == .lessEqual ? (b, a) : (a, b)
        throw PyError.type("'\(op.rawValue)' not supported between instances of '\(left.typeName)' and '\(right.typeName)'")
    }

    private func sequenceLess(_ x: [PyValue], _ y: [PyValue], _ op: PyCompareOp) throws(PyError) -> Bool {
        try nestComparison()
        defer { comparisonDepth -= 1 }
        for (p, q) in zip(x, y) where !(try equal(p, q)) { return try less(p, q, op) }
        return x.count < y.count
    }

    /// Python's `is`: the same object for mutable values and objects; the
    /// same value for immutable ones (CPython shares small ints, strings
    /// and the empty tuple; attn treats every equal immutable as one).
    func identical(_ a: PyValue, _ b: PyValue) -> Bool {
        switch (a, b) {
        case (.none, .none), (.ellipsis, .ellipsis): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.float(let x), .float(let y)): return x.bitPattern == y.bitPattern
        case (.str(let x), .str(let y)): return x == y
        case (.tuple(let x), .tuple(let y)): return x.count == y.count && zip(x, y).allSatisfy { identical($0, $1) }
        case (.list(let x), .list(let y)): return x === y
        case (.dict(let x), .dict(let y)): return x === y
        case (.set(let x), .set(let y)): return x === y
        case (.function(let x), .function(let y)): return x === y
        case (.builtin(let x), .builtin(let y)): return x === y
        case (.method(let x), .method(let y)): return x === y
        case (.type(let x), .type(let y)): return x === y
        case (.instance(let x), .instance(let y)): return x === y
        case (.module(let x), .module(let y)): return x === y
        case (.array(let x), .array(let y)): return x === y
        case (.scalar(let x), .scalar(let y)): return x.dtype == .bool && y.dtype == .bool && x == y
        case (.dtype(let x), .dtype(let y)): return x == y
        case (.iterator(let x), .iterator(let y)): return x === y
        case (.inert(let x), .inert(let y)): return x === y
        default: return false
        }
    }

    /// `a is b or a == b`, the test of `in`, `index` and `count`.
    func same(_ a: PyValue, _ b: PyValue) throws(PyError) -> Bool {
        if identical(a, b) { return true }
        return try equal(a, b)
    }

    /// Python's `needle in haystack`.
    func contains(_ haystack: PyValue, _ needle: PyValue) throws(PyError) -> Bool {
        switch haystack {
        case .str(let s):
            guard case .str(let n) = needle else {
                throw PyError.type("'in <string>' requires string as left operand, not \(needle.typeName)")
            }
            return n.isEmpty || s.range(of: n) != nil
        case .list(let l):
            for v in l.items where try same(v, needle) { return true }
            return false
        case .tuple(let t):
            for v in t where try same(v, needle) { return true }
            return false
        case .dict(let d): return d.contains(try PyKey(needle))
        case .set(let s): return try s.contains(needle)
        case .view(let v):
            if v.kind == .keys { return v.dict.contains(try PyKey(needle)) }
            for e in v.elements where try equal(e, needle) { return true }
            return false
        case .range(let r):
            guard let n = needle.asIndex else { return false }
            if r.step > 0 ? (n < r.start || n >= r.stop) : (n > r.start || n <= r.stop) { return false }
            return (n - r.start) % r.step == 0
        case .array(let a):
            let eq = try NumpyOps.compare(.equal, .array(a), needle, interpreter: self)
            if case .array(let mask) = eq { return mask.tensor.storage.doubles.contains { $0 != 0 } }
            return try truthy(eq)
        case .instance(let i):
            if let method = i.cls.lookup("__contains__") {
                return try truthy(try call(.method(PyBoundMethod(method.value, receiver: haystack)), PyArgs([needle], callRange: SourceRange(0, 0))))
            }
            fallthrough
        default:
            guard let iterator = try? makeIterator(haystack) else {
                throw PyError.type("argument of type '\(haystack.typeName)' is not iterable")
            }
            while let v = try iterator.next() { if try equal(v, needle) { return true } }
            return false
        }
    }

    // MARK: - Truth

    func truthy(_ v: PyValue, at range: SourceRange) throws(PyError) -> Bool {
        do throws(PyError) { return try truthy(v) } catch { throw error.located(at: range) }
    }

    /// Python's truth value of `v`.
    func truthy(_ v: PyValue) throws(PyError) -> Bool {
        switch v {
        case .none: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .str(let s): return !s.isEmpty
        case .list(let l): return !l.items.isEmpty
        case .tuple(let t): return !t.isEmpty
        case .dict(let d): return d.count > 0
        case .set(let s): return s.count > 0
        case .view(let view): return view.dict.count > 0
        case .range(let r): return r.count > 0
        case .scalar(let t): return (t.scalarValue ?? 0) != 0
        case .array(let a):
            let t = a.tensor
            if t.count == 1 { return (t.scalarValue ?? 0) != 0 }
            if t.count == 0 {
                throw PyError.value("The truth value of an empty array is ambiguous. Use `array.size > 0` to check that an array is not empty.")
            }
            throw PyError.value("The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()")
        case .instance(let i):
            if let method = i.cls.lookup("__bool__") {
                return try truthy(try call(.method(PyBoundMethod(method.value, receiver: v)), PyArgs([], callRange: SourceRange(0, 0))))
            }
            if let method = i.cls.lookup("__len__") {
                return try truthy(try call(.method(PyBoundMethod(method.value, receiver: v)), PyArgs([], callRange: SourceRange(0, 0))))
            }
            return true
        case .slice, .ellipsis, .function, .builtin, .method, .type, .module, .dtype, .iterator, .superProxy, .inert:
            return true
        }
    }
}

extension PyValue {
    /// An int, float (or bool, separately) of Python's own.
    var isPythonNumber: Bool {
        switch self {
        case .int, .float: return true
        default: return false
        }
    }

    var isBool: Bool {
        if case .bool = self { return true }
        return false
    }

    /// A bool as the int it equals; anything else as it is.
    var boolAsInt: PyValue {
        if case .bool(let b) = self { return .int(b ? 1 : 0) }
        return self
    }

    /// A numpy array or scalar.
    var isNumpy: Bool {
        switch self {
        case .array, .scalar: return true
        default: return false
        }
    }

    /// The value as an index (Python's `__index__`): an int, a bool, or a
    /// numpy integer or bool scalar; nil for anything else.
    var asIndex: Int64? {
        switch self {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .scalar(let t):
            switch t.storage {
            case .int64(let a): return a.first
            case .int32(let a): return a.first.map(Int64.init)
            case .bool(let a): return a.first.map { $0 ? 1 : 0 }
            case .float64, .float32: return nil
            }
        default: return nil
        }
    }
}

extension PyBinaryOp {
    /// The operators only integers (and bools, sets, arrays) take.
    var isBitwise: Bool {
        switch self {
        case .shiftLeft, .shiftRight, .and, .or, .xor: return true
        case .add, .subtract, .multiply, .matmul, .divide, .floorDivide, .modulo, .power: return false
        }
    }
}
