import AttnCore
import AttnLang

// What matplotlib's pyplot and seaborn calls have drawn so far, as attn
// keeps it: open figures, each with its axes, each axes with at most one
// image (`imshow`, `matshow`, `sns.heatmap`) and what labels it.
//
// Drawing turns each axes that holds an image into attn's `Heatmap` — the
// model attn's own `heatmap(...)` builds, so a plot is drawn by the same
// code (terminal text, SVG in a page) — and closes the figures drawn:
// - `plt.show()` draws every open figure (a script, the shell);
// - a document's code cell draws what is still open when it ends
//   (`PythonDialect.endCell`), as Jupyter's inline backend does, so a
//   notebook cell shows its picture after its last statement, with every
//   title and tick label the cell set, whether or not it calls `plt.show()`.
//
// How an axes becomes a heatmap:
// - the image's rows are the heatmap's rows, its columns the columns;
// - tick labels name the rows and columns at their tick positions (rounded
//   down from a cell's centre, so seaborn's `i + 0.5` and matplotlib's `i`
//   both name cell i); cells without a tick have an empty label; without
//   tick labels rows and columns are numbered from 0;
// - the title is the figure's `suptitle` and the axes' title joined by
//   " — ", followed by the axis labels when set:
//   `Weights (rows: query, columns: key)`;
// - `annot=True` writes each value in its cell (heatmap's `values:`).
// `cmap`, `vmin`/`vmax`, `aspect`, `colorbar` and the like change nothing:
// attn draws every heatmap on one viridis scale from the smallest to the
// largest value. Other kinds of plot (`plot`, `scatter`, `bar`, `hist`...)
// are accepted and not drawn: the first use of each kind in a session is
// noted once (`Outcome.notes`).

/// One axes (a plot area) of a figure.
final class PlotAxes {
    /// The matrix shown, copied when it was given (a later write to the
    /// array does not change the picture, as in matplotlib).
    var image: Tensor?
    var title = ""
    var xlabel = ""
    var ylabel = ""
    /// Tick positions in data coordinates (cell i spans i-0.5...i+0.5 for
    /// imshow, i...i+1 for seaborn), nil when never set.
    var xticks: [Double]?
    var yticks: [Double]?
    /// Tick labels in the order of the ticks, nil when never set.
    var xticklabels: [String]?
    var yticklabels: [String]?
    /// Whether values are written in the cells (`annot=True`).
    var annotate = false
    /// The Python object for this axes, made the first time it is asked for.
    var object: PyValue?
    weak var figure: PlotFigure?

    init(figure: PlotFigure) { self.figure = figure }
}

/// One figure: its axes in the order they were made.
final class PlotFigure {
    var axes: [PlotAxes] = []
    /// The index in `axes` of the current axes.
    var current = 0
    var suptitle = ""
    var object: PyValue?

    /// The current axes, made when there is none.
    func currentAxes() -> PlotAxes {
        if current < axes.count { return axes[current] }
        let made = PlotAxes(figure: self)
        axes.append(made)
        current = axes.count - 1
        return made
    }

    func addAxes() -> PlotAxes {
        let made = PlotAxes(figure: self)
        axes.append(made)
        current = axes.count - 1
        return made
    }
}

/// The open figures of one interpreter, and the notes said so far.
final class PlotState {
    /// The Python classes of figures and axes.
    let classes = PlotClasses()
    /// Open figures, oldest first; the last one is current.
    var figures: [PlotFigure] = []
    /// Plot kinds already noted as not drawn (said once a session).
    var noted: Set<String> = []
    /// Notes made by the running statement, handed to its outcome.
    var notes: [String] = []
    /// Figures drawn by the running statement (`plt.show()`).
    var drawn: [Heatmap] = []

    /// The current figure, made when there is none (`plt.gcf()`).
    func currentFigure() -> PlotFigure {
        if let last = figures.last { return last }
        return newFigure()
    }

    func newFigure() -> PlotFigure {
        let figure = PlotFigure()
        figures.append(figure)
        return figure
    }

