import AttnCore
import AttnLang

/// `matplotlib.pyplot`: the calls that show a matrix build attn's heatmap
/// (PlotState.swift says how and when it is drawn); the rest of pyplot is
/// inert (`PyModules.isInert`): accepted, doing nothing.
///
/// Modelled: `figure`, `gcf`, `gca`, `subplots(nrows, ncols)`,
/// `subplot(r, c, i)`, `imshow`, `matshow` (a new figure, as matplotlib),
/// `title`, `suptitle`, `xlabel`, `ylabel`, `xticks(ticks, labels)`,
/// `yticks`, `colorbar` (a no-op: every heatmap has its scale), `show`,
/// `close`, `clf`, `cla`; the other kinds of plot (`plot`, `scatter`,
/// `bar`, `hist`...) are noted once as not drawn. Style keywords (`cmap`,
/// `aspect`, `rotation`, `fontsize`...) are accepted and ignored.
enum Pyplot {
    /// Kinds of plot accepted and not drawn (noted once each).
    static let notDrawn = ["plot", "scatter", "bar", "barh", "hist", "hist2d", "pie", "fill_between", "errorbar",
                           "step", "stem", "boxplot", "violinplot", "contour", "contourf", "pcolormesh", "pcolor",
                           "quiver", "stackplot", "hexbin", "semilogx", "semilogy", "loglog", "axhline", "axvline",
                           "text", "annotate", "arrow", "fill"]

    static func make(_ py: PyInterpreter) -> PyModule {
        var d: [String: PyValue] = [:]
        func add(_ name: String, _ body: @escaping (PyArgs, PyInterpreter) throws(PyError) -> PyValue) {
            d[name] = .builtin(PyBuiltin(name, body))
        }
        add("figure") { _, py throws(PyError) in py.plots.object(for: py.plots.newFigure()) }
        add("gcf") { _, py throws(PyError) in py.plots.object(for: py.plots.currentFigure()) }
        add("gca") { _, py throws(PyError) in py.plots.object(for: py.plots.currentFigure().currentAxes()) }
        add("subplots") { args, py throws(PyError) in try subplots(args, py) }
        add("subplot") { args, py throws(PyError) in try subplot(args, py) }
        add("imshow") { args, py throws(PyError) in
            try show(image: args, on: py.plots.currentFigure().currentAxes(), py, "imshow")
        }
        add("matshow") { args, py throws(PyError) in
            try show(image: args, on: py.plots.newFigure().currentAxes(), py, "matshow")
        }
        add("title") { args, py throws(PyError) in
            py.plots.currentFigure().currentAxes().title = try text(args.loose(0, "label"), py)
            return .inert(PyInert("Text"))
        }
        add("suptitle") { args, py throws(PyError) in
            py.plots.currentFigure().suptitle = try text(args.loose(0, "t"), py)
            return .inert(PyInert("Text"))
        }
        add("xlabel") { args, py throws(PyError) in
            py.plots.currentFigure().currentAxes().xlabel = try text(args.loose(0, "xlabel"), py)
            return .inert(PyInert("Text"))
        }
        add("ylabel") { args, py throws(PyError) in
            py.plots.currentFigure().currentAxes().ylabel = try text(args.loose(0, "ylabel"), py)
            return .inert(PyInert("Text"))
        }
        add("xticks") { args, py throws(PyError) in
            let axes = py.plots.currentFigure().currentAxes()
            return try ticks(args, &axes.xticks, &axes.xticklabels, py)
        }
        add("yticks") { args, py throws(PyError) in
            let axes = py.plots.currentFigure().currentAxes()
            return try ticks(args, &axes.yticks, &axes.yticklabels, py)
        }
        add("colorbar") { _, _ throws(PyError) in .inert(PyInert("Colorbar")) }
        add("show") { _, py throws(PyError) in
            py.plots.drawn += try py.plots.drawAll()
            return .none
        }
        add("close") { args, py throws(PyError) in
            switch args.loose(0, "fig") {
            case .str("all")?: py.plots.figures.forEach(py.plots.close)
            case .instance(let i)?: if let figure = i.native as? PlotFigure { py.plots.close(figure) }
            default: if let last = py.plots.figures.last { py.plots.close(last) }
            }
            return .none
        }
        add("clf") { _, py throws(PyError) in
            let figure = py.plots.currentFigure()
            figure.axes = []
            figure.current = 0
            return .none
        }
        add("cla") { _, py throws(PyError) in
            let figure = py.plots.currentFigure()
            if figure.current < figure.axes.count { figure.axes[figure.current] = PlotAxes(figure: figure) }
            return .none
        }
        for kind in notDrawn {
            add(kind) { _, py throws(PyError) in
                py.plots.notDrawn("plt.\(kind)")
                return .inert(PyInert(kind))
            }
        }
        return PyModule("matplotlib.pyplot", d)
    }

