import AttnCore
import AttnLang

// The evaluator's side of formatting: its values as `PyFormattable`, and
// `format(value, spec)`, `template % args` and `str.format` through
// `PyFormat` (Sources/AttnPython/Format), the one implementation of
// CPython's text for values. Only what needs the object model lives here:
// user classes' `__format__`, and looking up `str.format`'s fields and
// `%(key)s` keys.

extension PyError {
    /// Formatting's exception, raised as the evaluator's.
    init(_ error: PyFormatError) {
        self.init(.exception(error.kind.rawValue), error.message)
    }

    /// The text of a formatting call, or its exception.
    static func formatting(_ result: Result<String, PyFormatError>) throws(PyError) -> String {
        switch result {
        case .success(let text): return text
        case .failure(let error): throw PyError(error)
        }
    }
}

extension NumpyScalar {
    /// The numpy scalar a rank-0 tensor is.
    init?(_ t: Tensor) {
        switch t.storage {
        case .float64(let a): guard let x = a.first else { return nil }; self = .float64(x)
        case .float32(let a): guard let x = a.first else { return nil }; self = .float32(x)
        case .int64(let a): guard let x = a.first else { return nil }; self = .int64(x)
        case .int32(let a): guard let x = a.first else { return nil }; self = .int32(x)
        case .bool(let a): guard let x = a.first else { return nil }; self = .bool(x)
        }
    }
}

extension PyInterpreter {
    /// The value as formatting takes it; any object other than a number, a
    /// string or a numpy scalar comes with its str and repr (and a 0-d
    /// array with its element).
    func formattable(_ v: PyValue) throws(PyError) -> PyFormattable {
        switch v {
        case .none: return .none
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(Int(i))
        case .float(let d): return .float(d)
        case .str(let s): return .str(s)
        case .scalar(let t):
            if let scalar = NumpyScalar(t) { return .numpy(scalar) }
        default: break
        }
        var item: NumpyScalar?
        if case .array(let a) = v, a.tensor.shape.isEmpty { item = NumpyScalar(a.tensor) }
        return .object(PyObjectText(typeName: v.typeName, str: try str(v), repr: try repr(v), item: item))
    }

    /// `format(value, spec)`: a user class's `__format__`, or PyFormat's rules.
    func format(_ value: PyValue, _ spec: String) throws(PyError) -> String {
        if case .instance(let inst) = value {
            if let method = inst.cls.lookup("__format__") {
                let result = try call(.method(PyBoundMethod(method.value, receiver: value)), PyArgs([.str(spec)], callRange: SourceRange(0, 0)))
                guard case .str(let s) = result else { throw PyError.type("__format__ must return a str, not \(result.typeName)") }
                return s
            }
        }
        return try PyError.formatting(PyFormat.format(try formattable(value), spec: spec))
    }

    /// `template % args`.
    func percent(_ template: String, _ args: PyValue) throws(PyError) -> String {
        let arguments: PercentArguments
        switch args {
        case .tuple(let items):
            var values: [PyFormattable] = []
            values.reserveCapacity(items.count)
            for item in items { values.append(try formattable(item)) }
            arguments = .tuple(values)
        case .dict(let d):
            // Keys are looked up as the template names them; an error of a
            // value's own str/repr is kept and raised as it is.
            var failure: PyError?
            let me = try formattable(args)
            arguments = .mapping(me, lookup: { key in
                guard let found = d.get(.str(key)) else { return .failure(.missingKey(key)) }
                do throws(PyError) {
                    return .success(try self.formattable(found))
                } catch {
                    failure = error
                    return .failure(PyFormatError(.valueError, error.message))
                }
            })
            let result = PyFormat.percent(template, arguments)
            if let failure { throw failure }
            return try PyError.formatting(result)
        case .list:
            arguments = .mapping(try formattable(args), lookup: { _ in
                .failure(PyFormatError(.typeError, "list indices must be integers or slices, not str"))
            })
        default:
            arguments = .single(try formattable(args))
        }
        return try PyError.formatting(PyFormat.percent(template, arguments))
    }

    /// `template.format(*args, **kwargs)`: PyFormat reads the fields, this
    /// looks up their arguments, attributes and items. An error of the
    /// lookup (an AttributeError, an IndexError of a list) is raised as it is.
    func formatTemplate(_ template: String, _ args: PyArgs) throws(PyError) -> String {
        var failure: PyError?
        let result = PyFormat.formatTemplate(template) { field in
            do throws(PyError) {
                var value: PyValue
                switch field.argument {
                case .index(let n):
                    guard n >= 0, n < args.positional.count else { return .failure(.replacementIndex(n)) }
                    value = args.positional[n]
                case .keyword(let name):
                    guard let v = args.keyword(name) else { return .failure(.missingKey(name)) }
                    value = v
                }
                for accessor in field.accessors {
                    switch accessor {
                    case .attribute(let name): value = try self.getAttribute(value, name)
                    case .index(let i): value = try self.getItem(value, .int(Int64(i)))
                    case .key(let k): value = try self.getItem(value, .str(k))
                    }
                }
                return .success(try self.formattable(value))
            } catch {
                failure = error
                return .failure(PyFormatError(.valueError, error.message))
            }
        }
        if let failure { throw failure }
        return try PyError.formatting(result)
    }
}

extension PyValue {
    /// The value as a float, for numbers of every kind (ints, bools, numpy scalars).
    var asDouble: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .float(let d): return d
        case .bool(let b): return b ? 1 : 0
        case .scalar(let t): return t.scalarValue
        default: return nil
        }
    }
}
