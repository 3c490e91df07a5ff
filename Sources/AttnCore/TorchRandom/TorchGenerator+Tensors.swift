import Foundation

// PyTorch's random tensors from a `TorchGenerator`, one method per PyTorch
// function, elements drawn in row-major order (what a fresh, contiguous
// tensor gets). Every method checks its arguments and the size before it
// draws or allocates anything, and polls `Interrupt` between blocks of
// 64 Ki elements; an interrupted draw throws `CoreError.interrupted` and
// leaves the generator advanced past what it drew.
//
// How each reads the words (ATen's DistributionsHelper.h and
// TransformationHelper.h):
// - `uniform`, `rand`: float32 from the low 24 bits of one word, float64
//   from the low 53 bits of two, x × (to − from) + from fused in the dtype,
//   and a value that rounded up to `to` replaced by `from`;
// - `normal`, `randn`: see TorchNormal.swift;
// - `randint`: (w mod range) + low with range = high − low, w one word
//   when range < 2^28 and two words otherwise;
// - `bernoulli` with a scalar p: 1 when a 53-bit double uniform is below p;
// - `randperm`: PyTorch's CPU shuffle (see the method).
//
// Errors carry PyTorch's messages.

extension TorchGenerator {
    /// `torch.rand(*shape, dtype=dtype)`: uniform in [0, 1).
    public mutating func rand(_ shape: [Int], dtype: DType = .float32) throws(CoreError) -> Tensor {
        try uniform(shape, from: 0, to: 1, dtype: dtype)
    }

    /// `torch.empty(shape, dtype=dtype).uniform_(from, to)`: uniform in
    /// [from, to). float32 computes in float32 with `from` and `to` rounded
    /// to it.
    public mutating func uniform(_ shape: [Int], from: Double = 0, to: Double = 1, dtype: DType = .float32) throws(CoreError) -> Tensor {
        try TorchGenerator.checkDimensions(shape)
        guard dtype == .float32 || dtype == .float64 else {
            throw CoreError.invalidArgument("\"check_uniform_bounds\" not implemented for '\(TorchGenerator.scalarTypeName(dtype))'")
        }
        guard from <= to else {
            throw CoreError.invalidArgument(
                "uniform_ expects to return a [from, to) range, but found from=\(TorchGenerator.cNumber(from)) > to=\(TorchGenerator.cNumber(to))")
        }
        guard (to - from).isFinite else {
            throw CoreError.invalidArgument(
                "uniform_ expects to-from <= std::numeric_limits<\(TorchGenerator.scalarTypeName(dtype))>::max(), "
                + "but found to=\(TorchGenerator.cNumber(to)) and from=\(TorchGenerator.cNumber(from)) which result in to-from to exceed the limit")
        }
        if dtype == .float64 {
            let span = to - from
            return try Tensor.drawn(shape) { (out: UnsafeMutablePointer<Double>, range) in
                for i in range {
                    let value = from.addingProduct(nextDouble(), span)
                    out[i] = value == to ? from : value
                }
            }
        }
        let low = Float(from), high = Float(to)
        let span = high - low
        return try Tensor.drawn(shape) { (out: UnsafeMutablePointer<Float>, range) in
            for i in range {
                let value = low.addingProduct(nextFloat(), span)
                out[i] = value == high ? low : value
            }
        }
    }

    /// `torch.randn(*shape, dtype=dtype)`: standard normals.
    public mutating func randn(_ shape: [Int], dtype: DType = .float32) throws(CoreError) -> Tensor {
        try normal(shape, mean: 0, std: 1, dtype: dtype)
    }

    /// `torch.empty(shape, dtype=dtype).normal_(mean, std)` (also
    /// `torch.normal(mean, std, size)` with float arguments).
    public mutating func normal(_ shape: [Int], mean: Double = 0, std: Double = 1, dtype: DType = .float32) throws(CoreError) -> Tensor {
        try TorchGenerator.checkDimensions(shape)
        guard dtype == .float32 || dtype == .float64 else {
            throw CoreError.invalidArgument("\"normal_kernel_cpu\" not implemented for '\(TorchGenerator.scalarTypeName(dtype))'")
        }
        guard std >= 0 else {
            throw CoreError.invalidArgument("normal expects std >= 0.0, but found std \(TorchGenerator.cNumber(std))")
        }
        let count = try Tensor.checkedCount(shape, dtype: dtype)
        if dtype == .float64 {
            return Tensor(unchecked: shape, storage: .float64(try normalDoubles(count, mean: mean, std: std)))
        }
        return Tensor(unchecked: shape, storage: .float32(try normalFloats(count, mean: mean, std: std)))
    }

