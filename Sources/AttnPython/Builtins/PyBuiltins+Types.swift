import AttnCore
import AttnLang
import Foundation

/// Calling a built-in type: `int("3")`, `float(x)`, `str(x)`, `list(it)`,
/// `dict(pairs, **kw)`, `range(...)`, `type(x)`, exceptions, numpy's scalar
/// types (`np.float64(1.0)`).
extension PyBuiltins {
    static func construct(_ builtin: PyClass.Builtin, _ cls: PyClass, _ args: PyArgs, _ py: PyInterpreter) throws(PyError) -> PyValue {
        switch builtin {
        case .object:
            try args.exactly(0, "object")
            return .instance(PyInstance(PyClass.object))
        case .type:
            guard args.positional.count == 1, args.keywords.isEmpty else {
                if args.positional.count == 3 { throw PyError.unsupported("type(name, bases, dict) is not supported yet") }
                throw PyError.type("type() takes 1 or 3 arguments")
            }
            return .type(args.positional[0].pyType)
        case .none:
            throw PyError.type("cannot create 'NoneType' instances")
        case .bool:
            let v = try args.bind("bool", ["x"], positionalOnly: 1)
            return .bool(try v[0].map { (x: PyValue) throws(PyError) in try py.truthy(x) } ?? false)
        case .int:
            return try integer(args, py)
        case .float:
            let v = try args.bind("float", ["x"], positionalOnly: 1)
            return try toFloat(v[0] ?? .int(0), py)
        case .str:
            let v = try args.bind("str", ["object", "encoding", "errors"])
            if v[1] != nil || v[2] != nil { throw PyError.unsupported("str(bytes, encoding) is not supported: attn has no bytes") }
            return .str(try v[0].map { (x: PyValue) throws(PyError) in try py.str(x) } ?? "")
        case .list:
            let v = try args.bind("list", ["iterable"], positionalOnly: 1)
            return .list(PyList(try v[0].map { (x: PyValue) throws(PyError) in try py.materialize(x) } ?? []))
        case .tuple:
            let v = try args.bind("tuple", ["iterable"], positionalOnly: 1)
            return .tuple(try v[0].map { (x: PyValue) throws(PyError) in try py.materialize(x) } ?? [])
        case .set:
            let v = try args.bind("set", ["iterable"], positionalOnly: 1)
            let set = PySet()
            for x in try v[0].map({ (x: PyValue) throws(PyError) in try py.materialize(x) }) ?? [] { try set.insert(x) }
            return .set(set)
        case .dict:
            guard args.positional.count <= 1 else { throw PyError.type("dict expected at most 1 argument, got \(args.positional.count)") }
            let dict = PyDict()
            if let source = args.positional.first { try py.update(dict, with: source) }
            for (k, v) in args.keywords { dict.set(.str(k), .str(k), v) }
            return .dict(dict)
        case .range:
            return try range(args)
        case .slice:
            try args.noKeywords("slice")
            switch args.positional.count {
            case 1: return .slice(PySlice(.none, args.positional[0], .none))
            case 2: return .slice(PySlice(args.positional[0], args.positional[1], .none))
            case 3: return .slice(PySlice(args.positional[0], args.positional[1], args.positional[2]))
            default: throw PyError.type("slice expected at least 1 argument, got \(args.positional.count)")
            }
        case .exception:
            try args.noKeywords(cls.name)
            let instance = PyInstance(cls)
            instance.args = args.positional
            return .instance(instance)
        case .numpyScalar(let dtype):
            return try NumpyValues.scalarConstructor(dtype, args, py)
        case .ndarray:
            throw PyError.unsupported("np.ndarray(shape) is not supported: use np.zeros, np.ones or np.empty")
        case .other:
            if cls === PyClass.staticmethod || cls === PyClass.classmethod {
                try args.exactly(1, cls.name)
                let wrapper = PyInstance(cls)
                wrapper.args = args.positional
                return .instance(wrapper)
            }
            if cls === PyClass.property {
                let v = try args.bind("property", ["fget", "fset", "fdel", "doc"])
                let wrapper = PyInstance(cls)
                wrapper.args = [v[0] ?? .none, v[1] ?? .none]
                return .instance(wrapper)
            }
            throw PyError.type("cannot create '\(cls.qualifiedName)' instances")
        }
    }

