import AttnCore
import AttnLang

/// numpy's basic indexing on arrays: integers, slices with steps, `None`
/// (`np.newaxis`) and one `...`, in any number of axes (`x[i, 1:3, None, ...]`),
/// with numpy's IndexErrors. A result of rank 0 is a numpy scalar; any other
/// is a new array (a copy: attn has no views, see docs/python.md). A boolean
/// mask or an integer array as the whole index is NumpyIndexing+Advanced.swift's.
enum NumpyIndexing {
    /// One resolved index item.
    private enum Item {
        case core(IndexItem)
        case newAxis
    }

    static func get(_ t: Tensor, _ key: PyValue, interpreter: PyInterpreter) throws(PyError) -> PyValue {
        if isAdvanced(key) { return .array(PyArray(try gather(t, try selection(t, key)))) }
        if hasArrayItem(key) { return NumpyValues.wrap(try gatherMixed(t, key)) }
        let items = try resolve(t, key)
        let coreItems = items.compactMap { if case .core(let i) = $0 { return i } else { return nil } }
        var result = try PyError.core { () throws(CoreError) in try t.index(coreItems) }
        if items.contains(where: { if case .newAxis = $0 { return true } else { return false } }) {
            // Each None adds a length-1 axis where it stands among the kept axes.
            var shape: [Int] = []
            var source = result.shape[...]
            for item in items {
                switch item {
                case .newAxis: shape.append(1)
                case .core(.at): break
                case .core(.slice):
                    if let first = source.first { shape.append(first); source = source.dropFirst() }
                }
            }
            shape += source
            result = try PyError.core { () throws(CoreError) in try result.reshape(shape) }
        }
        return NumpyValues.wrap(result)
    }

    static func set(_ array: PyArray, _ key: PyValue, _ value: PyValue, interpreter: PyInterpreter) throws(PyError) {
        if setElement(array, key, value) { return }
        if isAdvanced(key) {
            return try scatter(array, try selection(array.tensor, key), try NumpyValues.asArray(value))
        }
        if hasArrayItem(key) { return try scatterMixed(array, key, try NumpyValues.asArray(value)) }
        let items = try resolve(array.tensor, key)
        let coreItems = items.compactMap { if case .core(let i) = $0 { return i } else { return nil } }
        let source: Tensor
        switch value {
        case .int(let i): source = Tensor(unchecked: [], storage: .int64([i]))
        case .float(let d):
            if d.isNaN && !array.tensor.dtype.isFloatingPoint && array.tensor.dtype != .bool {
                throw PyError.value("cannot convert float NaN to integer")
            }
            source = Tensor(d)
        default: source = try NumpyValues.asArray(value)
        }
        // The value must broadcast to the region numpy's way (its leading
        // length-1 axes may be dropped).
        var tensor = array.tensor
        array.tensor = Tensor.placeholder
        defer { array.tensor = tensor }
        do throws(CoreError) {
            try tensor.assign(coreItems, try squeezedToFit(source, coreItems, tensor))
        } catch {
            if case .shapeMismatch = error {
                let region = try regionShape(tensor, coreItems)
                throw PyError.value("could not broadcast input array from shape \(NumpyOps.pythonShape(source.shape)) into shape \(NumpyOps.pythonShape(region))")
            }
            throw PyError(error)
        }
    }

