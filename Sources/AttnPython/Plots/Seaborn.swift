import AttnCore
import AttnLang

/// `seaborn`: `sns.heatmap` builds attn's heatmap on an axes (PlotState.swift
/// says how and when it is drawn); the other kinds of plot are noted once as
/// not drawn, and the rest of seaborn (`set_theme`, `color_palette`...) is
/// inert.
///
/// `heatmap(data, vmin, vmax, cmap, center, robust, annot, fmt, annot_kws,
/// linewidths, linecolor, cbar, cbar_kws, cbar_ax, square,
/// xticklabels='auto', yticklabels='auto', mask=None, ax=None)`:
/// - `xticklabels`/`yticklabels`: a list names every column/row; True or
///   "auto" numbers them; False leaves them blank; an int n names every
///   n-th by its index, as seaborn does;
/// - `annot=True` (or an array) writes the values in the cells;
/// - `mask`: cells where it is True are drawn as masked (`·`), which
///   seaborn leaves blank;
/// - `ax`: the axes to draw on (default: the current one).
/// It returns the axes, whose repr (`<Axes: >`) is what a notebook shows.
enum Seaborn {
    static let notDrawn = ["lineplot", "scatterplot", "barplot", "histplot", "kdeplot", "boxplot", "violinplot",
                           "countplot", "clustermap", "pairplot", "relplot", "displot", "catplot", "regplot", "jointplot"]

    static func make(_ py: PyInterpreter) -> PyModule {
        var d: [String: PyValue] = [:]
        d["heatmap"] = .builtin(PyBuiltin("heatmap") { args, py throws(PyError) in try heatmap(args, py) })
        for kind in notDrawn {
            d[kind] = .builtin(PyBuiltin(kind) { _, py throws(PyError) in
                py.plots.notDrawn("sns.\(kind)")
                return .inert(PyInert(kind))
            })
        }
        return PyModule("seaborn", d)
    }

    static func heatmap(_ args: PyArgs, _ py: PyInterpreter) throws(PyError) -> PyValue {
        guard let data = args.loose(0, "data") else {
            throw PyError.type("heatmap() missing 1 required positional argument: 'data'")
        }
        let axes: PlotAxes
        if case .instance(let i)? = args.keyword("ax"), let given = i.native as? PlotAxes {
            axes = given
        } else {
            axes = py.plots.currentFigure().currentAxes()
        }
        guard var image = try PlotAxes.image(data, function: "heatmap") else {
            throw PyError.value("Must pass 2-d input. shape=\(Tensor.describe(shape: try NumpyValues.asArray(data).shape))")
        }
        if let mask = args.keyword("mask"), !mask.isNone { image = try masked(image, mask) }
        let rows = image.shape[0], columns = image.shape[1]
        axes.image = image
        axes.annotate = isSet(args.keyword("annot"))
        axes.xticks = (0..<columns).map { Double($0) + 0.5 }
        axes.yticks = (0..<rows).map { Double($0) + 0.5 }
        axes.xticklabels = try labels(args.keyword("xticklabels"), count: columns, py)
        axes.yticklabels = try labels(args.keyword("yticklabels"), count: rows, py)
        return py.plots.object(for: axes)
    }

    /// Whether `annot` asks for values: True or an array.
    static func isSet(_ value: PyValue?) -> Bool {
        guard let value else { return false }
        switch value {
        case .none, .bool(false): return false
        default: return true
        }
    }

    /// Labels for `count` cells from seaborn's `xticklabels` forms.
    static func labels(_ value: PyValue?, count: Int, _ py: PyInterpreter) throws(PyError) -> [String]? {
        guard let value else { return nil }
        switch value {
        case .none, .bool(true), .str("auto"): return nil
        case .bool(false): return Array(repeating: "", count: count)
        case .int(let every):
            guard every >= 1 else { return nil }
            return (0..<count).map { $0 % Int(clamping: every) == 0 ? String($0) : "" }
        default:
            let labels = try Pyplot.strings(value, py)
            guard labels.count == count else {
                throw PyError.value("heatmap: \(labels.count) tick labels for \(count) cells")
            }
            return labels
        }
    }

    /// `image` with the cells where `mask` is true set to -inf (drawn masked).
    static func masked(_ image: Tensor, _ mask: PyValue) throws(PyError) -> Tensor {
        let m = try NumpyValues.asArray(mask)
        guard m.shape == image.shape else {
            throw PyError.value("heatmap: mask of shape \(Tensor.describe(shape: m.shape)) for data of shape \(Tensor.describe(shape: image.shape))")
        }
        var values = (0..<image.storage.count).map { image.storage.double(at: $0) }
        for i in values.indices where m.storage.double(at: i) != 0 { values[i] = -.infinity }
        return Tensor(unchecked: image.shape, storage: .float64(values))
    }
}