    /// `int(x)`, `int(text, base)`.
    private static func integer(_ args: PyArgs, _ py: PyInterpreter) throws(PyError) -> PyValue {
        let v = try args.bind("int", ["x", "base"], positionalOnly: 1)
        guard let x = v[0] else {
            if v[1] != nil { throw PyError.type("int() missing string argument") }
            return .int(0)
        }
        if let baseValue = v[1] {
            guard case .str(let text) = x else { throw PyError.type("int() can't convert non-string with explicit base") }
            guard let base = baseValue.asIndex, base == 0 || (2...36).contains(base) else {
                throw PyError.value("int() base must be >= 2 and <= 36, or 0")
            }
            return .int(try parseInt(text, base: Int(base)))
        }
        switch x {
        case .int: return x
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let d): return .int(try PyBuiltins.integer(d.rounded(.towardZero)))
        case .str(let s): return .int(try parseInt(s, base: 10))
        case .scalar(let t):
            if let i = x.asIndex { return .int(i) }
            return .int(try PyBuiltins.integer((t.scalarValue ?? 0).rounded(.towardZero)))
        case .array(let a):
            guard a.tensor.count == 1 else { throw PyError.type("only length-1 arrays can be converted to Python scalars") }
            return try integer(PyArgs([NumpyValues.wrap(try PyError.core { () throws(CoreError) in try a.tensor.reshape([]) })], callRange: args.callRange), py)
        default:
            if let r = try py.callSpecial(x, "__int__", []) { return r }
            if let r = try py.callSpecial(x, "__index__", []) { return r }
            throw PyError.type("int() argument must be a string, a bytes-like object or a real number, not '\(x.typeName)'")
        }
    }

    /// An int literal in `base` (0: by its prefix), with Python's `_` and blanks.
    static func parseInt(_ text: String, base: Int) throws(PyError) -> Int64 {
        let fail = PyError.value("invalid literal for int() with base \(base): \(PyFormat.repr(text))")
        var s = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var negative = false
        if s.hasPrefix("-") || s.hasPrefix("+") {
            negative = s.hasPrefix("-")
            s.removeFirst()
        }
        var radix = base
        let lower = s.lowercased()
        for (prefix, r) in [("0x", 16), ("0o", 8), ("0b", 2)] where lower.hasPrefix(prefix) && (base == r || base == 0) {
            radix = r
            s.removeFirst(2)
            if s.hasPrefix("_") { s.removeFirst() }
        }
        if radix == 0 { radix = 10 }
        guard !s.isEmpty, !s.hasPrefix("_"), !s.hasSuffix("_"), !s.contains("__") else { throw fail }
        let digits = s.replacingOccurrences(of: "_", with: "")
        guard let magnitude = UInt64(digits, radix: radix) else {
            if digits.allSatisfy({ $0.isHexDigit }) && UInt64(String(digits.prefix(1)), radix: radix) != nil {
                throw PyError.intOverflow("int(\(PyFormat.repr(text)))")
            }
            throw fail
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw PyError.intOverflow("int(\(PyFormat.repr(text)))") }
            return magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw PyError.intOverflow("int(\(PyFormat.repr(text)))") }
        return Int64(magnitude)
    }

    /// `float(x)`.
    static func toFloat(_ x: PyValue, _ py: PyInterpreter) throws(PyError) -> PyValue {
        switch x {
        case .float: return x
        case .int(let i): return .float(Double(i))
        case .bool(let b): return .float(b ? 1 : 0)
        case .str(let s):
            let t = s.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().replacingOccurrences(of: "_", with: "")
            switch t {
            case "inf", "+inf", "infinity", "+infinity": return .float(.infinity)
            case "-inf", "-infinity": return .float(-.infinity)
            case "nan", "+nan": return .float(.nan)
            case "-nan": return .float(-.nan)
            default: break
            }
            guard !t.isEmpty, t.allSatisfy({ "0123456789.e+-".contains($0) }), let d = Double(t) else {
                throw PyError.value("could not convert string to float: \(PyFormat.repr(s))")
            }
            return .float(d)
        case .scalar(let t): return .float(t.scalarValue ?? .nan)
        case .array(let a):
            guard a.tensor.count == 1, let v = a.tensor.scalarValue else { throw PyError.type("only length-1 arrays can be converted to Python scalars") }
            return .float(v)
        default:
            if let r = try py.callSpecial(x, "__float__", []) { return r }
            throw PyError.type("float() argument must be a string or a real number, not '\(x.typeName)'")
        }
    }

    /// `range(stop)`, `range(start, stop[, step])`.
    private static func range(_ args: PyArgs) throws(PyError) -> PyValue {
        try args.noKeywords("range")
        var bounds: [Int64] = []
        for v in args.positional {
            guard let i = v.asIndex else { throw PyError.type("'\(v.typeName)' object cannot be interpreted as an integer") }
            bounds.append(i)
        }
        switch bounds.count {
        case 1: return .range(PyRange(start: 0, stop: bounds[0], step: 1))
        case 2: return .range(PyRange(start: bounds[0], stop: bounds[1], step: 1))
        case 3:
            guard bounds[2] != 0 else { throw PyError.value("range() arg 3 must not be zero") }
            return .range(PyRange(start: bounds[0], stop: bounds[1], step: bounds[2]))
        case 0: throw PyError.type("range expected at least 1 argument, got 0")
        default: throw PyError.type("range expected at most 3 arguments, got \(bounds.count)")
        }
    }
}

extension PyInterpreter {
    /// `dict.update(source)`: a dict, or an iterable of key/value pairs.
    func update(_ dict: PyDict, with source: PyValue) throws(PyError) {
        if case .dict(let other) = source {
            for (k, v) in other.entries { dict.set(k, try PyKey(k), v) }
            return
        }
        let iterator = try makeIterator(source)
        var n = 0
        while let item = try iterator.next() {
            let pair: [PyValue]
            do throws(PyError) { pair = try materialize(item) } catch {
                throw PyError.type("cannot convert dictionary update sequence element #\(n) to a sequence")
            }
            guard pair.count == 2 else {
                throw PyError.value("dictionary update sequence element #\(n) has length \(pair.count); 2 is required")
            }
            dict.set(pair[0], try PyKey(pair[0]), pair[1])
            n += 1
        }
    }
}
