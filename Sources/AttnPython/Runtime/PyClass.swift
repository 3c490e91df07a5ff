import AttnCore

/// A class: a user's (`class Foo(Base): ...`) or one of the built-in types
/// (`int`, `list`, `numpy.ndarray`, `ValueError`...), which are values too
/// (`type(x)`, `isinstance(x, int)`, `dtype=np.float32`). Single
/// inheritance: attribute lookup walks `base` up to `object`.
final class PyClass: PyTracked, @unchecked Sendable {
    // @unchecked: the built-in classes below are shared and never change;
    // a user's class belongs to one interpreter, used from one thread.

    /// Which built-in type it is, for construction and conversion.
    enum Builtin: Equatable {
        case object, type, none, bool, int, float, str, list, tuple, dict, set, range, slice
        case exception
        /// `numpy.float64` and its kin: constructors of numpy scalars.
        case numpyScalar(DType)
        case ndarray
        /// Types that cannot be called from Python here (functions, modules, iterators...).
        case other
    }

    let name: String
    /// The module it belongs to, as its repr shows it (`builtins` is not shown).
    let module: String
    let base: PyClass?
    var dict: [String: PyValue]
    let builtin: Builtin?

    init(name: String, module: String, base: PyClass?, dict: [String: PyValue] = [:], builtin: Builtin? = nil) {
        self.name = name
        self.module = module
        self.base = base
        self.dict = dict
        self.builtin = builtin
        // A class a program made, or one made per interpreter (torch's,
        // numpy.random's): the running interpreter's heap tracks it. The
        // built-in classes (`builtin` set) are shared by every interpreter,
        // can never change, and are not tracked.
        super.init(track: builtin == nil)
    }

    /// The name messages quote: `int`, `numpy.ndarray`, `Foo`.
    var qualifiedName: String {
        module == "builtins" || module == "__main__" ? name : "\(module).\(name)"
    }

    /// `<class 'int'>`, `<class '__main__.Foo'>`.
    var repr: String {
        module == "builtins" ? "<class '\(name)'>" : "<class '\(module).\(name)'>"
    }

    override func releaseReferences() { dict = [:] }

    /// Whether this class is `other` or derives from it.
    func isSubclass(of other: PyClass) -> Bool {
        var c: PyClass? = self
        while let k = c {
            if k === other { return true }
            c = k.base
        }
        return other === PyClass.object
    }

    /// An attribute found on the class or a base, with the class that has it.
    func lookup(_ name: String) -> (value: PyValue, owner: PyClass)? {
        var c: PyClass? = self
        while let k = c {
            if let v = k.dict[name] { return (v, k) }
            c = k.base
        }
        return nil
    }

    /// The first built-in class in the chain (`int` for `bool`, `Exception`...).
    var builtinAncestor: PyClass? {
        var c: PyClass? = self
        while let k = c {
            if k.builtin != nil { return k }
            c = k.base
        }
        return nil
    }

    var isException: Bool { isSubclass(of: PyClass.baseException) && self !== PyClass.object }

    // MARK: - The built-in classes

    private static func make(_ name: String, _ builtin: Builtin = .other, base: PyClass? = PyClass.object, module: String = "builtins") -> PyClass {
        PyClass(name: name, module: module, base: base, builtin: builtin)
    }

    static let object = PyClass(name: "object", module: "builtins", base: nil, builtin: .object)
    static let type = make("type", .type)
    static let noneType = make("NoneType", .none)
    static let int = make("int", .int)
    static let bool = make("bool", .bool, base: int)
    static let float = make("float", .float)
    static let str = make("str", .str)
    static let list = make("list", .list)
    static let tuple = make("tuple", .tuple)
    static let dict = make("dict", .dict)
    static let set = make("set", .set)
    static let range = make("range", .range)
    static let slice = make("slice", .slice)
    static let ellipsis = make("ellipsis")
    static let function = make("function")
    static let builtinFunction = make("builtin_function_or_method")
    static let method = make("method")
    static let module = make("module")
    static let dictKeys = make("dict_keys")
    static let dictValues = make("dict_values")
    static let dictItems = make("dict_items")
    static let superType = make("super")
    /// The wrappers `@staticmethod`, `@classmethod` and `@property` make
    /// (instances holding the function in `args`; a property holds its
    /// getter and setter).
    static let staticmethod = make("staticmethod")
    static let classmethod = make("classmethod")
    static let property = make("property")
    static let inert = make("object", module: "matplotlib")