    /// `torch.randint(low, high, shape, dtype=dtype)`: integers in
    /// [low, high) (for a float dtype, whole numbers).
    public mutating func randint(low: Int64 = 0, high: Int64, _ shape: [Int], dtype: DType = .int64) throws(CoreError) -> Tensor {
        try TorchGenerator.checkDimensions(shape)
        guard low < high else {
            throw CoreError.invalidArgument("random_ expects 'from' to be less than 'to', but got from=\(low) >= to=\(high)")
        }
        let last = high - 1
        let bounds: ClosedRange<Int64>? = switch dtype {
        case .int64, .float64: nil
        case .int32: Int64(Int32.min)...Int64(Int32.max)
        case .float32: -(1 << 24)...(1 << 24)
        case .bool: 0...1
        }
        if let bounds, dtype != .float32 {
            guard bounds.contains(low) else { throw CoreError.invalidArgument("from is out of bounds for \(TorchGenerator.cTypeName(dtype))") }
            guard bounds.contains(last) else { throw CoreError.invalidArgument("to - 1 is out of bounds for \(TorchGenerator.cTypeName(dtype))") }
        }
        let span = UInt64(bitPattern: high &- low)
        let base = UInt64(bitPattern: low)
        let wide = span >= 1 << 28
        func next() -> Int64 {
            let word = wide ? random64() : UInt64(random())
            return Int64(bitPattern: word % span &+ base)
        }
        switch dtype {
        case .int64: return try Tensor.drawn(shape) { (o: UnsafeMutablePointer<Int64>, r) in for i in r { o[i] = next() } }
        case .int32: return try Tensor.drawn(shape) { (o: UnsafeMutablePointer<Int32>, r) in for i in r { o[i] = Int32(truncatingIfNeeded: next()) } }
        case .float64: return try Tensor.drawn(shape) { (o: UnsafeMutablePointer<Double>, r) in for i in r { o[i] = Double(next()) } }
        case .float32: return try Tensor.drawn(shape) { (o: UnsafeMutablePointer<Float>, r) in for i in r { o[i] = Float(next()) } }
        case .bool: return try Tensor.drawn(shape) { (o: UnsafeMutablePointer<Bool>, r) in for i in r { o[i] = next() != 0 } }
        }
    }

    /// `torch.empty(shape, dtype=dtype).bernoulli_(p)` for a float p (the
    /// mask of dropout with p = 1 − dropout probability): 1 where a 53-bit
    /// uniform is below p, else 0.
    public mutating func bernoulli(_ shape: [Int], p: Double, dtype: DType = .float32) throws(CoreError) -> Tensor {
        try TorchGenerator.checkDimensions(shape)
        guard p >= 0, p <= 1 else {
            throw CoreError.invalidArgument("bernoulli_ expects p to be in [0, 1], but got p=\(TorchGenerator.cNumber(p))")
        }
        func next() -> Bool { nextDouble() < p }
        switch dtype {
        case .float32: return try Tensor.drawn(shape) { (o: UnsafeMutablePointer<Float>, r) in for i in r { o[i] = next() ? 1 : 0 } }
        case .float64: return try Tensor.drawn(shape) { (o: UnsafeMutablePointer<Double>, r) in for i in r { o[i] = next() ? 1 : 0 } }
        case .int64: return try Tensor.drawn(shape) { (o: UnsafeMutablePointer<Int64>, r) in for i in r { o[i] = next() ? 1 : 0 } }
        case .int32: return try Tensor.drawn(shape) { (o: UnsafeMutablePointer<Int32>, r) in for i in r { o[i] = next() ? 1 : 0 } }
        case .bool: return try Tensor.drawn(shape) { (o: UnsafeMutablePointer<Bool>, r) in for i in r { o[i] = next() } }
        }
    }

