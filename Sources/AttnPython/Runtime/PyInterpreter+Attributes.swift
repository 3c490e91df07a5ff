import AttnCore
import AttnLang

/// `obj.name`, `obj.name = v` and `del obj.name`: instances (their own
/// attributes, then their class's, functions bound as methods), classes,
/// modules, `super()`, functions, the methods of built-in values
/// (PyMethods) and numpy's attributes (NumpyAttributes).
extension PyInterpreter {
    func getAttribute(_ object: PyValue, _ name: String) throws(PyError) -> PyValue {
        switch object {
        case .instance(let inst):
            if name == "__class__" { return .type(inst.cls) }
            if let v = inst.dict[name] { return v }
            if name == "__dict__" {
                let d = PyDict()
                for (k, v) in inst.dict.sorted(by: { $0.key < $1.key }) { d.set(.str(k), .str(k), v) }
                return .dict(d)
            }
            if inst.cls.isException && name == "args" { return .tuple(inst.args) }
            if let (v, _) = inst.cls.lookup(name) { return try bindDescriptor(v, to: object, of: inst.cls) }
            if inst.cls === PyClass.property, name == "setter" || name == "getter" {
                return .builtin(PyBuiltin(name) { args, _ throws(PyError) in
                    try args.exactly(1, name)
                    let copy = PyInstance(PyClass.property)
                    copy.args = name == "setter" ? [inst.args.first ?? .none, args.positional[0]] : [args.positional[0]] + inst.args.dropFirst()
                    return .instance(copy)
                })
            }
            if let getter = inst.cls.lookup("__getattr__") {
                return try call(.method(PyBoundMethod(getter.value, receiver: object)), PyArgs([.str(name)], callRange: SourceRange(0, 0)))
            }
            throw PyError.attribute("'\(inst.cls.name)' object has no attribute '\(name)'")
        case .type(let cls):
            switch name {
            case "__name__", "__qualname__": return .str(cls.name)
            case "__module__": return .str(cls.module)
            case "__base__": return cls.base.map { .type($0) } ?? .none
            case "__bases__": return .tuple(cls.base.map { [.type($0)] } ?? [])
            default: break
            }
            if let (v, _) = cls.lookup(name) {
                if case .instance(let w) = v, let f = w.args.first {
                    if w.cls === PyClass.staticmethod { return f }
                    if w.cls === PyClass.classmethod { return .method(PyBoundMethod(f, receiver: object)) }
                }
                return v
            }
            if let unbound = PyMethods.unbound(cls, name) { return .builtin(unbound) }
            throw PyError.attribute("type object '\(cls.name)' has no attribute '\(name)'")
        case .module(let m):
            if let v = m.dict[name] { return v }
            if name == "__name__" { return .str(m.name) }
            if PyModules.isInert(m.name) { return .inert(PyInert("\(m.name).\(name)")) }
            if let gap = KnownNames.missing(name, of: m.name) { throw gap }
            throw PyError.attribute("module '\(m.name)' has no attribute '\(name)'")
        case .superProxy(let s):
            var c = s.cls.base
            while let k = c {
                if let v = k.dict[name] {
                    if case .type(let cls) = s.object { return try bindDescriptor(v, to: .type(cls), of: cls) }
                    return try bindDescriptor(v, to: s.object, of: k)
                }
                c = k.base
            }
            if name == "__init__" {
                // BaseException.__init__ keeps its arguments as the exception's `args`.
                if case .instance(let instance) = s.object, instance.cls.isException {
                    return .builtin(PyBuiltin("__init__") { args, _ throws(PyError) in
                        instance.args = args.positional
                        return .none
                    })
                }
                return .builtin(PyBuiltin("__init__") { _, _ throws(PyError) in .none })
            }
            throw PyError.attribute("'super' object has no attribute '\(name)'")
        case .function(let f):
            switch name {
            case "__name__": return .str(f.code.name)
            case "__qualname__": return .str(f.qualifiedName)
            case "__doc__": return docstring(f.code)
            case "__module__": return .str("__main__")
            default: if let v = f.attributes[name] { return v }
            }
        case .builtin(let b):
            if name == "__name__" || name == "__qualname__" { return .str(b.name) }
        case .method(let m):
            switch name {
            case "__self__": return m.receiver
            case "__func__": return m.function
            default: return try getAttribute(m.function, name)
            }
        case .array(let a):
            return try NumpyAttributes.array(a, name, self)
        case .scalar(let t):
            return try NumpyAttributes.scalar(t, name, self)
        case .dtype(let d):
            if let v = NumpyAttributes.dtype(d, name) { return v }
        case .inert:
            return object
        case .int(let i):
            switch name {
            case "real", "numerator": return .int(i)
            case "imag": return .int(0)
            case "denominator": return .int(1)
            default: break
            }
        case .bool(let b):
            if name == "real" || name == "numerator" { return .int(b ? 1 : 0) }
        case .float(let d):
            switch name {
            case "real": return .float(d)
            case "imag": return .float(0)
            default: break
            }
        case .slice(let s):
            switch name {
            case "start": return s.start
            case "stop": return s.stop
            case "step": return s.step
            default: break
            }
        case .range(let r):
            switch name {
            case "start": return .int(r.start)
            case "stop": return .int(r.stop)
            case "step": return .int(r.step)
            default: break
            }
        default:
            break
        }
        if PyMethods.has(object, name) { return .builtin(PyMethods.bound(object, name)) }
        throw PyError.attribute("'\(object.typeName)' object has no attribute '\(name)'")
    }

