import AttnCore
import AttnLang

/// The attributes of arrays (`.shape`, `.T`, `.dtype`, `.ndim`, `.size`...),
/// numpy scalars and dtypes. Methods (`a.sum()`) are NumpyMethods'.
enum NumpyAttributes {
    static func array(_ a: PyArray, _ name: String, _ py: PyInterpreter) throws(PyError) -> PyValue {
        if let v = try common(a.tensor, name) { return v }
        if PyMethods.has(.array(a), name) { return .builtin(PyMethods.bound(.array(a), name)) }
        if let gap = KnownNames.missing(name, of: "numpy.ndarray") { throw gap }
        throw PyError.attribute("'numpy.ndarray' object has no attribute '\(name)'")
    }

    static func scalar(_ t: Tensor, _ name: String, _ py: PyInterpreter) throws(PyError) -> PyValue {
        if name == "T" || name == "real" { return .scalar(t) }
        if let v = try common(t, name) { return v }
        if PyMethods.has(.scalar(t), name) { return .builtin(PyMethods.bound(.scalar(t), name)) }
        throw PyError.attribute("'\(PyValue.scalar(t).typeName)' object has no attribute '\(name)'")
    }

    private static func common(_ t: Tensor, _ name: String) throws(PyError) -> PyValue? {
        switch name {
        case "shape": return NumpyValues.tuple(t.shape)
        case "ndim": return .int(Int64(t.rank))
        case "size": return .int(Int64(t.count))
        case "dtype": return .dtype(t.dtype)
        case "itemsize": return .int(Int64(t.dtype.itemSize))
        case "nbytes": return .int(Int64(t.count * t.dtype.itemSize))
        case "T":
            return NumpyValues.wrap(try PyError.core { () throws(CoreError) in try t.permuted(Array((0..<t.rank).reversed())) })
        case "real": return NumpyValues.wrap(t)
        case "strides":
            return NumpyValues.tuple(t.strides.map { $0 * t.dtype.itemSize })
        default: return nil
        }
    }

    /// `a.shape = (2, 3)` reshapes in place; other attributes cannot be set.
    static func setArray(_ a: PyArray, _ name: String, _ value: PyValue, _ py: PyInterpreter) throws(PyError) {
        guard name == "shape" else {
            if (try? common(a.tensor, name)) ?? nil != nil {
                throw PyError.attribute("attribute '\(name)' of 'numpy.ndarray' objects is not writable")
            }
            throw PyError.attribute("'numpy.ndarray' object has no attribute '\(name)'")
        }
        a.tensor = try NumpyMethods.reshaped(a.tensor, try NumpyValues.shape(value))
    }

    /// A dtype's attributes: `name`, `itemsize`, `kind`, `type`, `char`.
    static func dtype(_ d: DType, _ name: String) -> PyValue? {
        switch name {
        case "name": return .str(d.rawValue)
        case "itemsize": return .int(Int64(d.itemSize))
        case "kind": return .str(d == .bool ? "b" : d.isInteger ? "i" : "f")
        case "type": return .type(PyClass.numpyScalar(d))
        case "char":
            switch d {
            case .float64: return .str("d")
            case .float32: return .str("f")
            case .int64: return .str("l")
            case .int32: return .str("i")
            case .bool: return .str("?")
            }
        default: return nil
        }
    }
}
