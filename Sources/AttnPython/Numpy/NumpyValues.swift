import AttnCore
import AttnLang

/// How numpy values wrap AttnCore tensors, and how Python values become
/// tensors:
/// - an operation's result of rank 0 is a numpy scalar (`np.float64`), any
///   other an array (`wrap`);
/// - a Python number meeting an array is numpy's weak scalar (`operand`):
///   `x * 2` keeps a float32 `x` float32;
/// - `np.array`/`np.asarray` (`asArray`) read nested lists and tuples as
///   numpy does: Python bools are bool, ints int64, floats float64, numpy
///   scalars and arrays their own dtype, all promoted together; ragged
///   nesting is numpy's "inhomogeneous shape" ValueError.
enum NumpyValues {
    /// A tensor as a Python value: a numpy scalar at rank 0, else an array.
    static func wrap(_ t: Tensor) -> PyValue {
        t.rank == 0 ? .scalar(t.strong) : .array(PyArray(t))
    }

    /// The tensor an operator sees for `v`, or nil when numpy would not
    /// take it (a str, None, a dict...).
    static func operand(_ v: PyValue) throws(PyError) -> Tensor? {
        switch v {
        case .array(let a): return a.tensor
        case .scalar(let t): return t
        case .int(let i): return Tensor.weak(integer: i)
        case .float(let d): return Tensor.weak(d)
        case .bool(let b): return Tensor.weak(b)
        case .list, .tuple: return try asArray(v)
        default: return nil
        }
    }

    /// `np.asarray(v, dtype)`: Python numbers as strong scalars of their
    /// default dtype, sequences as numpy reads them.
    static func asArray(_ v: PyValue, dtype: DType? = nil) throws(PyError) -> Tensor {
        var t: Tensor
        switch v {
        case .array(let a): t = a.tensor
        case .scalar(let s): t = s
        case .int(let i): t = Tensor(unchecked: [], storage: .int64([i]))
        case .float(let d): t = Tensor(d)
        case .bool(let b): t = Tensor(unchecked: [], storage: .bool([b]))
        case .list, .tuple, .range: t = try fromSequence(v)
        case .str:
            throw PyError.unsupported("arrays of strings are not supported: attn's arrays hold float64, float32, int64, int32 or bool")
        case .none:
            throw PyError.unsupported("arrays of objects (None) are not supported: attn's arrays hold numbers and booleans")
        default:
            throw PyError.unsupported("cannot make an array from '\(v.typeName)': attn's arrays hold numbers and booleans")
        }
        if let dtype { t = try PyError.core { () throws(CoreError) in try t.converted(to: dtype) } }
        return t.strong
    }

    /// A leaf of a nested sequence.
    private enum Leaf {
        case bool(Bool), int(Int64), float(Double), tensor(Tensor)
    }

    /// A nested list/tuple as a tensor.
    private static func fromSequence(_ v: PyValue) throws(PyError) -> Tensor {
        // The shape, from the first element at each level.
        var shape: [Int] = []
        var probe = v
        while true {
            if case .range(let r) = probe { shape.append(Int(clamping: r.count)); break }
            guard let items = sequenceItems(probe) else { break }
            shape.append(items.count)
            guard let first = items.first else { break }
            probe = first
        }
        var leaves: [Leaf] = []
        var hasTensor = false
        func walk(_ value: PyValue, _ depth: Int) throws(PyError) {
            if depth < shape.count {
                if case .range(let r) = value, depth == shape.count - 1, Int(clamping: r.count) == shape[depth] {
                    for i in 0..<r.count { leaves.append(.int(r.element(i))) }
                    return
                }
                guard let items = sequenceItems(value), items.count == shape[depth] else {
                    throw inhomogeneous(shape, depth)
                }
                for item in items { try walk(item, depth + 1) }
                if leaves.count & 0xFFFF == 0 { try PyError.checkInterrupt() }
                return
            }
            switch value {
            case .bool(let b): leaves.append(.bool(b))
            case .int(let i): leaves.append(.int(i))
            case .float(let d): leaves.append(.float(d))
            case .scalar(let t): leaves.append(.tensor(t)); hasTensor = true
            case .array(let a): leaves.append(.tensor(a.tensor)); hasTensor = true
            case .list, .tuple: throw inhomogeneous(shape, depth)
            case .str: throw PyError.unsupported("arrays of strings are not supported: attn's arrays hold float64, float32, int64, int32 or bool")
            default: throw PyError.unsupported("arrays of '\(value.typeName)' objects are not supported: attn's arrays hold numbers and booleans")
            }
        }
        try walk(v, 0)
        try PyInterpreter.checkLength(leaves.count, "array")
        if hasTensor {
            // Arrays (or numpy scalars) inside lists: each leaf a tensor, stacked.
            var parts: [Tensor] = []
            for leaf in leaves {
                switch leaf {
                case .bool(let b): parts.append(Tensor(unchecked: [], storage: .bool([b])))
                case .int(let i): parts.append(Tensor(unchecked: [], storage: .int64([i])))
                case .float(let d): parts.append(Tensor(d))
                case .tensor(let t): parts.append(t.strong)
                }
            }
            let leafShape = parts.first?.shape ?? []
            guard parts.allSatisfy({ $0.shape == leafShape }) else { throw inhomogeneous(shape, shape.count) }
            let flat = try PyError.core { () throws(CoreError) in try Tensor.stack(parts, axis: 0) }
            return try PyError.core { () throws(CoreError) in try flat.reshape(shape + leafShape) }
        }
        var kind = leaves.isEmpty ? 2 : 0  // 0 bool, 1 int, 2 float (an empty list gives float64)
        for leaf in leaves {
            switch leaf {
            case .bool: break
            case .int: kind = max(kind, 1)
            case .float: kind = 2
            case .tensor: break
            }
        }
        let count = try PyError.core { () throws(CoreError) in try Tensor.checkedCount(shape, dtype: kind == 0 ? .bool : .float64) }
        guard count == leaves.count else { throw inhomogeneous(shape, shape.count) }
        switch kind {
        case 0:
            return Tensor(unchecked: shape, storage: .bool(leaves.map { if case .bool(let b) = $0 { return b } else { return false } }))
        case 1:
            return Tensor(unchecked: shape, storage: .int64(leaves.map {
                switch $0 {
                case .bool(let b): return b ? 1 : 0
                case .int(let i): return i
                case .float, .tensor: return 0
                }
            }))
        default:
            return Tensor(unchecked: shape, storage: .float64(leaves.map {
                switch $0 {
                case .bool(let b): return b ? 1 : 0
                case .int(let i): return Double(i)
                case .float(let d): return d
                case .tensor: return 0
                }
            }))
        }
    }

