/// Options shared by the scaled dot-product attention functions.
///
/// The score of query i and key j (0-based) of one head is
///
///     s_ij = scale · Q_i·K_j + bias_ij − slope·|i + Lk − Lq − j|
///
/// (the ALiBi term only with `alibi`), and the key is *allowed* when every
/// option allows it:
/// - `mask` is not 0 there;
/// - `causal`: j ≤ i (`.topLeft`) or j ≤ i + Lk − Lq (`.bottomRight`);
/// - `window` (left l, right r; either may be unlimited):
///   i + Lk − Lq − l ≤ j ≤ i + Lk − Lq + r;
/// - and its score is not −inf (a −inf bias, or −inf from Q·K).
/// Positional options (causal, window) reduce to one `KeyBand`, computed
/// once per call; the kernels read it per row and skip key blocks that no
/// row of a query block may see.
///
/// A query whose keys are all excluded gets zero weights, a zero output row
/// and a log-sum-exp of −inf.
public struct AttentionOptions: Sendable {
    /// Which keys causal attention hides.
    public enum Causal: Sendable, Equatable {
        /// No causal constraint.
        case none
        /// Key j is allowed for query i when j ≤ i: the diagonal starts at the
        /// top-left corner (PyTorch's `is_causal=True`, `causal_upper_left`).
        case topLeft
        /// Key j is allowed for query i when j ≤ i + Lk − Lq: the diagonal
        /// ends at the bottom-right corner, so the last query sees every key
        /// (flash-attn's `causal=True`, PyTorch's `causal_lower_right`).
        case bottomRight
    }

    /// A sliding window around the bottom-right-aligned diagonal, flash-attn's
    /// `window_size = (left, right)`: query i may attend key j when
    /// i + Lk − Lq − left ≤ j ≤ i + Lk − Lq + right. nil (or a negative
    /// number, flash-attn's −1) leaves that side unlimited. (flash-attn's
    /// kernel also treats a side ≥ Lk as unlimited, which departs from its
    /// formula only for right sides with Lk ≤ right < Lq − 1; attn follows
    /// the formula.)
    public struct Window: Sendable, Equatable {
        /// Keys before the diagonal that stay visible; nil: all of them.
        public var left: Int?
        /// Keys after the diagonal that stay visible; nil: all of them.
        public var right: Int?

        /// A negative side is unlimited (stored as nil).
        public init(left: Int?, right: Int?) {
            self.left = left.flatMap { $0 < 0 ? nil : $0 }
            self.right = right.flatMap { $0 < 0 ? nil : $0 }
        }
    }

    /// Multiplies every score; nil means 1/√(d/heads), d = the query width.
    /// Rounded to float32 for a float32 call (like the ALiBi slopes).
    public var scale: Double?
    /// 1 where a query may attend a key, 0 where it may not (PyTorch's boolean
    /// attn_mask), of any dtype (bool, integer, float); any other value, NaN
    /// included, is refused with `CoreError.nonBooleanMask`. Broadcasts to
    /// [batch..., (heads,) Lq, Lk].
    public var mask: Tensor?
    /// Added to the scaled scores before the softmax (PyTorch's float
    /// attn_mask): softmax(Q·Kᵀ·scale + bias). −inf excludes a key. Broadcasts
    /// to [batch..., (heads,) Lq, Lk] like `mask`. It takes part in the
    /// dtype (`Attention.computeType`): a float64 bias makes a float32 call
    /// float64, as numpy's promotion would.
    public var bias: Tensor?
    /// The causal constraint (see `Causal`).
    public var causal: Causal
    /// A sliding window (see `Window`); nil for none.
    public var window: Window?
    /// ALiBi slopes: one number (every head) or a vector of `heads` slopes,
    /// finite. Query i and key j of head t get −alibi[t]·|i + Lk − Lq − j|
    /// added to their scaled score (flash-attn's `alibi_slopes` as its
    /// documentation defines them; with causal=True its kernel adds
    /// slope·j instead, which differs by the row constant
    /// slope·(i + Lk − Lq): the same weights, a different log-sum-exp).
    public var alibi: Tensor?
    /// The number of (query) heads the model dimension is split into.
    public var heads: Int
    /// The number of key/value heads (grouped-query attention, PyTorch's
    /// `enable_gqa=True`); nil means `heads`. Must divide `heads`: query
    /// head t uses key/value head t / (heads / kvHeads), and K and V are
    /// kvHeads·d/heads and kvHeads·dv/heads wide.
    public var kvHeads: Int?

    public init(
        scale: Double? = nil, mask: Tensor? = nil, bias: Tensor? = nil, causal: Causal = .none,
        window: Window? = nil, alibi: Tensor? = nil, heads: Int = 1, kvHeads: Int? = nil
    ) {
        self.scale = scale
        self.mask = mask
        self.bias = bias
        self.causal = causal
        self.window = window
        self.alibi = alibi
        self.heads = heads
        self.kvHeads = kvHeads
    }
}

/// Which keys each query may attend by position alone: query i may attend
/// key j only when i + lower ≤ j ≤ i + upper (0-based; a nil bound is no
/// limit). Causal attention and sliding windows are such bands; the kernels
/// take one, whatever the element type, and derive from it the key range of
/// every row and the key blocks a query block can skip.
public struct KeyBand: Sendable, Equatable {
    /// Query i may attend key j only when j ≥ i + lower; nil: no lower limit.
    public private(set) var lower: Int?
    /// Query i may attend key j only when j ≤ i + upper; nil: no upper limit.
    public private(set) var upper: Int?

    /// No positional constraint.
    public static let unlimited = KeyBand()

    /// Bounds beyond ±2⁵³ are clamped there (no tensor has that many keys),
    /// so that i + bound never overflows.
    public init(lower: Int? = nil, upper: Int? = nil) {
        let limit = 1 << 53
        self.lower = lower.map { min(max($0, -limit), limit) }
        self.upper = upper.map { min(max($0, -limit), limit) }
    }

    /// The band of `causal` and `window` for Lq queries and Lk keys: the
    /// intersection of their constraints (see `AttentionOptions`). A window
    /// side that reaches past every key (≥ Lq + Lk) is no limit.
    public init(causal: AttentionOptions.Causal, window: AttentionOptions.Window?, lq: Int, lk: Int) {
        let diagonal = lk - lq  // bottom-right alignment: query i's diagonal key is i + Lk − Lq
        var upper: Int?
        switch causal {
        case .none: upper = nil
        case .topLeft: upper = 0
        case .bottomRight: upper = diagonal
        }
        var lower: Int?
        if let window {
            // i + diagonal − left ≤ 0 for every query: no limit.
            if let left = window.left, left < lq + lk { lower = diagonal - left }
            // i + diagonal + right ≥ Lk − 1 for every query: no limit.
            if let right = window.right, right < lq + lk {
                upper = min(upper ?? Int.max, diagonal + right)
            }
        }
        self.init(lower: lower, upper: upper)
    }

    /// Whether query i may attend key j.
    public func allows(query i: Int, key j: Int) -> Bool {
        (lower.map { j >= i + $0 } ?? true) && (upper.map { j <= i + $0 } ?? true)
    }

    /// The keys query i may attend, within 0..<keyCount (empty when none).
    public func keys(query i: Int, keyCount lk: Int) -> Range<Int> {
        let start = lower.map { min(max(i + $0, 0), lk) } ?? 0
        let end = upper.map { min(max(i + $0 + 1, 0), lk) } ?? lk
        return start..<max(start, end)
    }

    /// True when the band constrains nothing.
    public var isUnlimited: Bool { lower == nil && upper == nil }
}
