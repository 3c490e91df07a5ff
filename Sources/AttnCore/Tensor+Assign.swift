/// Writing into a region of a tensor, as numpy's basic-indexing assignment
/// `a[i, 1:3] = value` does, in place.
///
/// - The region is the one `index(_:)` selects for the same items (integers
///   and slices; axes without an item whole).
/// - `value` is broadcast to the region's shape (its shape once the integer
///   items have removed their axes) and converted to this tensor's dtype as
///   `converted(to:)` converts (numpy's setitem casts unsafely: 1.7 written
///   into an int64 array is 1, any nonzero into a bool array true).
/// - The tensor's shape and dtype never change. The storage is written in
///   place when this tensor holds the only reference to it, and copied
///   first otherwise (Swift's copy-on-write), so other tensors that shared
///   it keep their elements: there are no numpy views here.
/// - Polls `Interrupt` between blocks of `Interrupt.pollInterval` elements;
///   when stopped, the region may be partly written.
extension Tensor {
    public mutating func assign(_ items: [IndexItem], _ value: Tensor) throws(CoreError) {
        guard items.count <= rank else {
            throw CoreError.invalidArgument("too many indices: \(items.count) for a tensor of rank \(rank) (shape \(Tensor.describe(shape: shape)))")
        }
        if items.count == rank, value.count == 1, let offset = try elementOffset(items) {
            // One element (`pe[pos, i] = x` in a loop): written directly.
            return try assignElement(offset, value)
        }
        let (picks, kept) = try progressions(items)
        let regionShape = Swift.zip(picks, kept).filter { $0.1 }.map { $0.0.count }
        let source = try value.converted(to: dtype).broadcast(to: regionShape)
        let count = source.count
        if count == 0 { return }
        let own = strides
        let start = (0..<rank).reduce(0) { $0 + picks[$1].first * own[$1] }
        let moves = (0..<rank).map { picks[$0].step * own[$0] }
        let walkShape = picks.map(\.count)
        func write<E: BitwiseCopyable>(_ target: inout [E], _ elements: [E]) throws(CoreError) {
            var walk = StridedWalk(walkShape, strides: moves, start: start)
            var stopped = false
            target.withUnsafeMutableBufferPointer { out in
                elements.withUnsafeBufferPointer { x in
                    for i in 0..<count {
                        out[walk.a] = x[i]
                        walk.advance()
                        if i % Interrupt.pollInterval == Interrupt.pollInterval - 1 && Interrupt.isRequested {
                            stopped = true
                            return
                        }
                    }
                }
            }
            if stopped { throw CoreError.interrupted }
        }
        // The array is moved out of `storage` while it is written, so that it
        // is uniquely referenced (and written in place) when no other tensor
        // shares it.
        let taken = storage
        storage = .bool([])
        switch consume taken {
        case .float64(var a):
            defer { storage = .float64(a) }
            try write(&a, try source.elements(as: Double.self))
        case .float32(var a):
            defer { storage = .float32(a) }
            try write(&a, try source.elements(as: Float.self))
        case .int64(var a):
            defer { storage = .int64(a) }
            try write(&a, try source.elements(as: Int64.self))
        case .int32(var a):
            defer { storage = .int32(a) }
            try write(&a, try source.elements(as: Int32.self))
        case .bool(var a):
            defer { storage = .bool(a) }
            try write(&a, try source.elements(as: Bool.self))
        }
    }
}

extension Tensor {
    /// The row-major offset `items` name when every item is an integer
    /// (nil when one is a slice); an integer out of range is an error.
    private func elementOffset(_ items: [IndexItem]) throws(CoreError) -> Int? {
        var offset = 0
        for (axis, item) in items.enumerated() {
            guard case .at(let i) = item else { return nil }
            let n = shape[axis]
            let r = i < 0 ? i + n : i
            guard r >= 0 && r < n else {
                throw CoreError.invalidArgument("index \(i) is out of range for axis \(axis) with length \(n) (shape \(Tensor.describe(shape: shape)))")
            }
            offset = offset * n + r
        }
        return offset
    }

    /// Writes the one element of `value`, converted to this dtype, at `offset`.
    /// Writes `x` at flat `offset` of a float64 or float32 tensor (float32
    /// rounds to nearest, as numpy's cast does) and returns true; returns
    /// false, writing nothing, for other dtypes or an offset out of range.
    public mutating func storeFloat(_ x: Double, at offset: Int) -> Bool {
        guard offset >= 0 && offset < count else { return false }
        let taken = storage
        storage = .bool([])
        switch consume taken {
        case .float64(var a):
            a[offset] = x
            storage = .float64(a)
            return true
        case .float32(var a):
            a[offset] = Float(x)
            storage = .float32(a)
            return true
        case let other:
            storage = other
            return false
        }
    }

    private mutating func assignElement(_ offset: Int, _ value: Tensor) throws(CoreError) {
        let source = try value.converted(to: dtype).storage
        let taken = storage
        storage = .bool([])
        // One switch on the moved storage alone keeps its array unique (a
        // tuple pattern would copy it).
        switch consume taken {
        case .float64(var a):
            if case .float64(let b) = source { a[offset] = b[0] }
            storage = .float64(a)
        case .float32(var a):
            if case .float32(let b) = source { a[offset] = b[0] }
            storage = .float32(a)
        case .int64(var a):
            if case .int64(let b) = source { a[offset] = b[0] }
            storage = .int64(a)
        case .int32(var a):
            if case .int32(let b) = source { a[offset] = b[0] }
            storage = .int32(a)
        case .bool(var a):
            if case .bool(let b) = source { a[offset] = b[0] }
            storage = .bool(a)
        }
    }
}
