/// The element types a tensor can hold, as numpy names them.
///
/// Every tensor stores its elements in its dtype's own width (`TensorStorage`):
/// a float32 tensor holds `Float`s, 4 bytes each, not float64 values rounded
/// to float32. float64 is attn's default (its literals), float32 PyTorch's.
public enum DType: String, Sendable, CaseIterable, Equatable {
    case float64, float32, int64, int32, bool

    /// Bytes per element.
    public var itemSize: Int {
        switch self {
        case .float64, .int64: return 8
        case .float32, .int32: return 4
        case .bool: return 1
        }
    }

    public var isFloatingPoint: Bool { self == .float64 || self == .float32 }
    public var isInteger: Bool { self == .int64 || self == .int32 }
}

/// A tensor's elements in row-major order, in the width of their dtype.
/// Copies share their array until one is written (copy-on-write).
public enum TensorStorage: Sendable, Equatable {
    case float64([Double])
    case float32([Float])
    case int64([Int64])
    case int32([Int32])
    case bool([Bool])

    public var dtype: DType {
        switch self {
        case .float64: return .float64
        case .float32: return .float32
        case .int64: return .int64
        case .int32: return .int32
        case .bool: return .bool
        }
    }

    public var count: Int {
        switch self {
        case .float64(let a): return a.count
        case .float32(let a): return a.count
        case .int64(let a): return a.count
        case .int32(let a): return a.count
        case .bool(let a): return a.count
        }
    }

    /// The elements as float64: the storage itself for float64 (no copy);
    /// exact for float32, int32 and bool (true is 1); an int64 beyond 2^53
    /// rounds to the nearest float64, as numpy's astype(float64) does.
    public var doubles: [Double] {
        switch self {
        case .float64(let a): return a
        case .float32(let a): return a.map { Double($0) }
        case .int64(let a): return a.map { Double($0) }
        case .int32(let a): return a.map { Double($0) }
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        }
    }

    /// Element `i` as float64 (as `doubles` converts it).
    @inlinable
    public func double(at i: Int) -> Double {
        switch self {
        case .float64(let a): return a[i]
        case .float32(let a): return Double(a[i])
        case .int64(let a): return Double(a[i])
        case .int32(let a): return Double(a[i])
        case .bool(let a): return a[i] ? 1 : 0
        }
    }
}
