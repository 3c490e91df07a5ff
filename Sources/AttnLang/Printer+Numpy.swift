import AttnCore

// numpy 2's `str` and `repr` of arrays and scalars of attn's dtypes, for a
// numpy dialect that prints exactly what numpy prints (held to numpy's own
// output by scripts/numpy_printing.py). The layout is attn's `TensorLayout`
// (numpy's `_formatArray`: blanks between the elements of `str`, `, ` in
// `repr` with continuation lines under `array(`), the elements numpy's:
// - floats by `NumberFormat.numpy`, decided from the elements shown;
// - integers whole, right-aligned to the widest shown (`IntegerFormat`);
// - booleans `True` and `False`, True padded to ` True` in every array but
//   a 0-d one (`BoolFormat`);
// - `str` of a 0-d array is its scalar's `str` (`NumberFormat.python`);
// - `repr` adds `shape=` for an empty array (other than shape (0,)) and a
//   summarized one, and `dtype=` unless numpy implies the dtype (float64,
//   int64, bool) and the array has elements; they go on a line of their
//   own, under the value, when they would pass the line width.

/// numpy's print options (the names of `np.set_printoptions`).
public struct NumpyPrintOptions: Equatable, Sendable {
    public var float: NumpyFloatOptions
    /// `linewidth`: the columns rows wrap to.
    public var lineWidth: Int
    /// `threshold`: the most elements shown whole.
    public var threshold: Int
    /// `edgeitems`: the indices shown at each end of a summarized axis.
    public var edgeItems: Int

    public init(float: NumpyFloatOptions = NumpyFloatOptions(), lineWidth: Int = 75, threshold: Int = 1000, edgeItems: Int = 3) {
        self.float = float
        self.lineWidth = lineWidth
        self.threshold = threshold
        self.edgeItems = edgeItems
    }
}

extension Printer {
    /// `str(a)` as numpy 2 writes it.
    public static func numpyStr(_ t: Tensor, options: NumpyPrintOptions = NumpyPrintOptions()) -> String {
        if t.isScalar {
            let python = NumberFormat.python(isFloat32: t.dtype == .float32)
            return elementWriter(t, float: python, words: ("True", "False"))(0)
        }
        if t.count == 0 { return "[]" }
        return numpyLayout(options, repr: false).write(shape: t.shape, texts: numpyElements(t, options.float))
    }

    /// `repr(a)` as numpy 2 writes it: `array([0.1, 0.2], dtype=float32)`.
    public static func numpyRepr(_ t: Tensor, options: NumpyPrintOptions = NumpyPrintOptions()) -> String {
        let prefix = "array("
        let body = t.count == 0 ? "[]"
            : numpyLayout(options, repr: true).write(shape: t.shape, texts: numpyElements(t, options.float))
        var extras: [String] = []
        if (t.count == 0 && t.shape != [0]) || t.count > options.threshold {
            extras.append("shape=" + pythonTuple(t.shape))
        }
        if ![DType.float64, .int64, .bool].contains(t.dtype) || t.count == 0 {
            extras.append("dtype=\(t.dtype.rawValue)")
        }
        guard !extras.isEmpty else { return prefix + body + ")" }
        let text = prefix + body + ","
        let extra = extras.joined(separator: ", ") + ")"
        return text + numpyExtrasSpacer(after: text, extra: extra, indent: prefix.count, lineWidth: options.lineWidth) + extra
    }

    /// The repr of a numpy scalar holding `t`'s one element (the first, if
    /// it has more): `np.float32(0.1)`, `np.int64(3)`, `np.True_`.
    public static func numpyScalarRepr(_ t: Tensor) -> String {
        let text = t.count == 0 ? "" : elementWriter(t, float: NumberFormat.python(isFloat32: t.dtype == .float32),
                                                     words: ("True", "False"))(0)
        return t.dtype == .bool ? "np.\(text)_" : "np.\(t.dtype.rawValue)(\(text))"
    }

    /// What goes between `text` (a repr up to its `,`) and `extra`
    /// (`dtype=float32)`): a blank, or, when `extra` would pass `lineWidth`,
    /// a line break and `indent` blanks, as numpy's repr decides it.
    public static func numpyExtrasSpacer(after text: String, extra: String, indent: Int, lineWidth: Int) -> String {
        let lastLine = text.split(separator: "\n", omittingEmptySubsequences: false).last?.count ?? 0
        return lastLine + extra.count + 1 > lineWidth ? "\n" + String(repeating: " ", count: indent) : " "
    }

    /// numpy's layout for `str` (blanks, rows at the line width) or `repr`
    /// (commas, under `array(`, a column kept for its `)`).
    private static func numpyLayout(_ options: NumpyPrintOptions, repr: Bool) -> TensorLayout {
        var layout = TensorLayout(commas: repr, indent: repr ? 6 : 0, trailing: repr ? 1 : 0, lineWidth: options.lineWidth)
        layout.threshold = options.threshold
        layout.edgeItems = options.edgeItems
        return layout
    }

    /// The texts of the elements numpy shows, decided from all of them.
    private static func numpyElements(_ t: Tensor, _ options: NumpyFloatOptions) -> ([Int]) -> [String] {
        { offsets in
            let storage = t.storage
            let float = t.dtype.isFloatingPoint
                ? NumberFormat.numpy(offsets.map { storage.double(at: $0) }, isFloat32: t.dtype == .float32, options: options)
                : NumberFormat(precision: .full)
            let write = elementWriter(t, float: float, words: (t.isScalar ? "True" : " True", "False"))
            // numpy's IntegerFormat signs non-negative integers with '+', or
            // pads them with ' ' when no element of the array is negative.
            var sign = options.sign
            if sign == " " && t.storage.doubles.contains(where: { $0 < 0 }) { sign = "-" }
            guard t.dtype.isInteger, sign != "-" else { return offsets.map(write) }
            return offsets.map { o in storage.double(at: o) >= 0 ? String(sign) + write(o) : write(o) }
        }
    }

    /// A shape as Python writes a tuple: `(2000,)`, `(0, 3)`, `()`.
    private static func pythonTuple(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
