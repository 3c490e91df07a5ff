import AttnCore
import AttnLang

/// The Python objects of pyplot's model, one set of classes per
/// interpreter: `Figure`, `Axes`, and the array of axes `plt.subplots`
/// returns. Each instance holds its Swift model (`PyInstance.native`).
/// What attn does not model (`ax.grid`, `fig.tight_layout`,
/// `ax.spines[...]`...) is an inert object whose calls do nothing, as the
/// rest of matplotlib is (`__getattr__`).
final class PlotClasses {
    let figure = PyClass(name: "Figure", module: "matplotlib.figure", base: PyClass.object)
    let axes = PyClass(name: "Axes", module: "matplotlib.axes", base: PyClass.object)
    let axesArray = PyClass(name: "ndarray", module: "numpy", base: PyClass.object)

    init() {
        axes.dict = PlotClasses.axesMethods()
        figure.dict = PlotClasses.figureMethods()
        axesArray.dict = PlotClasses.arrayMethods()
    }

    /// A method whose receiver must hold a `State`.
    static func method<State: AnyObject>(
        _ name: String, of className: String, _ body: @escaping (State, PyArgs, PyInterpreter) throws(PyError) -> PyValue
    ) -> PyValue {
        .builtin(PyBuiltin(name, bindsAsMethod: true) { args, py throws(PyError) in
            let (state, rest): (State, PyArgs) = try args.nativeReceiver(name, of: className)
            return try body(state, rest, py)
        })
    }

    /// `__getattr__`: any attribute attn does not model is inert.
    static func inertAttributes(_ owner: String) -> PyValue {
        .builtin(PyBuiltin("__getattr__", bindsAsMethod: true) { args, _ throws(PyError) in
            let name: String
            if args.positional.count > 1, case .str(let s) = args.positional[1] { name = s } else { name = "?" }
            // Dunder lookups (`__len__`, `__iter__`) must fail as for any object.
            if name.hasPrefix("__") { throw PyError.attribute("'\(owner)' object has no attribute '\(name)'") }
            return .inert(PyInert("\(owner).\(name)"))
        })
    }

    static func axesMethods() -> [String: PyValue] {
        var d: [String: PyValue] = [:]
        func add(_ name: String, _ body: @escaping (PlotAxes, PyArgs, PyInterpreter) throws(PyError) -> PyValue) {
            d[name] = method(name, of: "Axes", body)
        }
        add("imshow") { axes, args, py throws(PyError) in try Pyplot.show(image: args, on: axes, py, "imshow") }
        add("matshow") { axes, args, py throws(PyError) in try Pyplot.show(image: args, on: axes, py, "matshow") }
        add("set_title") { axes, args, py throws(PyError) in
            axes.title = try Pyplot.text(args.loose(0, "label"), py)
            return .inert(PyInert("Text"))
        }
        add("set_xlabel") { axes, args, py throws(PyError) in
            axes.xlabel = try Pyplot.text(args.loose(0, "xlabel"), py)
            return .inert(PyInert("Text"))
        }
        add("set_ylabel") { axes, args, py throws(PyError) in
            axes.ylabel = try Pyplot.text(args.loose(0, "ylabel"), py)
            return .inert(PyInert("Text"))
        }
        add("set_xticks") { axes, args, py throws(PyError) in
            try Pyplot.ticks(args, &axes.xticks, &axes.xticklabels, py)
        }
        add("set_yticks") { axes, args, py throws(PyError) in
            try Pyplot.ticks(args, &axes.yticks, &axes.yticklabels, py)
        }
        add("set_xticklabels") { axes, args, py throws(PyError) in
            axes.xticklabels = try Pyplot.strings(args.loose(0, "labels"), py)
            return .inert(PyInert("Text"))
        }
        add("set_yticklabels") { axes, args, py throws(PyError) in
            axes.yticklabels = try Pyplot.strings(args.loose(0, "labels"), py)
            return .inert(PyInert("Text"))
        }
        add("set") { axes, args, py throws(PyError) in
            for (name, value) in args.keywords {
                switch name {
                case "title": axes.title = try Pyplot.text(value, py)
                case "xlabel": axes.xlabel = try Pyplot.text(value, py)
                case "ylabel": axes.ylabel = try Pyplot.text(value, py)
                case "xticks": axes.xticks = try Pyplot.numbers(value)
                case "yticks": axes.yticks = try Pyplot.numbers(value)
                case "xticklabels": axes.xticklabels = try Pyplot.strings(value, py)
                case "yticklabels": axes.yticklabels = try Pyplot.strings(value, py)
                default: break
                }
            }
            return .none
        }
        add("get_figure") { axes, _, py throws(PyError) in
            axes.figure.map { py.plots.object(for: $0) } ?? .none
        }
        add("__repr__") { axes, _, _ throws(PyError) in
            // matplotlib ≥ 3.7 writes the title it has.
            .str(axes.title.isEmpty ? "<Axes: >" : "<Axes: title={'center': \(PyFormat.repr(axes.title))}>")
        }
        for kind in Pyplot.notDrawn {
            add(kind) { _, _, py throws(PyError) in
                py.plots.notDrawn("ax.\(kind)")
                return .inert(PyInert(kind))
            }
        }
        d["__getattr__"] = inertAttributes("Axes")
        return d
    }

