import AttnCore
import AttnLang

/// Python's builtins: the one table of the functions and types a program
/// sees without importing anything. Each entry is its name and its
/// implementation; conversions and constructors are in
/// PyBuiltins+Types.swift, iteration helpers in PyBuiltins+Iteration.swift,
/// numbers in PyBuiltins+Numbers.swift.
enum PyBuiltins {
    typealias Body = PyBuiltin.Body

    /// The builtins namespace.
    static func table() -> [String: PyValue] {
        var t: [String: PyValue] = [:]
        func add(_ name: String, _ body: @escaping Body) { t[name] = .builtin(PyBuiltin(name, body)) }
        for (name, body) in functions { add(name, body) }
        for (name, body) in iteration { add(name, body) }
        for (name, body) in numbers { add(name, body) }
        let types: [PyClass] = [.object, .type, .bool, .int, .float, .str, .list, .tuple, .dict, .set, .range, .slice,
                                .staticmethod, .classmethod, .property]
        for cls in types { t[cls.name] = .type(cls) }
        for (name, cls) in PyClass.exceptions where cls.module == "builtins" { t[name] = .type(cls) }
        t["Ellipsis"] = .ellipsis
        t["__name__"] = .str("__main__")
        return t
    }

    /// Builtins attn refuses (no file, process or code access), with why.
    static let refused: [String: String] = {
        var out: [String: String] = [:]
        for name in ["open", "input", "breakpoint"] {
            out[name] = "\(name)() is not available: attn's Python dialect has no file, terminal or process access"
        }
        for name in ["eval", "exec", "compile", "__import__", "globals", "locals", "vars", "dir", "exit", "quit", "memoryview", "bytearray", "bytes", "complex", "frozenset"] {
            out[name] = "\(name)() is not supported yet in attn's Python dialect"
        }
        return out
    }()

    static var functions: [(String, Body)] { [
        ("print", print),
        ("len", { args, py throws(PyError) in
            try args.exactly(1, "len")
            return .int(Int64(try py.length(args.positional[0])))
        }),
        ("repr", { args, py throws(PyError) in
            try args.exactly(1, "repr")
            return .str(try py.repr(args.positional[0]))
        }),
        // IPython's `display(*objects)`, which notebooks call: each object's
        // repr is shown as the cell's displayed output (`text/plain`).
        ("display", { args, py throws(PyError) in
            for value in args.positional { py.displayed.append(try py.repr(value)) }
            return .none
        }),
        ("ascii", { args, py throws(PyError) in
            try args.exactly(1, "ascii")
            return .str(PyFormat.ascii(try py.repr(args.positional[0])))
        }),
        ("format", { args, py throws(PyError) in
            let v = try args.bind("format", ["value", "format_spec"], required: 1, positionalOnly: 2)
            var spec = ""
            if let s = v[1] {
                guard case .str(let text) = s else { throw PyError.type("format() argument 2 must be str, not \(s.typeName)") }
                spec = text
            }
            return .str(try py.format(v[0] ?? .none, spec))
        }),
        ("isinstance", { args, py throws(PyError) in
            try args.exactly(2, "isinstance")
            return .bool(try PyBuiltins.isInstance(args.positional[0], args.positional[1]))
        }),
        ("issubclass", { args, py throws(PyError) in
            try args.exactly(2, "issubclass")
            guard case .type(let cls) = args.positional[0] else { throw PyError.type("issubclass() arg 1 must be a class") }
            return .bool(try PyBuiltins.classMatches(cls, args.positional[1], "issubclass"))
        }),
        ("callable", { args, py throws(PyError) in
            try args.exactly(1, "callable")
            switch args.positional[0] {
            case .function, .builtin, .method, .type: return .bool(true)
            case .instance(let i): return .bool(i.cls.lookup("__call__") != nil)
            default: return .bool(false)
            }
        }),
        ("hash", { args, py throws(PyError) in
            try args.exactly(1, "hash")
            let key = try PyKey(args.positional[0])
            if case .int(let i) = key { return .int(i == -1 ? -2 : i) }
            return .int(Int64(key.hashValue))
        }),
        ("id", { args, py throws(PyError) in
            try args.exactly(1, "id")
            return .int(Int64(PyKey.identity(args.positional[0])))
        }),
        ("getattr", { args, py throws(PyError) in
            guard args.positional.count == 2 || args.positional.count == 3 else {
                throw PyError.type("getattr expected 2 or 3 arguments, got \(args.positional.count)")
            }
            guard case .str(let name) = args.positional[1] else { throw PyError.type("attribute name must be string, not '\(args.positional[1].typeName)'") }
            do throws(PyError) { return try py.getAttribute(args.positional[0], name) } catch {
                if args.positional.count == 3, error.exceptionName == "AttributeError" { return args.positional[2] }
                throw error
            }
        }),
        ("setattr", { args, py throws(PyError) in
            try args.exactly(3, "setattr")
            guard case .str(let name) = args.positional[1] else { throw PyError.type("attribute name must be string, not '\(args.positional[1].typeName)'") }
            try py.setAttribute(args.positional[0], name, args.positional[2])
            return .none
        }),
        ("hasattr", { args, py throws(PyError) in
            try args.exactly(2, "hasattr")
            guard case .str(let name) = args.positional[1] else { throw PyError.type("attribute name must be string, not '\(args.positional[1].typeName)'") }
            do throws(PyError) { _ = try py.getAttribute(args.positional[0], name); return .bool(true) } catch {
                if error.exceptionName == "AttributeError" { return .bool(false) }
                throw error
            }
        }),
        ("delattr", { args, py throws(PyError) in
            try args.exactly(2, "delattr")
            guard case .str(let name) = args.positional[1] else { throw PyError.type("attribute name must be string, not '\(args.positional[1].typeName)'") }
            try py.deleteAttribute(args.positional[0], name)
            return .none
        }),
        ("super", superCall),
        ("chr", { args, py throws(PyError) in
            try args.exactly(1, "chr")
            guard let i = args.positional[0].asIndex else {
                throw PyError.type("'\(args.positional[0].typeName)' object cannot be interpreted as an integer")
            }
            guard i >= 0 && i < 0x110000, let scalar = Unicode.Scalar(UInt32(i)) else { throw PyError.value("chr() arg not in range(0x110000)") }
            return .str(String(Character(scalar)))
        }),
        ("ord", { args, py throws(PyError) in
            try args.exactly(1, "ord")
            guard case .str(let s) = args.positional[0] else {
                throw PyError.type("ord() expected string of length 1, but \(args.positional[0].typeName) found")
            }
            guard s.unicodeScalars.count == 1, let scalar = s.unicodeScalars.first else {
                throw PyError.type("ord() expected a character, but string of length \(s.unicodeScalars.count) found")
            }
            return .int(Int64(scalar.value))
        }),
    ] }

