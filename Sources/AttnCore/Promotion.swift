/// numpy 2's type promotion (NEP 50) among attn's five dtypes: the dtype an
/// operation between two operands computes in and returns.
///
/// Between tensors (numpy arrays and numpy scalars, "strong" dtypes),
/// `np.result_type`:
///
///     ·        bool     int32    int64    float32  float64
///     bool     bool     int32    int64    float32  float64
///     int32    int32    int32    int64    float64  float64
///     int64    int64    int64    int64    float64  float64
///     float32  float32  float64  float64  float32  float64
///     float64  float64  float64  float64  float64  float64
///
/// An integer and float32 give float64 (float32's 24-bit significand cannot
/// hold every int32), not float32 as in PyTorch.
///
/// Weak scalars (NEP 50's Python int, float and bool): a rank-0 tensor
/// marked `isWeak` takes part by its kind only (bool < integer < float).
/// Against a tensor of the same or a higher kind it takes that tensor's
/// dtype (float32 array + Python float is float32; int32 array + Python int
/// is int32, an error when the value does not fit: "Python integer
/// 3000000000 out of bounds for int32"); against a lower kind it gives its
/// kind's default dtype (int array + Python float is float64; bool array +
/// Python int is int64). Two weak scalars combine as Python numbers do
/// (the higher kind), and the result stays weak.
///
/// How attn marks weak scalars: a weak scalar's dtype is the default of its
/// kind, float64 (a Python float), int64 (a Python int) or bool (a Python
/// bool), so that on its own it is exactly what numpy would make of it
/// (`np.asarray(2.0)` is float64). The attn language marks the tensors of
/// number literals and named constants (`2`, `0.5`, `pi`, `inf`) weak, so
/// `x * 2` keeps a float32 `x` float32. Operators between weak scalars give
/// weak scalars (Python arithmetic on Python numbers; `-2` stays weak).
/// Everything else is strong: builtin functions (`sqrt(2)` is
/// `np.sqrt(2.0)`, a numpy float64), reshaping, conversion, list literals
/// (`np.array([1.0])`) and variables bound to strong values.
extension DType {
    /// numpy's `np.promote_types(a, b)` for attn's dtypes (the table above).
    public static func promoted(_ a: DType, _ b: DType) -> DType {
        if a == b { return a }
        if a == .bool { return b }
        if b == .bool { return a }
        if a.isInteger && b.isInteger { return .int64 }
        if a == .float32 && b == .float32 { return .float32 }
        // float32 with float64 or with an integer, float64 with anything.
        return .float64
    }

    /// numpy's kinds in promotion order: 0 bool, 1 integer, 2 float.
    var kind: Int {
        switch self {
        case .bool: return 0
        case .int32, .int64: return 1
        case .float32, .float64: return 2
        }
    }

    /// The default dtype of a kind (what a Python bool, int or float becomes).
    static func defaultOf(kind: Int) -> DType {
        switch kind {
        case 0: return .bool
        case 1: return .int64
        default: return .float64
        }
    }
}

extension Tensor {
    /// A weak scalar standing for a Python float (float64; see Promotion.swift).
    public static func weak(_ value: Double) -> Tensor {
        var t = Tensor(value)
        t.isWeak = true
        return t
    }

    /// A weak scalar standing for a Python int (int64).
    public static func weak(integer value: Int64) -> Tensor {
        var t = Tensor(unchecked: [], storage: .int64([value]))
        t.isWeak = true
        return t
    }

    /// A weak scalar standing for a Python bool.
    public static func weak(_ value: Bool) -> Tensor {
        var t = Tensor(unchecked: [], storage: .bool([value]))
        t.isWeak = true
        return t
    }

    /// The same tensor, not weak (a weak scalar materialised as numpy's
    /// `np.asarray(x)` would).
    public var strong: Tensor {
        var t = self
        t.isWeak = false
        return t
    }

    /// numpy 2's result dtype for an operation between `a` and `b`
    /// (`np.result_type` with NEP 50's weak scalars; see Promotion.swift).
    /// The operation may still change it: comparisons give bool, true
    /// division of integers gives float64 (see `Tensor.binary`).
    public static func resultType(_ a: Tensor, _ b: Tensor) -> DType {
        switch (a.isWeak, b.isWeak) {
        case (false, false), (true, true):
            return DType.promoted(a.dtype, b.dtype)
        case (true, false):
            return weakPromoted(weak: a.dtype, strong: b.dtype)
        case (false, true):
            return weakPromoted(weak: b.dtype, strong: a.dtype)
        }
    }

    /// The result dtype of tensors joined into one (numpy's concatenate,
    /// stack and array-from-list): every operand counts as strong.
    public static func resultType(_ tensors: [Tensor]) -> DType {
        guard let first = tensors.first else { return .float64 }
        return tensors.dropFirst().reduce(first.dtype) { DType.promoted($0, $1.dtype) }
    }

    private static func weakPromoted(weak: DType, strong: DType) -> DType {
        weak.kind <= strong.kind ? strong : DType.defaultOf(kind: weak.kind)
    }
}
