import AttnCore
import AttnLang

/// `x[key]` and `x[key] = value` on torch tensors: numpy's indexing rules
/// (NumpyIndexing: ints, slices, None, Ellipsis, bool masks, integer
/// tensors and lists), with torch tensors in the key read as arrays, a
/// 0-d result kept a tensor, and the grad_fn PyTorch records (a select for
/// an int, a slice, an index for a mask or a list).
enum TorchIndexing {
    /// The key with its torch tensors as numpy arrays.
    static func numpyKey(_ key: PyValue, _ py: PyInterpreter) -> PyValue {
        if let box = py.torchBox(key) { return box.tensor.rank == 0 ? .scalar(box.tensor) : .array(PyArray(box.tensor)) }
        if case .tuple(let items) = key { return .tuple(items.map { numpyKey($0, py) }) }
        return key
    }

    /// The grad_fn name of indexing with `key`.
    static func gradFn(_ key: PyValue, _ py: PyInterpreter) -> String {
        let items: [PyValue]
        if case .tuple(let t) = key { items = t } else { items = [key] }
        var name = "AliasBackward0"
        for item in items {
            switch item {
            case .int, .bool: name = "SelectBackward0"
            case .slice(let s):
                if !(s.start.isNone && s.stop.isNone && s.step.isNone) { name = "SliceBackward0" }
            case .none: name = "UnsqueezeBackward0"
            case .ellipsis: break
            default: return "IndexBackward0"
            }
        }
        return name
    }

    /// PyTorch's `treatSequenceAsTuple`: a list (shorter than 32) holding a
    /// list, tuple, tensor, slice, None or Ellipsis indexes as the tuple of
    /// its items (`x[[[0, 1], [1, 2]]]` is `x[[0, 1], [1, 2]]`), a
    /// deprecated form PyTorch 2.15 still reads that way.
    static func legacyKey(_ key: PyValue, _ py: PyInterpreter) -> PyValue {
        guard case .list(let l) = key, l.items.count < 32 else { return key }
        let tupleLike = l.items.contains { item in
            switch item {
            case .list, .tuple, .slice, .none, .ellipsis: return true
            default: return py.torchBox(item) != nil
            }
        }
        return tupleLike ? .tuple(l.items) : key
    }

    static func get(_ box: TorchTensor, _ key: PyValue, _ py: PyInterpreter) throws(PyError) -> PyValue {
        let key = legacyKey(key, py)
        let result: PyValue
        do throws(PyError) {
            result = try NumpyIndexing.get(box.tensor, numpyKey(key, py), interpreter: py)
        } catch {
            throw torchMessage(error, box.tensor)
        }
        let t: Tensor
        switch result {
        case .array(let a): t = a.tensor
        case .scalar(let s): t = s
        default: return result
        }
        return py.torchStrided(py.torchResult(t, [box], gradFn(key, py)), TorchStrides.indexed(box.tensor.shape, box.strides, key))
    }

    static func set(_ box: TorchTensor, _ key: PyValue, _ value: PyValue, _ py: PyInterpreter) throws(PyError) {
        let key = legacyKey(key, py)
        // The target read once into locals (reading `box.tensor` again inside
        // the closures below crashed Swift 6.3's optimizer in release builds).
        let target = box.tensor
        let dtype = target.dtype
        guard let v = py.torchOperand(value) else {
            throw PyError.type("can't assign a \(value.pyType.name) to a \(TorchPrinter.dtypeName(dtype)) Tensor")
        }
        let array = PyArray(target)
        let converted = try PyError.core { () throws(CoreError) in try v.converted(to: dtype) }
        let source: PyValue = converted.rank == 0 ? .scalar(converted.strong) : .array(PyArray(converted))
        do throws(PyError) {
            try NumpyIndexing.set(array, numpyKey(key, py), source, interpreter: py)
        } catch {
            throw torchMessage(error, target)
        }
        box.tensor = array.tensor
        if let other = py.torchBox(value), other.tracksGrad, py.torch.gradEnabled { box.gradFn = "CopySlices" }
    }

    /// numpy's "index 6 is out of bounds for axis 0 with size 6" in PyTorch's words.
    private static func torchMessage(_ error: PyError, _ t: Tensor) -> PyError {
        guard error.exceptionName == "IndexError", error.message.hasPrefix("index ") else { return error }
        let words = error.message.split(separator: " ")
        guard words.count >= 11, words[2] == "is" else { return error }
        var e = error
        e.message = "index \(words[1]) is out of bounds for dimension \(words[8]) with size \(words[words.count - 1])"
        return e
    }
}