    /// `print(*values, sep=' ', end='\n', file=None, flush=False)`.
    static func print(_ args: PyArgs, _ py: PyInterpreter) throws(PyError) -> PyValue {
        var sep = " ", end = "\n"
        for (name, value) in args.keywords {
            switch (name, value) {
            case ("sep", .none), ("end", .none), ("file", .none), ("flush", _): break
            case ("sep", .str(let s)): sep = s
            case ("end", .str(let s)): end = s
            case ("sep", _), ("end", _):
                throw PyError.type("\(name) must be None or a string, not \(value.typeName)")
            case ("file", _):
                throw PyError.unsupported("print(file=...) is not supported: attn collects what a program prints as its output")
            default:
                throw PyError.type("'\(name)' is an invalid keyword argument for print()")
            }
        }
        var parts: [String] = []
        parts.reserveCapacity(args.positional.count)
        for v in args.positional { parts.append(try py.str(v)) }
        try py.write(parts.joined(separator: sep) + end)
        return .none
    }

    /// `super()` (the class and instance of the method running) or `super(C, obj)`.
    static func superCall(_ args: PyArgs, _ py: PyInterpreter) throws(PyError) -> PyValue {
        if args.positional.count == 2, case .type(let cls) = args.positional[0] {
            return .superProxy(PySuper(cls: cls, object: args.positional[1]))
        }
        guard args.positional.isEmpty, let frame = py.currentFrame, let function = frame.function,
              let cls = function.definingClass else {
            throw PyError.runtime("super(): no arguments")
        }
        guard let first = function.code.positional.first?.name, let object = frame.locals[first] else {
            throw PyError.runtime("super(): no arguments")
        }
        return .superProxy(PySuper(cls: cls, object: object))
    }

    /// `isinstance(value, classes)`: a class or a tuple of classes.
    static func isInstance(_ value: PyValue, _ classes: PyValue) throws(PyError) -> Bool {
        try classMatches(value.pyType, classes, "isinstance")
    }

    static func classMatches(_ cls: PyClass, _ classes: PyValue, _ function: String) throws(PyError) -> Bool {
        switch classes {
        case .type(let c): return cls.isSubclass(of: c)
        case .tuple(let items):
            for item in items where try classMatches(cls, item, function) { return true }
            return false
        default:
            throw PyError.type("\(function)() arg 2 must be a type, a tuple of types, or a union")
        }
    }
}

extension PyKey {
    /// A number standing for an object's identity (`id(x)`).
    static func identity(_ value: PyValue) -> Int {
        switch value {
        case .list(let l): return ObjectIdentifier(l).hashValue
        case .dict(let d): return ObjectIdentifier(d).hashValue
        case .set(let s): return ObjectIdentifier(s).hashValue
        case .array(let a): return ObjectIdentifier(a).hashValue
        case .instance(let i): return ObjectIdentifier(i).hashValue
        case .function(let f): return ObjectIdentifier(f).hashValue
        case .type(let c): return ObjectIdentifier(c).hashValue
        case .module(let m): return ObjectIdentifier(m).hashValue
        default: return (try? PyKey(value).hashValue) ?? 0
        }
    }
}