    /// Makes `figure` current (the last one).
    func select(_ figure: PlotFigure) {
        guard let i = figures.firstIndex(where: { $0 === figure }) else {
            figures.append(figure)
            return
        }
        figures.remove(at: i)
        figures.append(figure)
    }

    func close(_ figure: PlotFigure) {
        figures.removeAll { $0 === figure }
        PlotState.release(figure)
    }

    /// Forgets a closed figure's Python objects, which hold their models
    /// (`PyInstance.native`) as the models hold them: the cycle is cut, and
    /// what the program still names stays alive through its own reference.
    static func release(_ figure: PlotFigure) {
        figure.object = nil
        for axes in figure.axes { axes.object = nil }
    }

    /// Notes once a session that `kind` (`plt.plot`) is not drawn.
    func notDrawn(_ kind: String) {
        guard noted.insert(kind).inserted else { return }
        notes.append("\(kind) is not drawn: attn draws matrices as heatmaps (imshow, matshow, sns.heatmap), not other kinds of plot")
    }

    /// Every open figure's heatmaps, in order; closes them all. A figure
    /// with no image draws nothing.
    func drawAll() throws(PyError) -> [Heatmap] {
        let open = figures
        figures = []
        defer { open.forEach(PlotState.release) }
        var maps: [Heatmap] = []
        for figure in open {
            for axes in figure.axes {
                if let map = try axes.heatmap(suptitle: figure.suptitle) { maps.append(map) }
            }
        }
        return maps
    }
}

extension PlotAxes {
    /// The matrix `value` as an image: a 2-D array (a list of lists, an
    /// array), copied. An RGB(A) image is not drawn (nil, noted by the
    /// caller); any other shape is matplotlib's TypeError.
    static func image(_ value: PyValue, function: String) throws(PyError) -> Tensor? {
        let t = try NumpyValues.asArray(value)
        if t.rank == 3, let last = t.shape.last, last == 3 || last == 4 { return nil }
        guard t.rank == 2 else {
            throw PyError.type("\(function): invalid shape \(Tensor.describe(shape: t.shape)) for image data (attn draws 2-D matrices)")
        }
        guard !t.shape.contains(0) else {
            throw PyError.value("\(function): nothing to draw: the matrix of shape \(Tensor.describe(shape: t.shape)) is empty")
        }
        return t.strong
    }

    /// The heatmap of this axes (see the header), nil when it shows no image.
    func heatmap(suptitle: String) throws(PyError) -> Heatmap? {
        guard let image, image.rank == 2 else { return nil }
        let rows = image.shape[0], columns = image.shape[1]
        var heading = [suptitle, title].filter { !$0.isEmpty }.joined(separator: " — ")
        let axisNames = [ylabel.isEmpty ? nil : "rows: \(ylabel)", xlabel.isEmpty ? nil : "columns: \(xlabel)"].compactMap { $0 }
        if !axisNames.isEmpty {
            let names = axisNames.joined(separator: ", ")
            heading = heading.isEmpty ? names : "\(heading) (\(names))"
        }
        do throws(HeatmapError) {
            return try Heatmap(image, rowLabels: PlotAxes.labels(yticks, yticklabels, count: rows),
                               columnLabels: PlotAxes.labels(xticks, xticklabels, count: columns),
                               title: heading, showValues: annotate)
        } catch {
            if error == .interrupted { throw PyError(.interrupted, Diagnostic.interruptedMessage) }
            throw PyError.value(error.message)
        }
    }

    /// One label per cell from tick positions and their labels (see the
    /// header); nil when no label was given.
    static func labels(_ ticks: [Double]?, _ labels: [String]?, count: Int) -> [String]? {
        guard let labels, !labels.isEmpty else { return nil }
        let positions = ticks ?? (0..<labels.count).map(Double.init)
        var out = Array(repeating: "", count: count)
        var any = false
        for (position, label) in zip(positions, labels) {
            let cell = (position + 0.25).rounded(.down)
            guard cell.isFinite, cell >= 0, cell < Double(count) else { continue }
            out[Int(cell)] = label
            any = true
        }
        return any ? out : nil
    }
}