    /// An attribute found on a class, seen through an instance: functions
    /// become bound methods; `staticmethod`, `classmethod` and `property`
    /// do what they do.
    func bindDescriptor(_ value: PyValue, to object: PyValue, of cls: PyClass) throws(PyError) -> PyValue {
        switch value {
        case .function:
            return .method(PyBoundMethod(value, receiver: object))
        case .builtin(let b) where b.bindsAsMethod:
            return .method(PyBoundMethod(value, receiver: object))
        case .instance(let w) where w.cls === PyClass.staticmethod:
            return w.args.first ?? .none
        case .instance(let w) where w.cls === PyClass.classmethod:
            return .method(PyBoundMethod(w.args.first ?? .none, receiver: .type(cls)))
        case .instance(let w) where w.cls === PyClass.property:
            guard let getter = w.args.first, !getter.isNone else { throw PyError.attribute("property has no getter") }
            return try call(getter, PyArgs([object], callRange: SourceRange(0, 0)))
        default:
            return value
        }
    }

    /// A function's docstring: its body's first statement when that is a string.
    private func docstring(_ code: FunctionCode) -> PyValue {
        if case .expression(.constant(.string(let s), _), _) = code.body.first { return .str(s) }
        return .none
    }

    func setAttribute(_ object: PyValue, _ name: String, _ value: PyValue) throws(PyError) {
        switch object {
        case .instance(let inst):
            if let (v, _) = inst.cls.lookup(name), case .instance(let w) = v, w.cls === PyClass.property {
                guard w.args.count > 1, !w.args[1].isNone else {
                    throw PyError.attribute("property '\(name)' of '\(inst.cls.name)' object has no setter")
                }
                _ = try call(w.args[1], PyArgs([object, value], callRange: SourceRange(0, 0)))
                return
            }
            if let setter = inst.cls.lookup("__setattr__"), setter.owner.builtin == nil {
                _ = try call(.method(PyBoundMethod(setter.value, receiver: object)), PyArgs([.str(name), value], callRange: SourceRange(0, 0)))
                return
            }
            inst.dict[name] = value
        case .type(let cls):
            guard cls.builtin == nil else {
                throw PyError.type("cannot set '\(name)' attribute of immutable type '\(cls.name)'")
            }
            cls.dict[name] = value
        case .function(let f):
            f.attributes[name] = value
        case .module(let m):
            m.dict[name] = value
        case .array(let a):
            try NumpyAttributes.setArray(a, name, value, self)
        case .superProxy(let s):
            try setAttribute(s.object, name, value)
        case .inert:
            return
        default:
            throw PyError.attribute("'\(object.typeName)' object has no attribute '\(name)'")
        }
    }

    func deleteAttribute(_ object: PyValue, _ name: String) throws(PyError) {
        switch object {
        case .instance(let inst):
            guard inst.dict.removeValue(forKey: name) != nil else {
                throw PyError.attribute("'\(inst.cls.name)' object has no attribute '\(name)'")
            }
        case .type(let cls) where cls.builtin == nil:
            guard cls.dict.removeValue(forKey: name) != nil else {
                throw PyError.attribute("type object '\(cls.name)' has no attribute '\(name)'")
            }
        case .module(let m):
            guard m.dict.removeValue(forKey: name) != nil else {
                throw PyError.attribute("module '\(m.name)' has no attribute '\(name)'")
            }
        default:
            throw PyError.attribute("'\(object.typeName)' object has no attribute '\(name)'")
        }
    }
}
