import AttnCore
import AttnLang

/// The strides PyTorch would give a tensor, kept beside attn's (always
/// contiguous) storage so that what depends on them behaves as in PyTorch:
/// `view` of a transposed tensor is PyTorch's RuntimeError, `reshape` of one
/// copies (grad_fn `UnsafeViewBackward0`), `contiguous()` of one is a clone,
/// `is_contiguous()` answers as PyTorch does. Transposes, permutes,
/// `expand`, `unsqueeze`, `squeeze`, views and basic indexing derive their
/// result's strides from their input's; every other operation gives a
/// contiguous tensor, as PyTorch's do.
enum TorchStrides {
    /// Row-major strides of `shape`.
    static func contiguous(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for d in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[d] = step
            step *= Swift.max(shape[d], 1)
        }
        return strides
    }

    /// PyTorch's `is_contiguous()`: length-1 axes do not count, nor does an
    /// empty tensor.
    static func isContiguous(_ shape: [Int], _ strides: [Int]) -> Bool {
        if shape.contains(0) { return true }
        var expected = 1
        for d in stride(from: shape.count - 1, through: 0, by: -1) where shape[d] != 1 {
            if strides[d] != expected { return false }
            expected *= shape[d]
        }
        return true
    }

    /// PyTorch's `computeStride`: the strides of `newShape` viewing memory
    /// laid out as `oldShape`/`oldStrides`, or nil when no view can (a
    /// dimension would span two non-contiguous pieces).
    static func viewStrides(_ oldShape: [Int], _ oldStrides: [Int], _ newShape: [Int]) -> [Int]? {
        if oldShape.isEmpty { return [Int](repeating: 1, count: newShape.count) }
        let numel = oldShape.reduce(1, *)
        if numel == 0 { return oldShape == newShape ? oldStrides : contiguous(newShape) }
        var newStrides = [Int](repeating: 0, count: newShape.count)
        var viewD = newShape.count - 1
        var chunkBase = oldStrides[oldStrides.count - 1]
        var tensorNumel = 1, viewNumel = 1
        for tensorD in stride(from: oldShape.count - 1, through: 0, by: -1) {
            tensorNumel *= oldShape[tensorD]
            if tensorD == 0 || (oldShape[tensorD - 1] != 1 && oldStrides[tensorD - 1] != tensorNumel * chunkBase) {
                while viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1) {
                    newStrides[viewD] = viewNumel * chunkBase
                    viewNumel *= newShape[viewD]
                    viewD -= 1
                }
                if viewNumel != tensorNumel { return nil }
                if tensorD > 0 {
                    chunkBase = oldStrides[tensorD - 1]
                    tensorNumel = 1
                    viewNumel = 1
                }
            }
        }
        return viewD == -1 ? newStrides : nil
    }

    /// The strides after basic indexing with `key` (ints, slices, None,
    /// Ellipsis), or nil for an advanced key (whose result is a copy).
    static func indexed(_ shape: [Int], _ strides: [Int], _ key: PyValue) -> [Int]? {
        let items: [PyValue]
        if case .tuple(let t) = key { items = t } else { items = [key] }
        let consuming = items.filter { if case .none = $0 { return false }; if case .ellipsis = $0 { return false }; return true }.count
        var out: [Int] = []
        var axis = 0
        for item in items {
            switch item {
            case .int:
                axis += 1
            case .slice(let s):
                guard axis < shape.count else { return nil }
                let step = s.step.asIndex.map { Int($0) } ?? 1
                let (stride, overflow) = strides[axis].multipliedReportingOverflow(by: step)
                if overflow { return nil }
                out.append(stride)
                axis += 1
            case .none:
                out.append(axis < strides.count ? strides[axis] * Swift.max(shape[axis], 1) : 1)
            case .ellipsis:
                let skipped = Swift.max(0, shape.count - consuming)
                let end = Swift.min(shape.count, axis + skipped)
                if axis < end { for d in axis..<end { out.append(strides[d]) } }
                axis += skipped
            default:
                return nil
            }
        }
        guard axis <= shape.count else { return nil }
        if axis < shape.count { out += strides[axis...] }
        return out
    }
}

extension PyInterpreter {
    /// `value` (a torch tensor just made) with the strides of a view.
    func torchStrided(_ value: PyValue, _ strides: [Int]?) -> PyValue {
        if let strides, let box = torchBox(value), strides.count == box.tensor.rank { box.strides = strides }
        return value
    }
}
