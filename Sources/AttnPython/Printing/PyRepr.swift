import AttnCore
import AttnLang

/// `repr(x)` and `str(x)` of every value, and f-strings. Floats, strings
/// and format specs go through `PyFormat`; arrays and numpy scalars through numpy's printer
/// (`Printer.numpyRepr`, `numpyStr`, `numpyScalarRepr`) with the session's
/// print options.
///
/// Containers that hold themselves print `[...]` (`{...}`) where they
/// recur, as Python does; nesting deeper than `maxReprDepth` is a
/// RecursionError, as in CPython.
extension PyInterpreter {
    static let maxReprDepth = 500

    func repr(_ v: PyValue) throws(PyError) -> String {
        var visiting: Set<ObjectIdentifier> = []
        return try repr(v, &visiting, depth: 0)
    }

    func str(_ v: PyValue) throws(PyError) -> String {
        switch v {
        case .str(let s): return s
        case .array(let a): return Printer.numpyStr(a.tensor, options: printOptions)
        case .scalar(let t): return Printer.numpyStr(t, options: printOptions)
        case .dtype(let d): return d.rawValue
        case .instance(let inst):
            if let method = inst.cls.lookup("__str__") {
                return try stringResult(try call(.method(PyBoundMethod(method.value, receiver: v)), PyArgs([], callRange: SourceRange(0, 0))), "__str__")
            }
            if inst.cls.isException, inst.cls.lookup("__repr__") == nil {
                // str(KeyError(k)) is repr(k), as for the message of an uncaught one.
                if inst.args.count == 1, let keyError = PyClass.exceptions["KeyError"], inst.cls.isSubclass(of: keyError) {
                    return try repr(inst.args[0])
                }
                if inst.args.count == 1 { return try str(inst.args[0]) }
                return inst.args.isEmpty ? "" : try repr(.tuple(inst.args))
            }
            return try repr(v)
        default:
            return try repr(v)
        }
    }

    private func stringResult(_ v: PyValue, _ method: String) throws(PyError) -> String {
        guard case .str(let s) = v else { throw PyError.type("\(method) returned non-string (type \(v.typeName))") }
        return s
    }