    /// `a[i, j] = x` for one element of a float array, an integer per axis
    /// and a Python number (a loop filling a table): written in place,
    /// converted as numpy converts (float32 rounds). False, having changed
    /// nothing, for anything else, an index out of range included, which
    /// the general path handles with its errors.
    private static func setElement(_ array: PyArray, _ key: PyValue, _ value: PyValue) -> Bool {
        let x: Double
        switch value {
        case .float(let d): x = d
        case .int(let i): x = Double(i)
        case .scalar(let t):
            // numpy's float scalars (`np.sin(angle)`); a float32 into a float64
            // array is exact, a float64 into a float32 one rounds once.
            switch t.storage {
            case .float64(let a) where a.count == 1: x = a[0]
            case .float32(let a) where a.count == 1: x = Double(a[0])
            default: return false
            }
        default: return false
        }
        let shape = array.tensor.shape
        var offset = 0
        func add(_ index: PyValue, axis: Int) -> Bool {
            guard case .int(let i) = index, axis < shape.count else { return false }
            let n = shape[axis]
            let r = i < 0 ? Int(i) + n : Int(clamping: i)
            guard r >= 0 && r < n else { return false }
            offset = offset * n + r
            return true
        }
        switch key {
        case .tuple(let items):
            guard items.count == shape.count else { return false }
            for (axis, item) in items.enumerated() where !add(item, axis: axis) { return false }
        case .int:
            guard shape.count == 1, add(key, axis: 0) else { return false }
        default:
            return false
        }
        return array.tensor.storeFloat(x, at: offset)
    }

    /// A value with more leading length-1 axes than the region has axes,
    /// without them (numpy accepts `a[0] = [[1, 2]]` for a row).
    private static func squeezedToFit(_ value: Tensor, _ items: [IndexItem], _ t: Tensor) throws(CoreError) -> Tensor {
        let regionRank = (0..<t.rank).filter { axis in
            if axis < items.count, case .at = items[axis] { return false }
            return true
        }.count
        var shape = value.shape
        while shape.count > regionRank, shape.first == 1 { shape.removeFirst() }
        return shape == value.shape ? value : try value.reshape(shape)
    }

    private static func regionShape(_ t: Tensor, _ items: [IndexItem]) throws(PyError) -> [Int] {
        let region = try PyError.core { () throws(CoreError) in try t.index(items) }
        return region.shape
    }

    /// The items of `key` against `t`'s shape, checked as numpy checks them.
    private static func resolve(_ t: Tensor, _ key: PyValue) throws(PyError) -> [Item] {
        let raw: [PyValue]
        if case .tuple(let items) = key { raw = items } else { raw = [key] }
        let ellipses = raw.filter { if case .ellipsis = $0 { return true } else { return false } }.count
        guard ellipses <= 1 else { throw PyError.index("an index can only have a single ellipsis ('...')") }
        let indexing = raw.filter {
            switch $0 {
            case .none, .ellipsis: return false
            default: return true
            }
        }.count
        guard indexing <= t.rank else {
            throw PyError.index("too many indices for array: array is \(t.rank)-dimensional, but \(indexing) were indexed")
        }
        var items: [Item] = []
        var axis = 0
        for v in raw {
            switch v {
            case .none:
                items.append(.newAxis)
            case .ellipsis:
                for _ in 0..<(t.rank - indexing) {
                    items.append(.core(.slice(start: nil, stop: nil, step: nil)))
                    axis += 1
                }
            case .slice(let s):
                func part(_ p: PyValue) throws(PyError) -> Int? {
                    if p.isNone { return nil }
                    guard let i = p.asIndex else {
                        throw PyError.type("slice indices must be integers or None or have an __index__ method")
                    }
                    return Int(clamping: i)
                }
                let step = try part(s.step)
                if step == 0 { throw PyError.value("slice step cannot be zero") }
                items.append(.core(.slice(start: try part(s.start), stop: try part(s.stop), step: step)))
                axis += 1
            case .bool:
                throw PyError.unsupported("indexing with a boolean (numpy's x[True]) is not supported yet")
            default:
                if let i = v.asIndex {
                    let n = t.shape[axis]
                    guard i >= -Int64(n) && i < Int64(n) else {
                        throw PyError.index("index \(i) is out of bounds for axis \(axis) with size \(n)")
                    }
                    items.append(.core(.at(Int(i))))
                    axis += 1
                } else if isAdvanced(v) {
                    throw PyError.unsupported("indexing with arrays in several axes (x[rows, cols], x[mask, i]) is not supported yet")
                } else {
                    throw PyError.index("only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices")
                }
            }
        }
        return items
    }
}

extension Tensor {
    /// A tiny tensor put in a box while its tensor is taken out to be
    /// written in place (so that the tensor is the storage's only owner).
    static let placeholder = Tensor(unchecked: [0], storage: .bool([]))
}
