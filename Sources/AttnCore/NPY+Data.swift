import Foundation

// The element data of a `.npy` file: which attn dtype each numpy element
// type loads as, how its bytes become elements (in either memory order), and
// how a tensor's elements are written back in its own dtype.

extension NPY.ElementType {
    /// The attn dtype these elements load as: the type's own where attn has
    /// it, else the first of bool, int32, int64, float32, float64 that numpy
    /// casts it to safely (`np.can_cast(t, d, "safe")`). So every value loads
    /// exactly, except uint64 values beyond 2^53, which numpy too can only
    /// promote to float64 (`np.promote_types(np.uint64, np.int64)`).
    var dtype: DType {
        switch self {
        case .float64, .uint64: return .float64
        case .float32, .float16: return .float32
        case .int64, .uint32: return .int64
        case .int32, .int16, .int8, .uint16, .uint8: return .int32
        case .bool: return .bool
        }
    }
}

extension DType {
    /// numpy's type string for this dtype as `numpy.save` writes it on a
    /// little-endian machine: `<f8`, `<f4`, `<i8`, `<i4`, `|b1`.
    var npyDescr: String {
        switch self {
        case .float64: return "<f8"
        case .float32: return "<f4"
        case .int64: return "<i8"
        case .int32: return "<i4"
        case .bool: return "|b1"
        }
    }
}

extension NPY {
    // MARK: Reading

    /// The tensor held by `data`, the bytes after the header, whose length
    /// the caller checked against the header. Elements are converted block
    /// by block (a stop request ends it; see `Interrupt`); Fortran-order
    /// data is read in row-major order as it is converted, so no second
    /// copy is made.
    static func convert(_ data: ArraySlice<UInt8>, header: Header) throws(CoreError) -> Tensor {
        let dtype = header.type.dtype
        _ = try Tensor.checkedCount(header.shape, dtype: dtype)
        let order = ElementOrder(shape: header.shape, fortran: header.fortranOrder)
        // withUnsafeBytes on a slice rethrows untyped errors: carry the
        // typed one out in a Result.
        var outcome: Result<TensorStorage, CoreError> = .success(.float64([]))
        data.withUnsafeBytes { raw in outcome = Result { () throws(CoreError) -> TensorStorage in
            /// Element `i` of the file as the unsigned integer of its width.
            func load<U: FixedWidthInteger & BitwiseCopyable>(_ i: Int, _: U.Type) -> U {
                U(littleEndian: raw.loadUnaligned(fromByteOffset: MemoryLayout<U>.size * i, as: U.self))
            }
            func elements<E: BitwiseCopyable>(_ element: (Int) -> E) throws(CoreError) -> [E] {
                var order = order
                return try Tensor.buildElements(header.count) { o, r in for i in r { o[i] = element(order.next()) } }
            }
            switch header.type {
            case .float64: return .float64(try elements { Double(bitPattern: load($0, UInt64.self)) })
            case .float32: return .float32(try elements { Float(bitPattern: load($0, UInt32.self)) })
            case .float16: return .float32(try elements { halfToFloat(load($0, UInt16.self)) })
            case .int64: return .int64(try elements { Int64(bitPattern: load($0, UInt64.self)) })
            case .int32: return .int32(try elements { Int32(bitPattern: load($0, UInt32.self)) })
            case .int16: return .int32(try elements { Int32(Int16(bitPattern: load($0, UInt16.self))) })
            case .int8: return .int32(try elements { Int32(Int8(bitPattern: raw[$0])) })
            case .uint64: return .float64(try elements { Double(load($0, UInt64.self)) })
            case .uint32: return .int64(try elements { Int64(load($0, UInt32.self)) })
            case .uint16: return .int32(try elements { Int32(load($0, UInt16.self)) })
            case .uint8: return .int32(try elements { Int32(raw[$0]) })
            case .bool: return .bool(try elements { raw[$0] != 0 })
            }
        } }
        return Tensor(unchecked: header.shape, storage: try outcome.get())
    }

