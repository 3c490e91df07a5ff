import AttnCore

// PyTorch's `repr` (and `str`, which is the same) of CPU tensors of attn's
// dtypes, as torch/_tensor_str.py writes them, held to PyTorch 2.15 by
// scripts/golden_torch.py (Tests/AttnPythonTests/Golden/torch_printing.json).
// A pure function of the tensor, the print options and the autograd facts
// the caller passes; nothing depends on the evaluator.
//
// The rules, in PyTorch's order:
// - Elements are laid out as nested lists: a row of a 1-d tensor wraps to
//   as many elements per line as fit in `lineWidth` minus the indent (each
//   element taking its width plus 2); continuation lines are indented one
//   past the opening bracket; the blocks of an n-d tensor are separated by
//   n − 1 newlines.
// - With more than `threshold` elements the tensor is summarised: an axis
//   longer than 2 × `edgeItems` shows its first and last `edgeItems`
//   indices around `...` (` ...` as an element of a row).
// - One formatter serves all elements shown (`ElementFormatter`). Integers
//   and booleans are right-aligned to the widest. Floats are read as
//   float64 (float32 widened exactly, as `tolist()` does) and judged by
//   their nonzero finite values: all whole numbers is int mode (`3.`),
//   a ratio of largest to smallest magnitude above 1000, a largest above
//   1e8 or a smallest below 1e-4 is scientific mode (unless `sciMode`
//   decides), else fixed with `precision` digits; Python's own `'.4f'`,
//   `'.4e'` and `'.0f'` formatting (PyFormat) writes the digits, and all
//   are right-aligned to the widest nonzero finite value.
// - Suffixes after the elements: `size=` for an empty tensor that is not
//   1-d or when `edgeItems` is 0; `dtype=` unless the dtype is the default
//   float dtype, int64 or bool (an empty tensor names any dtype but the
//   default); `grad_fn=<...>` or else `requires_grad=True`. A suffix that
//   would pass `lineWidth` starts a new line, indented under `tensor(`.

/// `torch.set_printoptions` (the names PyTorch uses, in Swift's case).
public struct TorchPrintOptions: Equatable, Sendable {
    /// Digits after the point (fixed) or of the mantissa (scientific).
    public var precision: Int
    /// The most elements printed whole; `.infinity` never summarises.
    public var threshold: Double
    /// The indices kept at each end of a summarised axis.
    public var edgeItems: Int
    /// The columns a row wraps to.
    public var lineWidth: Int
    /// Forces scientific notation on (true) or off (false); nil lets the
    /// elements decide.
    public var sciMode: Bool?

    public init(precision: Int = 4, threshold: Double = 1000, edgeItems: Int = 3, lineWidth: Int = 80, sciMode: Bool? = nil) {
        self.precision = precision
        self.threshold = threshold
        self.edgeItems = edgeItems
        self.lineWidth = lineWidth
        self.sciMode = sciMode
    }

    /// `set_printoptions(profile=name)`'s presets ("default", "short",
    /// "full"), nil for another name. A profile leaves `sciMode` unset.
    public static func profile(_ name: String) -> TorchPrintOptions? {
        switch name {
        case "default": return TorchPrintOptions()
        case "short": return TorchPrintOptions(precision: 2, edgeItems: 2)
        case "full": return TorchPrintOptions(threshold: .infinity)
        default: return nil
        }
    }
}

/// PyTorch's text for tensors, sizes and dtypes.
public enum TorchPrinter {
    /// `repr(t)` (and `str(t)`): `tensor([0.5000, 0.5000])`.
    /// - requiresGrad: the tensor's `requires_grad` (shown when it has no
    ///   `gradFn`).
    /// - gradFn: the name of its `grad_fn` node, as `SoftmaxBackward0`.
    /// - defaultDType: `torch.get_default_dtype()`, float32 unless changed.
    public static func repr(_ t: Tensor, options: TorchPrintOptions = TorchPrintOptions(),
                            requiresGrad: Bool = false, gradFn: String? = nil, defaultDType: DType = .float32) -> String {
        let prefix = "tensor("
        let indent = prefix.count
        var suffixes: [String] = []
        let body: String
        if t.count == 0 {
            if t.rank != 1 { suffixes.append("size=" + pythonTuple(t.shape)) }
            if t.dtype != defaultDType { suffixes.append("dtype=" + dtypeName(t.dtype)) }
            body = "[]"
        } else {
            if options.edgeItems == 0 { suffixes.append("size=" + pythonTuple(t.shape)) }
            if ![defaultDType, .int64, .bool].contains(t.dtype) { suffixes.append("dtype=" + dtypeName(t.dtype)) }
            body = elements(t, options: options, indent: indent)
        }
        if let gradFn {
            suffixes.append("grad_fn=<\(gradFn)>")
        } else if requiresGrad {
            suffixes.append("requires_grad=True")
        }
        return addSuffixes(prefix + body, suffixes, indent: indent, lineWidth: options.lineWidth)
    }

    /// `repr(nn.Parameter(t))`: `Parameter containing:` over the tensor's
    /// repr with `requires_grad=True` (unless `requiresGrad` is false).
    public static func parameterRepr(_ t: Tensor, options: TorchPrintOptions = TorchPrintOptions(),
                                     requiresGrad: Bool = true, defaultDType: DType = .float32) -> String {
        "Parameter containing:\n" + repr(t, options: options, requiresGrad: requiresGrad, defaultDType: defaultDType)
    }

    /// `torch.Size([2, 3])`.
    public static func size(_ shape: [Int]) -> String {
        "torch.Size([" + shape.map(String.init).joined(separator: ", ") + "])"
    }

    /// `torch.float32`, `torch.int64`, ...
    public static func dtypeName(_ dtype: DType) -> String {
        "torch." + dtype.rawValue
    }

    /// A shape as Python writes a tuple: `(0, 3)`, `(5,)`, `()`.
    static func pythonTuple(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// `_add_suffixes`: each suffix after `, ` on the last line, or on a
    /// line of its own when the last line would pass the width.
    static func addSuffixes(_ text: String, _ suffixes: [String], indent: Int, lineWidth: Int) -> String {
        var out = text
        // PyTorch counts from the last newline in a way that comes out one
        // above the last line's length (two above when there is no newline).
        var lastLine: Int
        if let newline = text.lastIndex(of: "\n") {
            lastLine = text.distance(from: newline, to: text.endIndex) + 1
        } else {
            lastLine = text.count + 2
        }
        for suffix in suffixes {
            if lastLine + suffix.count + 2 > lineWidth {
                out += ",\n" + String(repeating: " ", count: indent) + suffix
                lastLine = indent + suffix.count
            } else {
                out += ", " + suffix
                lastLine += suffix.count + 2
            }
        }
        return out + ")"
    }
}
