import AttnCore

/// What a dict or set compares its keys by: Python's equality for hashable
/// values, folded so that equal values have equal keys (`1`, `1.0`, `True`
/// and `np.int64(1)` are one key, as in Python). Instances, functions,
/// classes and modules are keys by identity (attn does not call a user's
/// `__hash__`/`__eq__` for keys).
enum PyKey: Hashable {
    case int(Int64)
    /// A float that is not an integer, by its bits (`nan` keys are equal
    /// only to the same bits).
    case float(UInt64)
    case str(String)
    case none
    case ellipsis
    case tuple([PyKey])
    case range(Int64, Int64, Int64)
    case dtype(String)
    case object(ObjectIdentifier)

    /// The key of `value`, or a TypeError for an unhashable value.
    init(_ value: PyValue) throws(PyError) {
        switch value {
        case .none: self = .none
        case .ellipsis: self = .ellipsis
        case .bool(let b): self = .int(b ? 1 : 0)
        case .int(let i): self = .int(i)
        case .float(let d): self = PyKey.number(d)
        case .str(let s): self = .str(s)
        case .tuple(let items):
            var keys: [PyKey] = []
            keys.reserveCapacity(items.count)
            for item in items { keys.append(try PyKey(item)) }
            self = .tuple(keys)
        case .range(let r): self = .range(r.start, r.stop, r.step)
        case .dtype(let d): self = .dtype(d.rawValue)
        case .scalar(let t):
            switch t.storage {
            case .int64(let a): self = .int(a.first ?? 0)
            case .int32(let a): self = .int(Int64(a.first ?? 0))
            case .bool(let a): self = .int(a.first == true ? 1 : 0)
            case .float64, .float32: self = PyKey.number(t.storage.double(at: 0))
            }
        case .function(let f): self = .object(ObjectIdentifier(f))
        case .builtin(let b): self = .object(ObjectIdentifier(b))
        case .method(let m): self = .object(ObjectIdentifier(m))
        case .type(let c): self = .object(ObjectIdentifier(c))
        case .instance(let i): self = .object(ObjectIdentifier(i))
        case .module(let m): self = .object(ObjectIdentifier(m))
        case .iterator(let i): self = .object(ObjectIdentifier(i))
        case .superProxy(let s): self = .object(ObjectIdentifier(s))
        case .inert(let i): self = .object(ObjectIdentifier(i))
        case .slice(let s): self = .object(ObjectIdentifier(s))
        case .list, .dict, .set, .array, .view:
            throw PyError.type("unhashable type: '\(value.typeName)'")
        }
    }

    private static func number(_ d: Double) -> PyKey {
        if d == d.rounded(), abs(d) < 0x1p63 { return .int(Int64(d)) }
        return .float(d.bitPattern)
    }
}

/// A dict: insertion-ordered, as Python's. Deleted entries leave holes that
/// are squeezed out when they pile up.
final class PyDict: PyTracked {
    private(set) var keys: [PyValue?] = []
    private(set) var values: [PyValue?] = []
    private var slots: [PyKey: Int] = [:]
    /// Changes when a key is added or removed (not when a value changes),
    /// so that iterators notice a size change, as Python's do.
    private(set) var version = 0

    init() { super.init(track: true) }

    override func releaseReferences() {
        keys = []
        values = []
        slots = [:]
        version &+= 1
    }

    var count: Int { slots.count }

    func get(_ key: PyKey) -> PyValue? {
        guard let slot = slots[key] else { return nil }
        return values[slot]
    }

    func contains(_ key: PyKey) -> Bool { slots[key] != nil }

    /// Sets `key` (whose hash key is `hashed`) to `value`; an existing key
    /// keeps its place and its first spelling (`d[1.0] = x` after `d[1]`).
    func set(_ key: PyValue, _ hashed: PyKey, _ value: PyValue) {
        if let slot = slots[hashed] {
            values[slot] = value
            return
        }
        slots[hashed] = keys.count
        keys.append(key)
        values.append(value)
        version += 1
    }

    /// Removes `key`, returning its value (nil when absent).
    @discardableResult
    func remove(_ hashed: PyKey) -> PyValue? {
        guard let slot = slots.removeValue(forKey: hashed) else { return nil }
        let value = values[slot]
        keys[slot] = nil
        values[slot] = nil
        version += 1
        if keys.count > 32 && slots.count < keys.count / 2 { compact() }
        return value
    }

    func removeAll() {
        keys = []
        values = []
        slots = [:]
        version += 1
    }

    /// The live entries, in insertion order.
    var entries: [(key: PyValue, value: PyValue)] {
        var out: [(key: PyValue, value: PyValue)] = []
        out.reserveCapacity(count)
        for i in keys.indices { if let k = keys[i], let v = values[i] { out.append((k, v)) } }
        return out
    }

    /// The entry at raw position `i` (nil for a hole), for iterators.
    func entry(at i: Int) -> (key: PyValue, value: PyValue)? {
        guard i < keys.count, let k = keys[i], let v = values[i] else { return nil }
        return (k, v)
    }

    var rawCount: Int { keys.count }

    /// The last entry, removed (`popitem`).
    func popLast() -> (key: PyValue, value: PyValue)? {
        for i in keys.indices.reversed() {
            if let k = keys[i], let v = values[i], let hashed = try? PyKey(k) {
                remove(hashed)
                return (k, v)
            }
        }
        return nil
    }

    private func compact() {
        var newKeys: [PyValue?] = [], newValues: [PyValue?] = []
        var newSlots: [PyKey: Int] = [:]
        for i in keys.indices {
            guard let k = keys[i], let v = values[i], let hashed = try? PyKey(k) else { continue }
            newSlots[hashed] = newKeys.count
            newKeys.append(k)
            newValues.append(v)
        }
        keys = newKeys
        values = newValues
        slots = newSlots
    }

    func copy() -> PyDict {
        let d = PyDict()
        for (k, v) in entries { if let hashed = try? PyKey(k) { d.set(k, hashed, v) } }
        return d
    }
}

/// A set: a dict whose values do not matter. It iterates in insertion order
/// (CPython's order follows hashes: sets of small ints print in the same
/// order when inserted in increasing order; see docs/python.md).
final class PySet {
    let table: PyDict
    init(_ table: PyDict = PyDict()) { self.table = table }

    var count: Int { table.count }
    var elements: [PyValue] { table.entries.map(\.key) }

    func insert(_ value: PyValue) throws(PyError) {
        table.set(value, try PyKey(value), .none)
    }

    func contains(_ value: PyValue) throws(PyError) -> Bool {
        table.contains(try PyKey(value))
    }
}

/// `d.keys()`, `d.values()`, `d.items()`: live views of a dict.
final class PyDictView {
    enum Kind { case keys, values, items }
    let dict: PyDict
    let kind: Kind
    init(_ dict: PyDict, _ kind: Kind) {
        self.dict = dict
        self.kind = kind
    }

    /// The view's elements now.
    var elements: [PyValue] {
        switch kind {
        case .keys: return dict.entries.map(\.key)
        case .values: return dict.entries.map(\.value)
        case .items: return dict.entries.map { .tuple([$0.key, $0.value]) }
        }
    }
}
