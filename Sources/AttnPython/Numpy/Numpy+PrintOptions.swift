import AttnCore
import AttnLang

/// `np.set_printoptions`, `np.get_printoptions`, the `np.printoptions`
/// context, and `np.errstate`/`np.seterr` (accepted: attn prints no
/// warnings, so they change nothing).
extension NumpyModule {
    static let printOptionNames = ["precision", "threshold", "edgeitems", "linewidth", "suppress", "nanstr", "infstr",
                                   "formatter", "sign", "floatmode", "legacy", "override_repr"]

    static func printOptions(_ m: inout ModuleBuilder, _ py: PyInterpreter) {
        m.function("set_printoptions", printOptionNames) { v, _, py throws(PyError) in
            py.printOptions = try applied(v, to: py.printOptions, py)
            return .none
        }
        m.function("get_printoptions", []) { _, _, py throws(PyError) in .dict(current(py.printOptions)) }
        m.function("printoptions", printOptionNames) { v, _, py throws(PyError) in
            let options = try applied(v, to: py.printOptions, py)
            var saved: NumpyPrintOptions?
            return context("printoptions", enter: { () throws(PyError) in
                saved = py.printOptions
                py.printOptions = options
                return .dict(current(options))
            }, exit: {
                if let saved { py.printOptions = saved }
            })
        }
        m.function("errstate", ["all", "divide", "over", "under", "invalid", "call"]) { _, _, _ throws(PyError) in
            context("errstate", enter: { () throws(PyError) in .none }, exit: {})
        }
        m.function("seterr", ["all", "divide", "over", "under", "invalid"]) { _, _, _ throws(PyError) in
            let d = PyDict()
            for (k, v) in [("divide", "warn"), ("over", "warn"), ("under", "ignore"), ("invalid", "warn")] { d.set(.str(k), .str(k), .str(v)) }
            return .dict(d)
        }
    }

    /// A context manager object whose `__enter__` and `__exit__` run these.
    static func context(_ name: String, enter: @escaping () throws(PyError) -> PyValue, exit: @escaping () -> Void) -> PyValue {
        let instance = PyInstance(PyClass(name: name, module: "numpy", base: PyClass.object))
        instance.dict["__enter__"] = .builtin(PyBuiltin("__enter__") { _, _ throws(PyError) in try enter() })
        instance.dict["__exit__"] = .builtin(PyBuiltin("__exit__") { _, _ throws(PyError) in
            exit()
            return .bool(false)
        })
        return .instance(instance)
    }

    /// `options` with the given arguments (in `printOptionNames` order) applied.
    private static func applied(_ v: [PyValue?], to options: NumpyPrintOptions, _ py: PyInterpreter) throws(PyError) -> NumpyPrintOptions {
        var o = options
        func given(_ i: Int) -> PyValue? { v[i].flatMap { $0.isNone ? nil : $0 } }
        if let p = given(0) {
            guard p.asIndex != nil else { throw PyError.type("precision must be an integer") }
            let n = try NumpyValues.integer(p, "precision")
            guard n >= 0 else { throw PyError.value("precision must be >= 0") }
            o.float.precision = n
        }
        if let t = given(1) {
            if case .float(let d) = t, d.isInfinite { o.threshold = Int.max } else { o.threshold = try NumpyValues.integer(t, "threshold") }
        }
        if let e = given(2) { o.edgeItems = try NumpyValues.integer(e, "edgeitems") }
        if let w = given(3) { o.lineWidth = try NumpyValues.integer(w, "linewidth") }
        if let s = given(4) { o.float.suppressSmall = try py.truthy(s) }
        for (i, name) in [(5, "nanstr"), (6, "infstr"), (7, "formatter"), (10, "legacy"), (11, "override_repr")] where given(i) != nil {
            if i == 10, case .bool(false)? = given(i) { continue }
            throw PyError.unsupported("np.set_printoptions(\(name)=...) is not supported yet")
        }
        if let s = given(8) {
            guard case .str(let text) = s, ["-", "+", " "].contains(text), let c = text.first else {
                throw PyError.value("sign option must be one of ' ', '+', or '-'")
            }
            o.float.sign = c
        }
        if let f = given(9) {
            guard case .str(let text) = f, let mode = NumpyFloatOptions.FloatMode(rawValue: text) else {
                throw PyError.value("floatmode option must be one of 'fixed', 'unique', 'maxprec', 'maxprec_equal'")
            }
            o.float.floatMode = mode
        }
        return o
    }

    /// `np.get_printoptions()` for these options, in numpy's order.
    private static func current(_ o: NumpyPrintOptions) -> PyDict {
        let d = PyDict()
        let entries: [(String, PyValue)] = [
            ("edgeitems", .int(Int64(o.edgeItems))),
            ("threshold", o.threshold == Int.max ? .float(.infinity) : .int(Int64(o.threshold))),
            ("floatmode", .str(o.float.floatMode.rawValue)), ("precision", .int(Int64(o.float.precision))),
            ("suppress", .bool(o.float.suppressSmall)), ("linewidth", .int(Int64(o.lineWidth))),
            ("nanstr", .str("nan")), ("infstr", .str("inf")), ("sign", .str(String(o.float.sign))),
            ("formatter", .none), ("legacy", .bool(false)), ("override_repr", .none),
        ]
        for (k, v) in entries { d.set(.str(k), .str(k), v) }
        return d
    }
}
