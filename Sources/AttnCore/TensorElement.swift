import Foundation

/// The Swift type that holds one dtype's elements: `Double` (float64),
/// `Float` (float32), `Int64`, `Int32` and `Bool`.
///
/// Dtype-aware code is written once, generic over the element type, and
/// called through a `switch` on the storage; the compiler specialises each
/// call, so the float64 loop is the same machine code a hand-written
/// `[Double]` loop would be.
public protocol TensorElement: BitwiseCopyable, Sendable, Equatable {
    /// The dtype whose storage holds this type.
    static var dtype: DType { get }
    /// The storage's array when it holds this type (no copy), else nil.
    static func elements(in storage: TensorStorage) -> [Self]?
    /// These elements as a storage of `dtype`.
    static func storage(_ elements: [Self]) -> TensorStorage
    /// numpy's truth value: nonzero (nan is nonzero, so true).
    var isNonzero: Bool { get }
    /// True for a floating-point nan, false for every integer and bool.
    var isNaN: Bool { get }
    /// The order numpy's max, min, argmax and argmin use among non-nan
    /// values (false < true for bool).
    static func precedes(_ a: Self, _ b: Self) -> Bool
}

/// float64 and float32: the element types arithmetic is done in with IEEE
/// rounding after every operation, and the functions of the C library
/// (glibc's `exp`/`expf`, ...) for each width.
public protocol FloatElement: TensorElement, BinaryFloatingPoint {
    init(_ value: Double)
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self
}

/// int64 and int32: arithmetic wraps on overflow (two's complement), as
/// numpy's integer loops do.
public protocol IntegerElement: TensorElement, FixedWidthInteger {}

extension Double: FloatElement {
    public static var dtype: DType { .float64 }
    public static func elements(in storage: TensorStorage) -> [Double]? {
        if case .float64(let a) = storage { return a }
        return nil
    }
    public static func storage(_ elements: [Double]) -> TensorStorage { .float64(elements) }
    @inlinable public var isNonzero: Bool { self != 0 }
    @inlinable public static func precedes(_ a: Double, _ b: Double) -> Bool { a < b }
    @inlinable public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    @inlinable public static func log(_ x: Double) -> Double { Foundation.log(x) }
    @inlinable public static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
    @inlinable public static func pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
}

extension Float: FloatElement {
    public static var dtype: DType { .float32 }
    public static func elements(in storage: TensorStorage) -> [Float]? {
        if case .float32(let a) = storage { return a }
        return nil
    }
    public static func storage(_ elements: [Float]) -> TensorStorage { .float32(elements) }
    @inlinable public var isNonzero: Bool { self != 0 }
    @inlinable public static func precedes(_ a: Float, _ b: Float) -> Bool { a < b }
    @inlinable public static func exp(_ x: Float) -> Float { Foundation.exp(x) }
    @inlinable public static func log(_ x: Float) -> Float { Foundation.log(x) }
    @inlinable public static func tanh(_ x: Float) -> Float { Foundation.tanh(x) }
    @inlinable public static func pow(_ x: Float, _ y: Float) -> Float { Foundation.pow(x, y) }
}

extension Int64: IntegerElement {
    public static var dtype: DType { .int64 }
    public static func elements(in storage: TensorStorage) -> [Int64]? {
        if case .int64(let a) = storage { return a }
        return nil
    }
    public static func storage(_ elements: [Int64]) -> TensorStorage { .int64(elements) }
    @inlinable public var isNonzero: Bool { self != 0 }
    @inlinable public var isNaN: Bool { false }
    @inlinable public static func precedes(_ a: Int64, _ b: Int64) -> Bool { a < b }
}

extension Int32: IntegerElement {
    public static var dtype: DType { .int32 }
    public static func elements(in storage: TensorStorage) -> [Int32]? {
        if case .int32(let a) = storage { return a }
        return nil
    }
    public static func storage(_ elements: [Int32]) -> TensorStorage { .int32(elements) }
    @inlinable public var isNonzero: Bool { self != 0 }
    @inlinable public var isNaN: Bool { false }
    @inlinable public static func precedes(_ a: Int32, _ b: Int32) -> Bool { a < b }
}

extension Bool: TensorElement {
    public static var dtype: DType { .bool }
    public static func elements(in storage: TensorStorage) -> [Bool]? {
        if case .bool(let a) = storage { return a }
        return nil
    }
    public static func storage(_ elements: [Bool]) -> TensorStorage { .bool(elements) }
    @inlinable public var isNonzero: Bool { self }
    @inlinable public var isNaN: Bool { false }
    @inlinable public static func precedes(_ a: Bool, _ b: Bool) -> Bool { !a && b }
}

extension Tensor {
    /// The elements as `T`: the storage itself when the dtype is `T`'s (no
    /// copy), else converted as `converted(to:)` does (numpy's astype).
    public func elements<T: TensorElement>(as _: T.Type) throws(CoreError) -> [T] {
        if let own = T.elements(in: storage) { return own }
        return T.elements(in: try converted(to: T.dtype).storage) ?? []
    }

    /// A tensor of `shape` from elements of any dtype (the caller checked
    /// the count, as for `init(unchecked:storage:)`).
    init<T: TensorElement>(unchecked shape: [Int], elements: [T]) {
        self.init(unchecked: shape, storage: T.storage(elements))
    }
}

extension TensorStorage {
    /// The elements gathered by `gather`, in the same dtype: the one place
    /// a data movement (indexing, broadcasting) switches on the dtype.
    func gathered(_ gather: StridedGather) throws(CoreError) -> TensorStorage {
        switch self {
        case .float64(let a): return .float64(try gather.apply(a))
        case .float32(let a): return .float32(try gather.apply(a))
        case .int64(let a): return .int64(try gather.apply(a))
        case .int32(let a): return .int32(try gather.apply(a))
        case .bool(let a): return .bool(try gather.apply(a))
        }
    }
}

/// A copy that reads its source through strides: result element n (in
/// row-major order over `shape`) is source element `walk.a` at step n of a
/// `StridedWalk`. Broadcasting (stride 0 on broadcast axes) and basic
/// indexing (a start offset and stepped strides) are both this.
struct StridedGather {
    /// The result's shape and element count (checked by the caller).
    let shape: [Int], count: Int
    /// Source strides per result axis, in elements, and the first offset.
    let strides: [Int], start: Int

    /// Copies a row (the last axis) at a time with a straight loop; the
    /// walk over the other axes carries over between blocks.
    @inline(__always)
    func apply<T: BitwiseCopyable>(_ source: [T]) throws(CoreError) -> [T] {
        let length = shape.last ?? 1, step = strides.last ?? 0
        var walk = StridedWalk(Array(shape.dropLast()), strides: Array(strides.dropLast()), start: start)
        var column = 0  // position in the current row
        return try source.withUnsafeBufferPointer { x throws(CoreError) in
            try Tensor.buildElements(count) { o, r in
                var n = r.lowerBound
                while n < r.upperBound {
                    let take = Swift.min(length - column, r.upperBound - n)
                    let from = walk.a + column * step
                    switch step {
                    case 1: for k in 0..<take { o[n + k] = x[from + k] }
                    case 0: let v = x[from]; for k in 0..<take { o[n + k] = v }
                    default: for k in 0..<take { o[n + k] = x[from + k * step] }
                    }
                    n += take
                    column += take
                    if column == length {
                        column = 0
                        walk.advance()
                    }
                }
            }
        }
    }
}