    // Iterators.
    static let listIterator = make("list_iterator")
    static let tupleIterator = make("tuple_iterator")
    static let strIterator = make("str_ascii_iterator")
    static let rangeIterator = make("range_iterator")
    static let dictKeyIterator = make("dict_keyiterator")
    static let setIterator = make("set_iterator")
    static let enumerate = make("enumerate")
    static let zip = make("zip")
    static let map = make("map")
    static let filter = make("filter")
    static let reversed = make("reversed")
    static let generator = make("generator")
    static let arrayIterator = make("iterator")

    // numpy.
    static let ndarray = make("ndarray", .ndarray, module: "numpy")
    static let dtype = make("dtype", module: "numpy")
    static let float64 = make("float64", .numpyScalar(.float64), base: float, module: "numpy")
    static let float32 = make("float32", .numpyScalar(.float32), module: "numpy")
    static let int64 = make("int64", .numpyScalar(.int64), module: "numpy")
    static let int32 = make("int32", .numpyScalar(.int32), module: "numpy")
    static let numpyBool = make("bool", .numpyScalar(.bool), module: "numpy")

    /// The class of a numpy scalar of `dtype`.
    static func numpyScalar(_ dtype: DType) -> PyClass {
        switch dtype {
        case .float64: return float64
        case .float32: return float32
        case .int64: return int64
        case .int32: return int32
        case .bool: return numpyBool
        }
    }

    // Exceptions (CPython's hierarchy, the part a program can meet here).
    static let baseException = make("BaseException", .exception)
    static let exception = make("Exception", .exception, base: baseException)
    static let exceptions: [String: PyClass] = {
        var table: [String: PyClass] = ["BaseException": baseException, "Exception": exception]
        func add(_ name: String, _ base: String, module: String = "builtins") {
            table[name] = PyClass(name: name, module: module, base: table[base], builtin: .exception)
        }
        add("ArithmeticError", "Exception")
        add("ZeroDivisionError", "ArithmeticError")
        add("OverflowError", "ArithmeticError")
        add("FloatingPointError", "ArithmeticError")
        add("LookupError", "Exception")
        add("IndexError", "LookupError")
        add("KeyError", "LookupError")
        add("ValueError", "Exception")
        add("TypeError", "Exception")
        add("NameError", "Exception")
        add("UnboundLocalError", "NameError")
        add("AttributeError", "Exception")
        add("AssertionError", "Exception")
        add("RuntimeError", "Exception")
        add("NotImplementedError", "RuntimeError")
        add("RecursionError", "RuntimeError")
        add("StopIteration", "Exception")
        add("ImportError", "Exception")
        add("ModuleNotFoundError", "ImportError")
        add("MemoryError", "Exception")
        add("KeyboardInterrupt", "BaseException")
        add("AxisError", "ValueError", module: "numpy.exceptions")
        add("LinAlgError", "ValueError", module: "numpy.linalg")
        return table
    }()
}

/// An instance of a user's class (or of an exception class).
final class PyInstance: PyTracked {
    let cls: PyClass
    var dict: [String: PyValue] = [:]
    /// An exception's arguments (`ValueError("bad")` holds `("bad",)`).
    var args: [PyValue] = []
    /// The Swift state of an instance of a class attn defines in Swift (a
    /// numpy random stream, a torch tensor's box, an nn.Module's registries);
    /// nil for every other instance.
    var native: AnyObject?

    init(_ cls: PyClass) {
        self.cls = cls
        super.init(track: true)
    }

    override func releaseReferences() {
        dict = [:]
        args = []
        native = nil
    }
}

/// A module: its name and its attributes.
final class PyModule: PyTracked {
    let name: String
    var dict: [String: PyValue]
    init(_ name: String, _ dict: [String: PyValue] = [:]) {
        self.name = name
        self.dict = dict
        super.init(track: true)
    }
    override func releaseReferences() { dict = [:] }
}
