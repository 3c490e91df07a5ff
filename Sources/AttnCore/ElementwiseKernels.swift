/// A function of two elements as a type. The broadcasting loop
/// (`Tensor.zipElements`) is generic over it, so each specialisation calls
/// the kernel directly and the compiler can inline and vectorise it, also in
/// the row-by-row broadcast path, where a closure would stay an indirect
/// call per element.
protocol BinaryKernel {
    associatedtype A
    associatedtype B
    associatedtype R: BitwiseCopyable
    func callAsFunction(_ a: A, _ b: B) -> R
}

/// Any closure (the float64 `Tensor.zip`): called, not inlined.
struct ClosureKernel<A, B, R: BitwiseCopyable>: BinaryKernel {
    let f: (A, B) -> R
    @inline(__always) func callAsFunction(_ a: A, _ b: B) -> R { f(a, b) }
}

// MARK: - Floats: IEEE operations in the element's own width

struct FloatAdd<T: FloatElement>: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: T, _ b: T) -> T { a + b }
}
struct FloatSubtract<T: FloatElement>: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: T, _ b: T) -> T { a - b }
}
struct FloatMultiply<T: FloatElement>: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: T, _ b: T) -> T { a * b }
}
struct FloatDivide<T: FloatElement>: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: T, _ b: T) -> T { a / b }
}
struct FloatPower<T: FloatElement>: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: T, _ b: T) -> T { T.pow(a, b) }
}

// MARK: - Integers: wrapping, as numpy's loops

struct IntegerAdd<T: IntegerElement>: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: T, _ b: T) -> T { a &+ b }
}
struct IntegerSubtract<T: IntegerElement>: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: T, _ b: T) -> T { a &- b }
}
struct IntegerMultiply<T: IntegerElement>: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: T, _ b: T) -> T { a &* b }
}
/// For exponents ≥ 0 (checked before the loop).
struct IntegerPower<T: IntegerElement>: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: T, _ b: T) -> T { Tensor.wrappingPower(a, b) }
}

// MARK: - Comparisons (numbers), giving bool

struct Equal<T: Equatable>: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: T, _ b: T) -> Bool { a == b }
}
struct NotEqual<T: Equatable>: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: T, _ b: T) -> Bool { a != b }
}
struct Less<T: Comparable>: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: T, _ b: T) -> Bool { a < b }
}
struct LessEqual<T: Comparable>: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: T, _ b: T) -> Bool { a <= b }
}
struct Greater<T: Comparable>: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: T, _ b: T) -> Bool { a > b }
}
struct GreaterEqual<T: Comparable>: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: T, _ b: T) -> Bool { a >= b }
}

// MARK: - Booleans: numpy's bool loops (+ is or, * is and, false < true)

struct LogicalOr: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: Bool, _ b: Bool) -> Bool { a || b }
}
struct LogicalAnd: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: Bool, _ b: Bool) -> Bool { a && b }
}
struct BoolLess: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: Bool, _ b: Bool) -> Bool { !a && b }
}
struct BoolLessEqual: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: Bool, _ b: Bool) -> Bool { !a || b }
}
struct BoolGreater: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: Bool, _ b: Bool) -> Bool { a && !b }
}
struct BoolGreaterEqual: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: Bool, _ b: Bool) -> Bool { a || !b }
}