    /// The file positions of the elements in row-major order. C-order data
    /// is stored that way; Fortran-order data of shape s is column-major:
    /// element (i0, ..., ik) is at Σ ia·fa with f0 = 1 and fa = fa−1·s[a−1],
    /// so the walk keeps the multi-index and steps it like an odometer.
    struct ElementOrder {
        let shape: [Int]
        /// Column-major strides, in elements; empty for C order (and for
        /// ranks 0 and 1, where both orders agree).
        let strides: [Int]
        /// The multi-index of the next element, row-major.
        var index: [Int]
        /// The file position of the next element.
        var position = 0

        init(shape: [Int], fortran: Bool) {
            self.shape = shape
            var strides: [Int] = []
            if fortran && shape.count > 1 {
                strides = [1]
                for length in shape.dropLast() { strides.append(strides[strides.count - 1] * length) }
            }
            self.strides = strides
            self.index = [Int](repeating: 0, count: strides.count)
        }

        /// The position of the next element in row-major order.
        mutating func next() -> Int {
            let current = position
            guard !strides.isEmpty else {
                position += 1
                return current
            }
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                position += strides[axis]
                if index[axis] < shape[axis] { break }
                position -= strides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
            return current
        }
    }

    /// IEEE 754 binary16 to Float (exact: every binary16 is a binary32), by
    /// hand (Float16 is not on every platform).
    static func halfToFloat(_ bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F)
        let fraction = Float(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24 // zero and subnormals
        case 0x1F: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }

    // MARK: Writing

    /// The bytes of `t` as a version 1.0, C-order `.npy` file of its own
    /// dtype, laid out exactly as `numpy.save` writes the same array.
    public static func encode(_ t: Tensor) -> [UInt8] {
        // numpy: "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }"
        // followed by spare spaces so the first axis can grow to 21 digits.
        let shapeText: String
        switch t.shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(t.shape[0]),)"
        default: shapeText = "(" + t.shape.map(String.init).joined(separator: ", ") + ")"
        }
        var dict = "{'descr': '\(t.dtype.npyDescr)', 'fortran_order': False, 'shape': \(shapeText), }"
        if let first = t.shape.first {
            let spare = 21 - String(first).count
            if spare > 0 { dict += String(repeating: " ", count: spare) }
        }
        var header = Array(dict.utf8)
        let headerLengthWithNewline = header.count + 1

        // Version 1.0 unless the header does not fit its 16-bit length.
        var lengthFieldSize = 2
        var padding = 64 - ((8 + 2 + headerLengthWithNewline) % 64)
        if headerLengthWithNewline + padding > Int(UInt16.max) {
            lengthFieldSize = 4
            padding = 64 - ((8 + 4 + headerLengthWithNewline) % 64)
        }
        header += [UInt8](repeating: 0x20, count: padding)
        header.append(0x0A)

        var out: [UInt8] = []
        out.reserveCapacity(8 + lengthFieldSize + header.count + t.dtype.itemSize * t.count)
        out += magic
        out += lengthFieldSize == 2 ? [1, 0] : [2, 0]
        var length = UInt32(header.count)
        for _ in 0..<lengthFieldSize {
            out.append(UInt8(truncatingIfNeeded: length))
            length >>= 8
        }
        out += header
        switch t.storage {
        case .float64(let a): appendLittleEndian(a.lazy.map(\.bitPattern), to: &out)
        case .float32(let a): appendLittleEndian(a.lazy.map(\.bitPattern), to: &out)
        case .int64(let a): appendLittleEndian(a, to: &out)
        case .int32(let a): appendLittleEndian(a, to: &out)
        case .bool(let a): out += a.map { $0 ? 1 : 0 }
        }
        return out
    }

    /// Appends each integer's bytes, least significant first.
    private static func appendLittleEndian<S: Sequence>(_ values: S, to out: inout [UInt8]) where S.Element: FixedWidthInteger {
        for value in values {
            var bits = value.littleEndian
            withUnsafeBytes(of: &bits) { out.append(contentsOf: $0) }
        }
    }
}
