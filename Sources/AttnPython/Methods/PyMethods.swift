import AttnCore
import AttnLang

/// The methods of built-in values (`"a,b".split(",")`, `xs.append(1)`,
/// `d.items()`, `a.reshape(2, 3)`): one table per type, keyed by name. The
/// evaluator calls `obj.name(...)` through `call` without making a bound
/// method first; `obj.name` alone gives one (`bound`), and `str.join` on the
/// class gives the function that takes the object first (`unbound`).
enum PyMethods {
    typealias Body = @Sendable (PyValue, PyArgs, PyInterpreter) throws(PyError) -> PyValue

    static func table(for value: PyValue) -> [String: Body]? {
        switch value {
        case .str: return strMethods
        case .list: return listMethods
        case .tuple: return tupleMethods
        case .dict: return dictMethods
        case .set: return setMethods
        case .int, .bool: return intMethods
        case .float: return floatMethods
        case .array: return NumpyMethods.array
        case .scalar: return NumpyMethods.scalar
        default: return nil
        }
    }

    static func has(_ value: PyValue, _ name: String) -> Bool {
        table(for: value)?[name] != nil
    }

    static func call(_ value: PyValue, _ name: String, _ args: PyArgs, _ py: PyInterpreter) throws(PyError) -> PyValue {
        guard let body = table(for: value)?[name] else {
            throw PyError.attribute("'\(value.typeName)' object has no attribute '\(name)'")
        }
        return try body(value, args, py)
    }

    /// `obj.name` as a callable bound to `obj`.
    static func bound(_ value: PyValue, _ name: String) -> PyBuiltin {
        let body = table(for: value)?[name]
        return PyBuiltin(name, receiver: value) { args, py throws(PyError) in
            guard let body else { throw PyError.attribute("'\(value.typeName)' object has no attribute '\(name)'") }
            return try body(value, args, py)
        }
    }

    /// `Type.name`: the method taking its object as the first argument.
    static func unbound(_ cls: PyClass, _ name: String) -> PyBuiltin? {
        let table: [String: Body]?
        switch cls.builtin {
        case .str?: table = strMethods
        case .list?: table = listMethods
        case .tuple?: table = tupleMethods
        case .dict?: table = dictMethods
        case .set?: table = setMethods
        case .int?, .bool?: table = intMethods
        case .float?: table = floatMethods
        default: table = nil
        }
        if cls.builtin == .dict, name == "fromkeys" { return PyBuiltin("fromkeys", dictFromKeys) }
        guard let body = table?[name] else { return nil }
        return PyBuiltin(name) { args, py throws(PyError) in
            guard let receiver = args.positional.first, receiver.pyType.isSubclass(of: cls) else {
                throw PyError.type("descriptor '\(name)' for '\(cls.name)' objects doesn't apply to a '\(args.positional.first?.typeName ?? "NoneType")' object")
            }
            var rest = args
            rest.positional.removeFirst()
            if !rest.ranges.isEmpty { rest.ranges.removeFirst() }
            return try body(receiver, rest, py)
        }
    }

    static let intMethods: [String: Body] = [
        "bit_length": { v, args, _ throws(PyError) in
            try args.exactly(0, "bit_length")
            let i = v.asIndex ?? 0
            return .int(Int64(64 - i.magnitude.leadingZeroBitCount))
        },
        "conjugate": { v, args, _ throws(PyError) in try args.exactly(0, "conjugate"); return v.boolAsInt },
        "is_integer": { v, args, _ throws(PyError) in try args.exactly(0, "is_integer"); return .bool(true) },
    ]

    static let floatMethods: [String: Body] = [
        "is_integer": { v, args, _ throws(PyError) in
            try args.exactly(0, "is_integer")
            guard case .float(let d) = v else { return .bool(true) }
            return .bool(d.isFinite && d == d.rounded())
        },
        "conjugate": { v, args, _ throws(PyError) in try args.exactly(0, "conjugate"); return v },
        "as_integer_ratio": { v, args, _ throws(PyError) in
            try args.exactly(0, "as_integer_ratio")
            guard case .float(let d) = v, d.isFinite else { throw PyError.overflow("cannot convert Infinity to integer ratio") }
            var numerator = d, denominator: Double = 1
            while numerator != numerator.rounded() { numerator *= 2; denominator *= 2 }
            return .tuple([.int(try PyBuiltins.integer(numerator)), .int(try PyBuiltins.integer(denominator))])
        },
    ]
}