    private func repr(_ v: PyValue, _ visiting: inout Set<ObjectIdentifier>, depth: Int) throws(PyError) -> String {
        guard depth < PyInterpreter.maxReprDepth else {
            throw PyError(.exception("RecursionError"), "maximum recursion depth exceeded while getting the repr of an object")
        }
        func items(_ values: [PyValue], _ visiting: inout Set<ObjectIdentifier>) throws(PyError) -> String {
            var parts: [String] = []
            parts.reserveCapacity(values.count)
            for item in values {
                parts.append(try repr(item, &visiting, depth: depth + 1))
                if parts.count & 0xFFF == 0 { try PyError.checkInterrupt() }
            }
            return parts.joined(separator: ", ")
        }
        switch v {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return PyFormat.repr(d)
        case .str(let s): return PyFormat.repr(s)
        case .list(let l):
            let id = ObjectIdentifier(l)
            guard visiting.insert(id).inserted else { return "[...]" }
            defer { visiting.remove(id) }
            return "[" + (try items(l.items, &visiting)) + "]"
        case .tuple(let t):
            if t.count == 1 { return "(" + (try repr(t[0], &visiting, depth: depth + 1)) + ",)" }
            return "(" + (try items(t, &visiting)) + ")"
        case .dict(let d):
            let id = ObjectIdentifier(d)
            guard visiting.insert(id).inserted else { return "{...}" }
            defer { visiting.remove(id) }
            var parts: [String] = []
            for (k, value) in d.entries {
                parts.append((try repr(k, &visiting, depth: depth + 1)) + ": " + (try repr(value, &visiting, depth: depth + 1)))
            }
            return "{" + parts.joined(separator: ", ") + "}"
        case .set(let s):
            if s.count == 0 { return "set()" }
            return "{" + (try items(s.elements, &visiting)) + "}"
        case .view(let view):
            let name = view.kind == .keys ? "dict_keys" : view.kind == .values ? "dict_values" : "dict_items"
            return name + "([" + (try items(view.elements, &visiting)) + "])"
        case .range(let r):
            return r.step == 1 ? "range(\(r.start), \(r.stop))" : "range(\(r.start), \(r.stop), \(r.step))"
        case .slice(let s):
            return "slice(\(try repr(s.start, &visiting, depth: depth + 1)), \(try repr(s.stop, &visiting, depth: depth + 1)), \(try repr(s.step, &visiting, depth: depth + 1)))"
        case .ellipsis: return "Ellipsis"
        case .function(let f):
            return "<function \(f.qualifiedName) at \(PyInterpreter.address(f))>"
        case .builtin(let b):
            return "<built-in function \(b.name)>"
        case .method(let m):
            if case .builtin(let b) = m.function, case .instance(let receiver) = m.receiver {
                // A method of a class defined in Swift (`np.random.rand`), as CPython shows a C method.
                return "<built-in method \(b.name) of \(receiver.cls.qualifiedName) object at \(PyInterpreter.address(receiver))>"
            }
            let name: String
            if case .function(let f) = m.function { name = f.qualifiedName } else { name = "method" }
            return "<bound method \(name) of \(try repr(m.receiver, &visiting, depth: depth + 1))>"
        case .type(let c): return c.repr
        case .instance(let inst):
            if let method = inst.cls.lookup("__repr__") {
                return try stringResult(try call(.method(PyBoundMethod(method.value, receiver: v)), PyArgs([], callRange: SourceRange(0, 0))), "__repr__")
            }
            if inst.cls.isException {
                return inst.cls.name + "(" + (try items(inst.args, &visiting)) + ")"
            }
            if inst.cls === PyClass.staticmethod || inst.cls === PyClass.classmethod {
                return "<\(inst.cls.name)(\(try repr(inst.args.first ?? .none, &visiting, depth: depth + 1)))>"
            }
            if inst.cls === PyClass.property { return "<property object at \(PyInterpreter.address(inst))>" }
            return "<\(inst.cls.module).\(inst.cls.name) object at \(PyInterpreter.address(inst))>"
        case .module(let m):
            return "<module '\(m.name)' (built-in)>"
        case .array(let a):
            return Printer.numpyRepr(a.tensor, options: printOptions)
        case .scalar(let t):
            return Printer.numpyScalarRepr(t)
        case .dtype(let d):
            return "dtype('\(d.rawValue)')"
        case .iterator(let it):
            return "<\(it.kind.name) object at \(PyInterpreter.address(it))>"
        case .superProxy(let s):
            return "<super: \(s.cls.repr), <\(s.object.typeName) object>>"
        case .inert(let i):
            return "<\(i.name)>"
        }
    }

    /// A made-up address for reprs that show one (`<function f at 0x...>`):
    /// stable for the object's life, as CPython's `id`.
    static func address(_ object: AnyObject) -> String {
        "0x" + String(UInt(bitPattern: ObjectIdentifier(object).hashValue), radix: 16)
    }

    // MARK: - f-strings and format()

    /// An f-string's text.
    func formatted(_ parts: [FormattedPart], _ range: SourceRange, _ frame: PyFrame) throws(PyError) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let t):
                out += t
            case .field(let expression, let conversion, let spec, let selfDocumenting):
                let value = try evaluate(expression, frame)
                if let selfDocumenting { out += selfDocumenting }
                let specText = try spec.map { (p: [FormattedPart]) throws(PyError) in try formatted(p, range, frame) } ?? ""
                var shown = value
                do throws(PyError) {
                    switch conversion {
                    case "r": shown = .str(try repr(value))
                    case "a": shown = .str(PyFormat.ascii(try repr(value)))
                    case "s": shown = .str(try str(value))
                    default: if selfDocumenting != nil && spec == nil { shown = .str(try repr(value)) }
                    }
                    out += try format(shown, specText)
                } catch {
                    throw error.located(at: expression.range)
                }
                try PyInterpreter.checkLength(out.unicodeScalars.count, "str", at: range)
            }
        }
        return out
    }
}
