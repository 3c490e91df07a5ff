/// A dense, row-major (C order) array with a shape and a dtype.
///
/// A rank-0 tensor (shape `[]`) is a scalar and holds exactly one element.
/// Every other tensor holds `shape.reduce(1, *)` elements; a zero in the shape
/// makes an empty tensor. The elements are stored in their dtype's own width
/// (`storage`); `scalars` reads them as float64. Tensors are values: copies
/// share storage until one of them is written (Swift's copy-on-write arrays).
/// Large tensors hold a lease on the memory budget (see `MemoryBudget`) for as
/// long as they live.
public struct Tensor: Equatable, Sendable {
    /// The length of each axis, outermost first.
    public let shape: [Int]
    /// The elements in row-major order, in the dtype's width;
    /// `storage.count == shape.product`. Written only inside AttnCore, by
    /// code that owns a fresh tensor.
    public internal(set) var storage: TensorStorage
    /// The budget lease for the storage (nil for small tensors); shared by
    /// copies and by reshaped views of the same storage.
    let lease: StorageLease?
    /// True for a weak scalar: a rank-0 tensor standing for a Python number
    /// in numpy's promotion rules (NEP 50), which takes the dtype of the
    /// tensor it meets (see `Tensor.weak` in Promotion.swift). False for
    /// every tensor an operation returns, except operators between weak
    /// scalars. Not part of `==`.
    public internal(set) var isWeak = false

    /// Builds a tensor from a shape and its row-major elements.
    /// The caller guarantees that the counts agree (and checked the size
    /// with `checkedCount` before allocating the elements); the public
    /// throwing initializer checks it for data that comes from outside.
    public init(unchecked shape: [Int], storage: TensorStorage) {
        assert(shape.reduce(1, *) == storage.count, "shape \(shape) does not hold \(storage.count) elements")
        self.shape = shape
        self.storage = storage
        let count = storage.count
        lease = count >= MemoryBudget.leaseThreshold ? StorageLease(bytes: count * storage.dtype.itemSize) : nil
    }

    /// A float64 tensor from a shape and its row-major elements (see
    /// `init(unchecked:storage:)`).
    public init(unchecked shape: [Int], _ scalars: [Double]) {
        self.init(unchecked: shape, storage: .float64(scalars))
    }

    /// The same storage under another shape with the same count (a view:
    /// the budget counts the storage once).
    init(sharing other: Tensor, shape: [Int]) {
        assert(shape.reduce(1, *) == other.count, "shape \(shape) does not hold \(other.count) elements")
        self.shape = shape
        self.storage = other.storage
        self.lease = other.lease
    }

    /// The element type.
    public var dtype: DType { storage.dtype }

    /// The elements as float64, in row-major order: the storage itself for
    /// a float64 tensor (no copy), a converted copy otherwise (see
    /// `TensorStorage.doubles`). Read it once outside a loop. Writing it
    /// (inside AttnCore and its tests) makes the tensor float64.
    public internal(set) var scalars: [Double] {
        get { storage.doubles }
        _modify {
            // Take the array out of the storage while it is written, so it
            // is uniquely referenced and changes in place.
            var elements = storage.doubles
            storage = .float64([])
            defer { storage = .float64(elements) }
            yield &elements
        }
    }

    /// Same shape, dtype and elements; weakness is not compared.
    public static func == (a: Tensor, b: Tensor) -> Bool {
        a.shape == b.shape && a.storage == b.storage
    }

    /// Builds a tensor, checking that `scalars` fills `shape` exactly.
    public init(shape: [Int], scalars: [Double]) throws(CoreError) {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw CoreError.invalidArgument("a shape cannot have negative lengths: \(Tensor.describe(shape: shape))")
        }
        let count = try Tensor.checkedCount(shape)
        guard count == scalars.count else {
            throw CoreError.shapeMismatch("\(scalars.count) elements cannot fill shape \(Tensor.describe(shape: shape))")
        }
        self.init(unchecked: shape, scalars)
    }

    /// A scalar (rank-0) tensor.
    public init(_ value: Double) {
        self.init(unchecked: [], [value])
    }

    /// A vector (rank-1) tensor.
    public init(vector: [Double]) {
        self.init(unchecked: [vector.count], vector)
    }

    /// A tensor of the given shape filled with one value.
    public init(repeating value: Double, shape: [Int]) throws(CoreError) {
        let count = try Tensor.checkedCount(shape)
        self.init(unchecked: shape, try Tensor.buildScalars(count) { o, r in (o + r.lowerBound).initialize(repeating: value, count: r.count) })
    }

    @inlinable public var rank: Int { shape.count }
    public var count: Int { storage.count }
    @inlinable public var isScalar: Bool { shape.isEmpty }

    /// The single element of a tensor with one element, as float64, else nil.
    public var scalarValue: Double? { count == 1 ? storage.double(at: 0) : nil }

    /// Row-major strides, in elements.
    @inlinable public var strides: [Int] { Tensor.strides(for: shape) }

    @inlinable
    public static func strides(for shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = running
            running *= shape[axis]
        }
        return strides
    }

    /// The shape written as attn writes a vector: `[2, 3]`.
    public static func describe(shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }
}

// MARK: - Size limits

extension Tensor {
    /// The largest number of elements one tensor may hold. Attn checks it
    /// before allocating, so a mistyped size is an error rather than a
    /// machine that swaps. The command line sets it once at start-up
    /// (`--max-elements`); it is read from worker threads but never written
    /// while they run.
    nonisolated(unsafe) public static var maxElements: Int = 1 << 28

    /// The element count of `shape`, or an error when it overflows, exceeds
    /// `maxElements`, or does not fit in what is left of the memory budget.
    /// Called before every allocation of a result, including results built
    /// from empty inputs (a reduction of a [0, n] tensor has n elements).
    public static func checkedCount(_ shape: [Int], dtype: DType = .float64) throws(CoreError) -> Int {
        let count = try elementCount(shape)
        if count >= MemoryBudget.leaseThreshold { try MemoryBudget.check(bytes: count * dtype.itemSize, shape: shape) }
        return count
    }

    /// The element count of `shape`, or an error when a length is negative,
    /// the product overflows, or it exceeds `maxElements`. For shapes that
    /// allocate nothing new (a reshaped view).
    public static func elementCount(_ shape: [Int]) throws(CoreError) -> Int {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw CoreError.invalidArgument("a shape cannot have negative lengths: \(describe(shape: shape))")
        }
        // As numpy: the product of the nonzero lengths must fit in an Int even
        // when a zero makes the tensor empty, so that no partial product of
        // the lengths (strides, outer and inner counts) can ever overflow.
        var nonzero = 1
        for length in shape where length != 0 {
            let (product, overflow) = nonzero.multipliedReportingOverflow(by: length)
            guard !overflow else { throw CoreError.tooLarge(shape: shape, limit: maxElements) }
            nonzero = product
        }
        let count = shape.contains(0) ? 0 : nonzero
        guard count <= maxElements else { throw CoreError.tooLarge(shape: shape, limit: maxElements) }
        return count
    }
}

// MARK: - Axes

extension Tensor {
    /// Resolves a possibly negative axis against `rank`, as numpy does.
    public static func normalize(axis: Int, rank: Int) throws(CoreError) -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        guard resolved >= 0 && resolved < rank else {
            throw CoreError.badAxis(axis: axis, rank: rank)
        }
        return resolved
    }
}