    private static func sequenceItems(_ v: PyValue) -> [PyValue]? {
        switch v {
        case .list(let l): return l.items
        case .tuple(let t): return t
        default: return nil
        }
    }

    private static func inhomogeneous(_ shape: [Int], _ depth: Int) -> PyError {
        let detected = shape.prefix(depth)
        let tuple = detected.count == 1 ? "(\(detected[detected.startIndex]),)" : "(" + detected.map(String.init).joined(separator: ", ") + ")"
        return PyError.value("setting an array element with a sequence. The requested array has an inhomogeneous shape after \(depth) dimensions. The detected shape was \(tuple) + inhomogeneous part.")
    }

    // MARK: - dtypes

    /// The dtype a `dtype=` argument names: numpy's scalar types
    /// (`np.float32`), `float`, `int`, `bool`, dtype objects and names
    /// (`'float32'`, `'f4'`).
    static func dtype(_ v: PyValue) throws(PyError) -> DType? {
        switch v {
        case .none: return nil
        case .dtype(let d): return d
        case .type(let cls):
            switch cls.builtin {
            case .numpyScalar(let d)?: return d
            case .float?: return .float64
            case .int?: return .int64
            case .bool?: return .bool
            default: throw PyError.type("Cannot interpret '\(cls.repr)' as a data type")
            }
        case .str(let name):
            switch name {
            case "float64", "f8", "float", "double", "d", "<f8": return .float64
            case "float32", "f4", "single", "f", "<f4": return .float32
            case "int64", "i8", "int", "long", "<i8", "intp": return .int64
            case "int32", "i4", "<i4": return .int32
            case "bool", "?", "b1", "bool_": return .bool
            case "float16", "f2", "half", "uint8", "u1", "int8", "i1", "int16", "i2", "uint16", "uint32", "uint64",
                 "complex64", "complex128", "complex", "object", "O", "str", "U":
                throw PyError.unsupported("dtype '\(name)' is not supported: attn's arrays are float64, float32, int64, int32 or bool")
            default:
                throw PyError.type("data type \(PyFormat.repr(name)) not understood")
            }
        default:
            throw PyError.type("Cannot interpret '\(v.typeName)' as a data type")
        }
    }

    /// `np.float64(x)` and its kin: a numpy scalar (or an array, for a sequence).
    static func scalarConstructor(_ dtype: DType, _ args: PyArgs, _ py: PyInterpreter) throws(PyError) -> PyValue {
        let v = try args.bind(PyClass.numpyScalar(dtype).name, ["value"])
        guard let value = v[0] else {
            return .scalar(try PyError.core { () throws(CoreError) in try Tensor.zeros([], dtype: dtype) })
        }
        if case .str(let s) = value {
            let number = dtype.isInteger ? PyValue.int(try PyBuiltins.parseInt(s, base: 10)) : try PyBuiltins.toFloat(value, py)
            return try scalarConstructor(dtype, PyArgs([number], callRange: args.callRange), py)
        }
        let t = try asArray(value, dtype: dtype)
        return wrap(t)
    }

    /// `v` as a Python scalar (`item()`, `tolist()`): float, int or bool.
    static func pythonScalar(_ t: Tensor, at i: Int) -> PyValue {
        switch t.storage {
        case .float64(let a): return .float(a[i])
        case .float32(let a): return .float(Double(a[i]))
        case .int64(let a): return .int(a[i])
        case .int32(let a): return .int(Int64(a[i]))
        case .bool(let a): return .bool(a[i])
        }
    }

    /// An integer argument (a shape length, an axis, a count).
    static func integer(_ v: PyValue, _ what: String) throws(PyError) -> Int {
        guard let i = v.asIndex else {
            throw PyError.type("'\(v.typeName)' object cannot be interpreted as an integer")
        }
        guard let n = Int(exactly: i) else { throw PyError.value("\(what) is out of range") }
        return n
    }

    /// A shape argument: an int or a sequence of ints; negative lengths are
    /// numpy's error, except one -1 (to be inferred) for a reshape.
    static func shape(_ v: PyValue, allowUnknown: Bool = false) throws(PyError) -> [Int] {
        var dims: [Int] = []
        if let items = sequenceItems(v) {
            for item in items { dims.append(try integer(item, "a dimension")) }
        } else {
            dims = [try integer(v, "a dimension")]
        }
        if dims.contains(where: { $0 < (allowUnknown ? -1 : 0) }) { throw PyError.value("negative dimensions are not allowed") }
        return dims
    }

    /// A tuple of Python ints (`a.shape`).
    static func tuple(_ ints: [Int]) -> PyValue { .tuple(ints.map { .int(Int64($0)) }) }
}
