// Python's text for values, as CPython 3.11 writes it (numpy 2 for numpy
// scalars): the one place the Python dialect turns a value into text for
// `repr`, `str`, `ascii`, `format(value, spec)`, f-string fields,
// `str.format` and `template % args`. Held byte for byte to CPython by
// scripts/python_format.py (its JSON is Tests/AttnPythonTests/Golden/).
//
// Everything here is a pure function over Swift values; nothing depends on
// the evaluator's object model. The evaluator maps its values to
// `PyFormattable` and calls:
//
//   PyFormat.repr(_ value: PyFormattable) -> String          repr(x)
//   PyFormat.str(_ value: PyFormattable) -> String           str(x), print(x)
//   PyFormat.repr(_ x: Double) -> String                     repr(1e-05) == "1e-05"
//   PyFormat.repr(_ s: String) -> String                     repr('it\'s') == "\"it's\""
//   PyFormat.ascii(_ reprText: String) -> String             ascii(x) from repr(x)
//   PyFormat.isPrintable(_ s: String) -> Bool                str.isprintable
//   PyFormat.list / tuple / dict / set / frozenset / range / slice
//                                                            containers, from their
//                                                            elements' reprs
//   PyFormat.format(_ value: PyFormattable, spec: String)
//       -> Result<String, PyFormatError>                     format(x, spec), f"{x:spec}"
//   PyFormat.convert(_ value: PyFormattable, _ conversion: Character)
//       -> Result<String, PyFormatError>                     !r, !s, !a
//   PyFormat.percent(_ template: String, _ args: PercentArguments)
//       -> Result<String, PyFormatError>                     template % args
//   PyFormat.formatTemplate(_ template: String,
//       resolve: (PyFormatField) -> Result<PyFormattable, PyFormatError>)
//       -> Result<String, PyFormatError>                     template.format(*args, **kwargs)
//
// The types: `PyFormattable` (none, bool, int, bigInt as decimal text, float,
// str, numpy scalar, any other object as its type name, str and repr),
// `NumpyScalar` (float64, float32, int64, int32, bool), `PyObjectText`,
// `PercentArguments` (a tuple's items, one value, or a mapping with its key
// lookup), `PyFormatField` (a str.format field's argument and accessors, for
// the evaluator to look up) and `PyFormatError`.
//
// Errors are values, never crashes: a `PyFormatError` names the Python
// exception (`ValueError`, `TypeError`, ...) and carries CPython's message
// word for word; the evaluator raises it at the call's source range.
//
// Where attn differs from CPython, on purpose:
// - A width or precision above `PyFormat.maxLength` is a MemoryError (CPython
//   would try to build the text; its own limit is 2^31 - 1 for a precision).
// - Swift strings cannot hold lone surrogates: `format(0xD800, 'c')` and
//   `'%c' % 0xDFFF` give U+FFFD where CPython gives the surrogate.
// - `str.isprintable`, and so the escapes of `repr`, follow Unicode 14.0 as
//   CPython 3.11 does: a code point that Swift's newer Unicode data has
//   assigned since then is taken as unassigned (not printable), by its age.

import AttnCore

/// The values that Python formatting takes, as the evaluator gives them.
public enum PyFormattable: Equatable, Sendable {
    case none
    case bool(Bool)
    case int(Int)
    /// An int outside `Int`'s range, as its decimal text (`-123…`), the text
    /// `str(int)` writes. Text that is not an integer formats as `0`.
    case bigInt(String)
    case float(Double)
    case str(String)
    /// A numpy scalar: `np.float64(0.1)`, `np.float32(0.1)`, `np.int64(3)`, `np.True_`.
    case numpy(NumpyScalar)
    /// Any other object (list, dict, ndarray, function, instance): its type's
    /// name and its `str` and `repr`, which the evaluator has computed.
    case object(PyObjectText)
}

/// A numpy scalar of one of attn's dtypes.
public enum NumpyScalar: Equatable, Sendable {
    case float64(Double)
    case float32(Float)
    case int64(Int64)
    case int32(Int32)
    case bool(Bool)

    /// The scalar as the 0-d tensor numpy's printer takes.
    var tensor: Tensor {
        switch self {
        case .float64(let x): return Tensor(unchecked: [], storage: .float64([x]))
        case .float32(let x): return Tensor(unchecked: [], storage: .float32([x]))
        case .int64(let n): return Tensor(unchecked: [], storage: .int64([n]))
        case .int32(let n): return Tensor(unchecked: [], storage: .int32([n]))
        case .bool(let b): return Tensor(unchecked: [], storage: .bool([b]))
        }
    }