    /// `fig, ax = plt.subplots(nrows=1, ncols=1, squeeze=True, ...)`.
    static func subplots(_ args: PyArgs, _ py: PyInterpreter) throws(PyError) -> PyValue {
        let rows = try count(args.loose(0, "nrows"), "nrows") ?? 1
        let columns = try count(args.loose(1, "ncols"), "ncols") ?? 1
        guard rows * columns <= 256 else {
            throw PyError.value("subplots: \(rows)×\(columns) axes are more than attn draws (256)")
        }
        let figure = py.plots.newFigure()
        let axes = (0..<(rows * columns)).map { _ in py.plots.object(for: figure.addAxes()) }
        figure.current = 0
        let squeeze: Bool
        if case .bool(false)? = args.keyword("squeeze") { squeeze = false } else { squeeze = true }
        let grid: PyValue
        if squeeze, rows * columns == 1, let only = axes.first {
            grid = only
        } else {
            let shape = squeeze && (rows == 1 || columns == 1) ? [rows * columns] : [rows, columns]
            grid = py.plots.array(AxesArray(items: axes, shape: shape))
        }
        return .tuple([py.plots.object(for: figure), grid])
    }

    /// `plt.subplot(r, c, i)` or `plt.subplot(rci)`: the i-th (1-based)
    /// axes of the current figure, made when it does not exist yet.
    static func subplot(_ args: PyArgs, _ py: PyInterpreter) throws(PyError) -> PyValue {
        var index = 1
        if args.positional.count >= 3 {
            index = try count(args.positional[2], "index") ?? 1
        } else if let code = try count(args.positional.first, "pos") {
            index = code % 10
        }
        guard index >= 1, index <= 256 else { throw PyError.value("subplot: num must be an integer from 1 to 256 in attn") }
        let figure = py.plots.currentFigure()
        while figure.axes.count < index { _ = figure.addAxes() }
        figure.current = index - 1
        return py.plots.object(for: figure.currentAxes())
    }

    /// `imshow(X, ...)`, `matshow(A, ...)` on `axes`: sets its image.
    static func show(image args: PyArgs, on axes: PlotAxes, _ py: PyInterpreter, _ function: String) throws(PyError) -> PyValue {
        guard let value = args.loose(0, function == "matshow" ? "A" : "X") else {
            throw PyError.type("\(function)() missing 1 required positional argument: '\(function == "matshow" ? "A" : "X")'")
        }
        guard let image = try PlotAxes.image(value, function: function) else {
            py.plots.notDrawn("an RGB image (\(function) of an [H, W, 3] array)")
            return .inert(PyInert("AxesImage"))
        }
        axes.image = image
        return .inert(PyInert("AxesImage"))
    }

    /// `xticks(ticks=None, labels=None, ...)` and `set_xticks(ticks, labels=None)`.
    static func ticks(_ args: PyArgs, _ ticks: inout [Double]?, _ labels: inout [String]?,
                      _ py: PyInterpreter) throws(PyError) -> PyValue {
        if let given = args.loose(0, "ticks"), !given.isNone { ticks = try numbers(given) }
        if let given = args.loose(1, "labels"), !given.isNone { labels = try strings(given, py) }
        return .inert(PyInert("ticks"))
    }

    /// A label or title: `str(value)`.
    static func text(_ value: PyValue?, _ py: PyInterpreter) throws(PyError) -> String {
        guard let value else { throw PyError.type("missing required argument: the text") }
        return try py.str(value)
    }

    /// Labels: `str` of each item of an iterable (a list, a tuple, an
    /// array's numpy scalars, a string's characters as in matplotlib).
    static func strings(_ value: PyValue?, _ py: PyInterpreter) throws(PyError) -> [String] {
        guard let value else { throw PyError.type("missing required argument: the labels") }
        return try py.materialize(value).map { (v) throws(PyError) in try py.str(v) }
    }

    /// Tick positions: numbers of an iterable or an array.
    static func numbers(_ value: PyValue) throws(PyError) -> [Double] {
        let t: Tensor
        if case .range(let r) = value {
            try PyInterpreter.checkLength(Int(clamping: r.count), "list")
            return (0..<r.count).map { Double(r.element($0)) }
        }
        t = try NumpyValues.asArray(value)
        return (0..<t.storage.count).map { t.storage.double(at: $0) }
    }

    /// A count argument (`nrows`): a positive int, or nil when not given.
    static func count(_ value: PyValue?, _ name: String) throws(PyError) -> Int? {
        guard let value, !value.isNone else { return nil }
        guard case .int(let n) = value else { throw PyError.type("\(name) must be an integer, not \(value.typeName)") }
        guard n >= 1, n <= 256 else { throw PyError.value("\(name) must be an integer from 1 to 256 in attn, not \(n)") }
        return Int(n)
    }
}

extension PyArgs {
    /// Argument `index` by position or by `name`; the other arguments are
    /// left alone (matplotlib takes many style keywords attn ignores).
    func loose(_ index: Int, _ name: String) -> PyValue? {
        index < positional.count ? positional[index] : keyword(name)
    }
}

extension PlotState {
    /// The Python object of `axes` (the same one each time).
    func object(for axes: PlotAxes) -> PyValue {
        if let made = axes.object { return made }
        let instance = PyInstance(classes.axes)
        instance.native = axes
        axes.object = .instance(instance)
        return .instance(instance)
    }

    func object(for figure: PlotFigure) -> PyValue {
        if let made = figure.object { return made }
        let instance = PyInstance(classes.figure)
        instance.native = figure
        figure.object = .instance(instance)
        return .instance(instance)
    }

    func array(_ array: AxesArray) -> PyValue {
        let instance = PyInstance(classes.axesArray)
        array.cls = classes.axesArray
        instance.native = array
        return .instance(instance)
    }
}
