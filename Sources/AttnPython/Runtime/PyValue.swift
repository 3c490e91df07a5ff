import AttnCore
import AttnLang

/// A Python value.
///
/// Immutable values are held by value (None, bool, int, float, str, tuple,
/// range, numpy scalars); mutable ones and those with identity are classes
/// held by reference, so that `b = a` shares them as Python does (lists,
/// dicts, sets, arrays, functions, classes, instances, modules).
///
/// - `int` is 64-bit: a result that does not fit is an OverflowError naming
///   the limit (CPython would grow the integer; see docs/python.md).
/// - `str` holds Unicode scalars (Python's code points): lengths and
///   indices count scalars, not Swift's grapheme clusters.
/// - A numpy array (`.array`) wraps an AttnCore `Tensor` in a box that
///   assignments (`a[0] = 1`, `a += 1`) change in place; a numpy scalar
///   (`.scalar`) is a rank-0 tensor with its dtype (`np.float64(1.0)`).
///   Python numbers meeting them become numpy's weak scalars.
enum PyValue {
    case none
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case str(String)
    case list(PyList)
    case tuple([PyValue])
    case dict(PyDict)
    case set(PySet)
    /// `d.keys()`, `d.values()`, `d.items()`.
    case view(PyDictView)
    case range(PyRange)
    case slice(PySlice)
    case ellipsis
    case function(PyFunction)
    case builtin(PyBuiltin)
    case method(PyBoundMethod)
    case type(PyClass)
    case instance(PyInstance)
    case module(PyModule)
    case array(PyArray)
    case scalar(Tensor)
    /// A numpy dtype object (`x.dtype`, `np.dtype('float32')`).
    case dtype(DType)
    case iterator(PyIterator)
    case superProxy(PySuper)
    /// An object whose every attribute, call and item is another inert
    /// object (matplotlib's figures and axes: their calls do nothing).
    case inert(PyInert)

    /// The class of the value, as `type(x)` gives it.
    var pyType: PyClass {
        switch self {
        case .none: return PyClass.noneType
        case .bool: return PyClass.bool
        case .int: return PyClass.int
        case .float: return PyClass.float
        case .str: return PyClass.str
        case .list: return PyClass.list
        case .tuple: return PyClass.tuple
        case .dict: return PyClass.dict
        case .set: return PyClass.set
        case .view(let v): return v.kind == .keys ? PyClass.dictKeys : v.kind == .values ? PyClass.dictValues : PyClass.dictItems
        case .range: return PyClass.range
        case .slice: return PyClass.slice
        case .ellipsis: return PyClass.ellipsis
        case .function: return PyClass.function
        case .builtin: return PyClass.builtinFunction
        case .method: return PyClass.method
        case .type: return PyClass.type
        case .instance(let i): return i.cls
        case .module: return PyClass.module
        case .array: return PyClass.ndarray
        case .scalar(let t): return PyClass.numpyScalar(t.dtype)
        case .dtype: return PyClass.dtype
        case .iterator(let it): return it.kind
        case .superProxy: return PyClass.superType
        case .inert: return PyClass.inert
        }
    }

    /// The type's name as messages quote it: `'int'`, `'numpy.ndarray'`.
    var typeName: String { pyType.qualifiedName }

    var isNone: Bool {
        if case .none = self { return true }
        return false
    }
}

/// A mutable list, shared by every name bound to it.
final class PyList: PyTracked {
    var items: [PyValue]
    init(_ items: [PyValue]) {
        self.items = items
        super.init(track: true)
    }
    override func releaseReferences() { items = [] }
}

/// `range(start, stop, step)`: lazy, with Python's length and indexing.
struct PyRange {
    let start: Int64, stop: Int64, step: Int64

    /// How many ints it holds (computed wide, so no bounds can overflow it).
    var count: Int64 {
        let a = Int128(start), b = Int128(stop), s = Int128(step)
        if s > 0 { return Int64(clamping: a < b ? (b - a - 1) / s + 1 : 0) }
        return Int64(clamping: a > b ? (a - b - 1) / (-s) + 1 : 0)
    }

    /// Element `i` (0 ≤ i < count).
    func element(_ i: Int64) -> Int64 { Int64(truncatingIfNeeded: Int128(start) + Int128(i) * Int128(step)) }
}

/// `slice(start, stop, step)` and the value of `a:b:c` in a subscript.
final class PySlice {
    let start: PyValue, stop: PyValue, step: PyValue
    init(_ start: PyValue, _ stop: PyValue, _ step: PyValue) {
        self.start = start
        self.stop = stop
        self.step = step
    }
}

/// A numpy array: a tensor in a box, so that writes through one name are
/// seen through every other name bound to the same array.
final class PyArray {
    var tensor: Tensor {
        didSet { version &+= 1 }
    }
    /// Changes whenever `tensor` is replaced or written (for sharing names
    /// with attn's language: see PythonDialect+SharedNames.swift).
    private(set) var version = 0
    init(_ tensor: Tensor) { self.tensor = tensor.strong }
}

/// An iterator (of a list, `enumerate`, `zip`, `map`, a generator
/// expression...): `next` gives the next value or nil at the end.
final class PyIterator: PyTracked {
    let kind: PyClass
    private(set) var next: () throws(PyError) -> PyValue?
    init(_ kind: PyClass, _ next: @escaping () throws(PyError) -> PyValue?) {
        self.kind = kind
        self.next = next
        super.init(track: true)
    }
    /// What the iterator's state captured is dropped; it is exhausted.
    override func releaseReferences() { next = { nil } }
}

/// `super()`: attribute lookups start after `cls` in `object`'s class chain.
final class PySuper {
    let cls: PyClass
    let object: PyValue
    init(cls: PyClass, object: PyValue) {
        self.cls = cls
        self.object = object
    }
}

/// See `PyValue.inert`.
final class PyInert {
    let name: String
    init(_ name: String) { self.name = name }
}
