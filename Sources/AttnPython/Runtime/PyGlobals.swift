/// A module's global names: a dictionary from name to value, read and
/// written like one, with a fast path for the names a program uses over and
/// over (`pos`, `i`, `pe`, `np` in a loop at the top level).
///
/// Each name's value lives in a `Cell`, so that once a name has been found,
/// reading or rebinding it touches only the cell. The cells of recently used
/// names are kept in a small direct-mapped cache keyed by the name's 16 bytes
/// as a `String`: a name written in the program is the same `String` every
/// time it is evaluated (the same short-string bits, or the same storage for
/// a long one), so a hit costs two integer compares where the dictionary
/// would hash the whole name with a seeded hasher. The cache keeps the
/// `String` it was filled with, so its storage cannot be freed and reused for
/// another name while the entry stands; a miss (another instance of an equal
/// long name) only falls back to the dictionary.
final class PyGlobals: Sequence {
    final class Cell {
        var value: PyValue
        init(_ value: PyValue) { self.value = value }
    }

    private var cells: [String: Cell] = [:]

    private struct Entry {
        var name: String
        var cell: Cell
    }
    private static let cacheSize = 256
    private var cache = [Entry?](repeating: nil, count: PyGlobals.cacheSize)

    init() {}

    /// The name's bits: the two words of a `String`.
    @inline(__always)
    private static func bits(_ name: String) -> (UInt64, UInt64) {
        unsafeBitCast(name, to: (UInt64, UInt64).self)
    }

    @inline(__always)
    private static func slot(_ b: (UInt64, UInt64)) -> Int {
        Int(truncatingIfNeeded: ((b.0 &* 0x9E37_79B9_7F4A_7C15) ^ (b.1 &* 0xC2B2_AE3D_27D4_EB4F)) >> 56)
    }

    /// The cell of `name`, or nil when it is not bound.
    @inline(__always)
    private func cell(_ name: String) -> Cell? {
        let b = PyGlobals.bits(name)
        let i = PyGlobals.slot(b)
        if let entry = cache[i] {
            let e = PyGlobals.bits(entry.name)
            if e.0 == b.0 && e.1 == b.1 { return entry.cell }
        }
        guard let found = cells[name] else { return nil }
        cache[i] = Entry(name: name, cell: found)
        return found
    }

    subscript(name: String) -> PyValue? {
        get { cell(name)?.value }
        set {
            guard let newValue else {
                removeValue(forKey: name)
                return
            }
            if let existing = cell(name) {
                existing.value = newValue
            } else {
                let made = Cell(newValue)
                cells[name] = made
                cache[PyGlobals.slot(PyGlobals.bits(name))] = Entry(name: name, cell: made)
            }
        }
    }

    /// Unbinds `name`; its old value, or nil when it was not bound.
    @discardableResult
    func removeValue(forKey name: String) -> PyValue? {
        guard let removed = cells.removeValue(forKey: name) else { return nil }
        // Forget every cached entry of the removed cell (another instance of
        // the same name may have filled a different slot).
        for i in cache.indices where cache[i]?.cell === removed { cache[i] = nil }
        return removed.value
    }

    /// Unbinds every name.
    func removeAll() {
        cells = [:]
        cache = [Entry?](repeating: nil, count: PyGlobals.cacheSize)
    }

    var count: Int { cells.count }
    var keys: [String] { Array(cells.keys) }

    func makeIterator() -> AnyIterator<(key: String, value: PyValue)> {
        var inner = cells.makeIterator()
        return AnyIterator {
            guard let (name, cell) = inner.next() else { return nil }
            return (name, cell.value)
        }
    }
}