    static func figureMethods() -> [String: PyValue] {
        var d: [String: PyValue] = [:]
        func add(_ name: String, _ body: @escaping (PlotFigure, PyArgs, PyInterpreter) throws(PyError) -> PyValue) {
            d[name] = method(name, of: "Figure", body)
        }
        add("suptitle") { figure, args, py throws(PyError) in
            figure.suptitle = try Pyplot.text(args.loose(0, "t"), py)
            return .inert(PyInert("Text"))
        }
        add("add_subplot") { figure, _, py throws(PyError) in py.plots.object(for: figure.addAxes()) }
        add("gca") { figure, _, py throws(PyError) in py.plots.object(for: figure.currentAxes()) }
        add("__repr__") { figure, _, _ throws(PyError) in
            .str("<Figure size 640x480 with \(figure.axes.count) Axes>")
        }
        d["__getattr__"] = inertAttributes("Figure")
        return d
    }

    /// The array of axes `plt.subplots(r, c)` returns: indexed by an int
    /// (a row, or an axes of a single row or column) or `[i, j]`, iterable,
    /// with `flat`, `flatten()` and `ravel()`.
    static func arrayMethods() -> [String: PyValue] {
        var d: [String: PyValue] = [:]
        func add(_ name: String, _ body: @escaping (AxesArray, PyArgs, PyInterpreter) throws(PyError) -> PyValue) {
            d[name] = method(name, of: "numpy.ndarray", body)
        }
        add("__getitem__") { array, args, _ throws(PyError) in try array.item(args.positional.first ?? .none) }
        add("__len__") { array, _, _ throws(PyError) in .int(Int64(array.shape.first ?? 0)) }
        add("__iter__") { array, _, _ throws(PyError) in
            let rows: [PyValue] = array.shape.count == 1 ? array.items
                : (0..<array.shape[0]).map { r in array.row(r) }
            return .iterator(PyInterpreter.iterator(over: rows, PyClass.listIterator))
        }
        add("flatten") { array, _, _ throws(PyError) in .list(PyList(array.items)) }
        add("ravel") { array, _, _ throws(PyError) in .list(PyList(array.items)) }
        add("__getattr__") { array, args, _ throws(PyError) in
            if args.positional.first.map({ if case .str("flat") = $0 { return true } else { return false } }) == true {
                return .list(PyList(array.items))
            }
            if case .str("shape")? = args.positional.first { return .tuple(array.shape.map { .int(Int64($0)) }) }
            let name: String
            if case .str(let s)? = args.positional.first { name = s } else { name = "?" }
            throw PyError.attribute("'numpy.ndarray' object has no attribute '\(name)' (an array of Axes)")
        }
        return d
    }
}

/// The model of `plt.subplots`' array of axes: the axes objects in row
/// order and the shape, [n] or [rows, columns].
final class AxesArray {
    let items: [PyValue]
    let shape: [Int]
    /// A shared instance for each row of a 2-D array (made as asked).
    var cls: PyClass?

    init(items: [PyValue], shape: [Int]) {
        self.items = items
        self.shape = shape
    }

    func row(_ r: Int) -> PyValue {
        let columns = shape.count == 2 ? shape[1] : 1
        let part = AxesArray(items: Array(items[(r * columns)..<((r + 1) * columns)]), shape: [columns])
        guard let cls else { return .list(PyList(part.items)) }
        let instance = PyInstance(cls)
        instance.native = part
        part.cls = cls
        return .instance(instance)
    }

    /// `a[i]`, `a[-1]`, `a[i, j]`.
    func item(_ key: PyValue) throws(PyError) -> PyValue {
        func index(_ v: PyValue, _ length: Int) throws(PyError) -> Int {
            guard case .int(let i) = v else { throw PyError.type("only integers can index an array of Axes in attn") }
            let j = i < 0 ? Int(clamping: i) + length : Int(clamping: i)
            guard j >= 0, j < length else {
                throw PyError.index("index \(i) is out of bounds for axis 0 with size \(length)")
            }
            return j
        }
        if case .tuple(let parts) = key {
            guard parts.count == shape.count, shape.count == 2 else {
                throw PyError.index("too many indices for array: array is \(shape.count)-dimensional, but \(parts.count) were indexed")
            }
            let r = try index(parts[0], shape[0]), c = try index(parts[1], shape[1])
            return items[r * shape[1] + c]
        }
        let first = try index(key, shape.first ?? 0)
        return shape.count == 1 ? items[first] : row(first)
    }
}