    /// The Python value numpy converts the scalar to before formatting it
    /// (`format(np.float32(0.1), '')` is the float `0.10000000149011612`).
    var python: PyFormattable {
        switch self {
        case .float64(let x): return .float(x)
        case .float32(let x): return .float(Double(x))
        case .int64(let n): return .int(Int(n))
        case .int32(let n): return .int(Int(n))
        case .bool(let b): return .bool(b)
        }
    }

    /// The type's name in CPython's messages: `numpy.float64`, `numpy.bool`.
    var typeName: String {
        switch self {
        case .float64: return "numpy.float64"
        case .float32: return "numpy.float32"
        case .int64: return "numpy.int64"
        case .int32: return "numpy.int32"
        case .bool: return "numpy.bool"
        }
    }
}

/// What formatting needs of an object it has no rules of its own for.
public struct PyObjectText: Equatable, Sendable {
    /// The type's name as CPython writes it in messages: `list`, `numpy.ndarray`.
    public var typeName: String
    public var str: String
    public var repr: String
    /// A 0-d array's element: `format` formats it, and `%d`, `%f`, `%x` take
    /// their number from it, as numpy's `__format__`, `__float__` and `__index__` do.
    public var item: NumpyScalar?

    public init(typeName: String, str: String, repr: String, item: NumpyScalar? = nil) {
        self.typeName = typeName
        self.str = str
        self.repr = repr
        self.item = item
    }
}

/// A Python exception raised by formatting: its class and CPython's message.
public struct PyFormatError: Error, Equatable, Sendable {
    public enum Kind: String, Sendable {
        case valueError = "ValueError"
        case typeError = "TypeError"
        case overflowError = "OverflowError"
        /// The message is the missing key's repr, as `str(KeyError('a'))` is `'a'`.
        case keyError = "KeyError"
        case indexError = "IndexError"
        case memoryError = "MemoryError"
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    static func value(_ message: String) -> PyFormatError { PyFormatError(.valueError, message) }
    static func type(_ message: String) -> PyFormatError { PyFormatError(.typeError, message) }
    static func overflow(_ message: String) -> PyFormatError { PyFormatError(.overflowError, message) }

    /// `str.format`'s IndexError for a positional field past the arguments.
    public static func replacementIndex(_ index: Int) -> PyFormatError {
        PyFormatError(.indexError, "Replacement index \(index) out of range for positional args tuple")
    }

    /// The KeyError of a missing key (`str.format`'s `{name}`, `%(name)s`).
    public static func missingKey(_ key: String) -> PyFormatError {
        PyFormatError(.keyError, PyFormat.repr(key))
    }
}

public enum PyFormat {
    /// The widest width and the largest precision attn writes (see the top of the file).
    public static let maxLength = 10_000_000

    /// `repr(value)`.
    public static func repr(_ value: PyFormattable) -> String {
        switch value {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let n): return String(n)
        case .bigInt(let text): return PyInteger(decimal: text).decimal
        case .float(let x): return repr(x)
        case .str(let s): return repr(s)
        case .numpy(let scalar): return numpyRepr(scalar)
        case .object(let o): return o.repr
        }
    }

    /// `str(value)`, what `print` writes.
    public static func str(_ value: PyFormattable) -> String {
        switch value {
        case .str(let s): return s
        case .numpy(let scalar): return numpyStr(scalar)
        case .object(let o): return o.str
        case .none, .bool, .int, .bigInt, .float: return repr(value)
        }
    }

    /// The type's name in CPython's messages.
    static func typeName(_ value: PyFormattable) -> String {
        switch value {
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int, .bigInt: return "int"
        case .float: return "float"
        case .str: return "str"
        case .numpy(let scalar): return scalar.typeName
        case .object(let o): return o.typeName
        }
    }

    /// A conversion of a replacement field: `!r` (repr), `!s` (str), `!a` (ascii).
    public static func convert(_ value: PyFormattable, _ conversion: Character) -> Result<String, PyFormatError> {
        switch conversion {
        case "r": return .success(repr(value))
        case "s": return .success(str(value))
        case "a": return .success(ascii(repr(value)))
        default: return .failure(.value("Unknown conversion specifier \(conversion)"))
        }
    }
}