    /// `torch.randperm(n, dtype=dtype)`, PyTorch's CPU algorithm: for n
    /// below (2^32 − 1)/20, start from 0, 1, …, n−1 and for i in 0..<n−1
    /// swap positions i and i + (random() mod (n − i)); for larger n, the
    /// inside-out shuffle: for i in 0..<n, z = random64() mod (i + 1),
    /// position i takes position z's value and position z takes i.
    public mutating func randperm(_ n: Int, dtype: DType = .int64) throws(CoreError) -> Tensor {
        guard n >= 0 else {
            throw CoreError.invalidArgument("Trying to create tensor with negative dimension \(n): [\(n)]")
        }
        switch dtype {
        case .bool:
            throw CoreError.invalidArgument("\"randperm\" not implemented for 'Bool'")
        case .float32 where n > (1 << 24) + 1:
            throw CoreError.invalidArgument("n cannot be greater than 2^24+1 for Float type.")
        case .float64 where n > (1 << 53) + 1:
            throw CoreError.invalidArgument("n cannot be greater than 2^53+1 for Double type.")
        case .int32 where n > Int(Int32.max):
            throw CoreError.invalidArgument("value cannot be converted to type int without overflow")
        default:
            break
        }
        let count = try Tensor.checkedCount([n], dtype: .int64)
        var values = try Tensor.buildElements(count) { (o: UnsafeMutablePointer<Int64>, r) in for i in r { o[i] = Int64(i) } }
        if n < Int(UInt32.max / 20) {
            if n > 1 {
                for i in 0..<(n - 1) {
                    let z = Int(UInt64(random()) % UInt64(n - i))
                    values.swapAt(i, i + z)
                    if i % Interrupt.pollInterval == 0 { try Interrupt.check() }
                }
            }
        } else {
            for i in 0..<n {
                let z = Int(random64() % UInt64(i + 1))
                values[i] = values[z]
                values[z] = Int64(i)
                if i % Interrupt.pollInterval == 0 { try Interrupt.check() }
            }
        }
        return try Tensor(unchecked: [n], storage: .int64(values)).castedForTorch(to: dtype)
    }
}

extension Tensor {
    /// The same integers in another dtype (exact for the integers randperm
    /// makes in the dtypes it allows).
    fileprivate func castedForTorch(to dtype: DType) throws(CoreError) -> Tensor {
        guard dtype != .int64, case .int64(let values) = storage else { return self }
        let count = try Tensor.checkedCount(shape, dtype: dtype)
        func mapped<T: BitwiseCopyable>(_ f: (Int64) -> T) throws(CoreError) -> [T] {
            try Tensor.buildElements(count) { (o: UnsafeMutablePointer<T>, r) in for i in r { o[i] = f(values[i]) } }
        }
        switch dtype {
        case .int64: return self
        case .int32: return Tensor(unchecked: shape, storage: .int32(try mapped { Int32(truncatingIfNeeded: $0) }))
        case .float32: return Tensor(unchecked: shape, storage: .float32(try mapped { Float($0) }))
        case .float64: return Tensor(unchecked: shape, storage: .float64(try mapped { Double($0) }))
        case .bool: return Tensor(unchecked: shape, storage: .bool(try mapped { $0 != 0 }))
        }
    }
}

extension TorchGenerator {
    /// PyTorch's refusal of a negative length, before anything else.
    static func checkDimensions(_ shape: [Int]) throws(CoreError) {
        guard let bad = shape.first(where: { $0 < 0 }) else { return }
        throw CoreError.invalidArgument(
            "Trying to create tensor with negative dimension \(bad): [\(shape.map(String.init).joined(separator: ", "))]")
    }

    /// PyTorch's C++ name of a dtype in kernel messages: 'Float', 'Long'.
    static func scalarTypeName(_ dtype: DType) -> String {
        switch dtype {
        case .float64: return "Double"
        case .float32: return "Float"
        case .int64: return "Long"
        case .int32: return "Int"
        case .bool: return "Bool"
        }
    }

    /// The C type PyTorch names in range messages: 'int', 'bool'.
    static func cTypeName(_ dtype: DType) -> String {
        switch dtype {
        case .float64: return "double"
        case .float32: return "float"
        case .int64: return "long"
        case .int32: return "int"
        case .bool: return "bool"
        }
    }

    /// A double as C++'s `<<` writes it in PyTorch's messages (six
    /// significant digits, no trailing zeros): 2, 1.5, 1e+10.
    static func cNumber(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        return String(format: "%g", x)
    }
}
