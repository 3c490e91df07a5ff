import AttnCore
import AttnLang

/// Iteration (`iter`, `next`, `for`, unpacking) and `len`.
extension PyInterpreter {
    /// An iterator over `value`, as `iter(value)` gives it.
    func makeIterator(_ value: PyValue) throws(PyError) -> PyIterator {
        switch value {
        case .list(let list):
            var i = 0
            return PyIterator(PyClass.listIterator) {
                guard i < list.items.count else { return nil }
                defer { i += 1 }
                return list.items[i]
            }
        case .tuple(let items):
            return PyInterpreter.iterator(over: items, PyClass.tupleIterator)
        case .str(let s):
            var scalars = s.unicodeScalars.makeIterator()
            return PyIterator(PyClass.strIterator) { scalars.next().map { .str(String($0)) } }
        case .range(let r):
            var i: Int64 = 0
            let count = r.count
            return PyIterator(PyClass.rangeIterator) {
                guard i < count else { return nil }
                defer { i += 1 }
                return .int(r.element(i))
            }
        case .dict(let d):
            return dictIterator(d) { $0.key }
        case .view(let v):
            switch v.kind {
            case .keys: return dictIterator(v.dict) { $0.key }
            case .values: return dictIterator(v.dict) { $0.value }
            case .items: return dictIterator(v.dict) { .tuple([$0.key, $0.value]) }
            }
        case .set(let s):
            return PyInterpreter.iterator(over: s.elements, PyClass.setIterator)
        case .iterator(let it):
            return it
        case .array(let a):
            let t = a.tensor
            guard t.rank > 0 else { throw PyError.type("iteration over a 0-d array") }
            var i = 0
            let n = t.shape[0]
            return PyIterator(PyClass.arrayIterator) { () throws(PyError) in
                guard i < n else { return nil }
                defer { i += 1 }
                return NumpyValues.wrap(try PyError.core { () throws(CoreError) in try t.index([.at(i)]) })
            }
        case .instance(let inst):
            if let method = inst.cls.lookup("__iter__") {
                let result = try call(.method(PyBoundMethod(method.value, receiver: value)), PyArgs([], callRange: SourceRange(0, 0)))
                if case .instance(let it) = result, let next = it.cls.lookup("__next__") {
                    let bound = PyValue.method(PyBoundMethod(next.value, receiver: result))
                    return PyIterator(PyClass.generator) { () throws(PyError) in
                        do throws(PyError) {
                            return try self.call(bound, PyArgs([], callRange: SourceRange(0, 0)))
                        } catch {
                            if error.exceptionName == "StopIteration" { return nil }
                            throw error
                        }
                    }
                }
                if case .instance(let other) = result, other === inst {
                    throw PyError.type("iter() returned non-iterator of type '\(inst.cls.name)'")
                }
                return try makeIterator(result)
            }
            if let method = inst.cls.lookup("__getitem__") {
                var i: Int64 = 0
                let bound = PyValue.method(PyBoundMethod(method.value, receiver: value))
                return PyIterator(PyClass.generator) { () throws(PyError) in
                    do throws(PyError) {
                        defer { i += 1 }
                        return try self.call(bound, PyArgs([.int(i)], callRange: SourceRange(0, 0)))
                    } catch {
                        if error.exceptionName == "IndexError" || error.exceptionName == "StopIteration" { return nil }
                        throw error
                    }
                }
            }
        case .inert:
            return PyInterpreter.iterator(over: [], PyClass.generator)
        default:
            break
        }
        throw PyError.type("'\(value.typeName)' object is not iterable")
    }

    /// A dict iterator that fails if the dict changes size, as Python's.
    private func dictIterator(_ d: PyDict, _ pick: @escaping ((key: PyValue, value: PyValue)) -> PyValue) -> PyIterator {
        var i = 0
        let version = d.version
        return PyIterator(PyClass.dictKeyIterator) { () throws(PyError) in
            guard d.version == version else { throw PyError.runtime("dictionary changed size during iteration") }
            while i < d.rawCount {
                defer { i += 1 }
                if let entry = d.entry(at: i) { return pick(entry) }
            }
            return nil
        }
    }

    /// An iterator over values already computed.
    static func iterator(over values: [PyValue], _ kind: PyClass) -> PyIterator {
        var i = 0
        return PyIterator(kind) {
            guard i < values.count else { return nil }
            defer { i += 1 }
            return values[i]
        }
    }

    /// Every value `value` iterates over, as `list(value)` collects them
    /// (bounded by `maxLength`, polling for a stop).
    func materialize(_ value: PyValue) throws(PyError) -> [PyValue] {
        switch value {
        case .list(let l): return l.items
        case .tuple(let t): return t
        default:
            if case .range(let r) = value { try PyInterpreter.checkLength(Int(clamping: r.count), "list") }
            let iterator = try makeIterator(value)
            var out: [PyValue] = []
            while let v = try iterator.next() {
                out.append(v)
                if out.count & 0xFFF == 0 {
                    try PyInterpreter.checkLength(out.count, "list")
                    try PyError.checkInterrupt()
                }
            }
            return out
        }
    }

    /// Python's `len(value)`.
    func length(_ value: PyValue) throws(PyError) -> Int {
        switch value {
        case .str(let s): return s.unicodeScalars.count
        case .list(let l): return l.items.count
        case .tuple(let t): return t.count
        case .dict(let d): return d.count
        case .set(let s): return s.count
        case .view(let v): return v.dict.count
        case .range(let r): return Int(clamping: r.count)
        case .array(let a):
            guard let first = a.tensor.shape.first else { throw PyError.type("len() of unsized object") }
            return first
        case .instance(let i):
            if let method = i.cls.lookup("__len__") {
                let n = try call(.method(PyBoundMethod(method.value, receiver: value)), PyArgs([], callRange: SourceRange(0, 0)))
                guard let count = n.asIndex else {
                    throw PyError.type("'\(n.typeName)' object cannot be interpreted as an integer")
                }
                guard count >= 0 else { throw PyError.value("__len__() should return >= 0") }
                return Int(count)
            }
        default:
            break
        }
        throw PyError.type("object of type '\(value.typeName)' has no len()")
    }
}
