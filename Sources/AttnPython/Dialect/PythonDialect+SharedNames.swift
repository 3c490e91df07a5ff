import AttnCore
import AttnLang

// Sharing names with attn's own language (issue 11, item 5): a tensor bound
// by Python is visible to attn expressions, and the other way round.
//
// This first form is a bridge between the two namespaces, run by the Python
// dialect:
// - after each Python step, every global the step bound or changed whose
//   value is a number, array, numpy scalar or str is written into attn's
//   globals (an array as its tensor, `2` as attn's weak literal 2);
// - a name Python does not know is looked up in attn's globals (a tensor
//   comes back as a numpy array or scalar, a string as str).
// - before each Python step, a name that attn rebound (or forgot) since
//   Python wrote it is dropped from Python's globals, so Python sees attn's
//   value (through the lookup above), as the shell's two languages should.

/// What was last written to attn for a name: the value's identity and, for
/// an array, its version, so unchanged names are not written again.
struct ExportedName: Equatable {
    let identity: ObjectIdentifier?
    let version: Int
    let scalar: String?
}

extension PythonDialect {
    /// Writes the Python globals that changed since the last step into attn's globals.
    func exportSharedNames() {
        guard let attn else { return }
        for (name, value) in interpreter.globals {
            guard !name.hasPrefix("__"), let converted = PythonDialect.attnValue(value) else { continue }
            let mark = PythonDialect.mark(value)
            if exported[name] == mark { continue }
            exported[name] = mark
            attn.globals.define(name, converted)
            written[name] = converted
        }
    }

    /// Drops the Python globals whose attn binding changed since Python
    /// wrote it (an attn `let w = ...` after Python's `w = ...`).
    func forgetNamesAttnRebound() {
        guard let attn else { return }
        for (name, value) in written where !PythonDialect.same(attn.globals.lookup(name), value) {
            interpreter.globals[name] = nil
            exported[name] = nil
            written[name] = nil
        }
    }

    /// Whether `current` is still the value Python wrote: the same tensor
    /// storage (tensors are contiguous, so storage and shape are the
    /// tensor; comparing buffers' addresses costs nothing), or the same string.
    static func same(_ current: Value?, _ written: Value) -> Bool {
        switch (current, written) {
        case (.tensor(let a)?, .tensor(let b)):
            guard a.shape == b.shape, a.isWeak == b.isWeak else { return false }
            func address<T>(_ x: [T]) -> UnsafeRawPointer? { x.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) } }
            switch (a.storage, b.storage) {
            case (.float64(let x), .float64(let y)): return address(x) == address(y) && x.count == y.count
            case (.float32(let x), .float32(let y)): return address(x) == address(y) && x.count == y.count
            case (.int64(let x), .int64(let y)): return address(x) == address(y) && x.count == y.count
            case (.int32(let x), .int32(let y)): return address(x) == address(y) && x.count == y.count
            case (.bool(let x), .bool(let y)): return address(x) == address(y) && x.count == y.count
            default: return false
            }
        case (.string(let a)?, .string(let b)): return a == b
        default: return false
        }
    }

    /// An attn global as a Python value (nil when there is none or it is
    /// not a tensor or string).
    func imported(_ name: String, from attn: Interpreter) -> PyValue? {
        // A name Python wrote and then deleted is gone for Python too.
        guard exported[name] == nil else { return nil }
        switch attn.globals.lookup(name) {
        case .tensor(let t)?:
            if t.isWeak, t.rank == 0 {
                switch t.storage {
                case .int64(let a): return a.first.map { .int($0) }
                case .bool(let a): return a.first.map { .bool($0) }
                default: return .float(t.scalarValue ?? .nan)
                }
            }
            return NumpyValues.wrap(t)
        case .string(let s)?: return .str(s)
        default: return nil
        }
    }

    /// A Python value as attn's `Value`: numbers, arrays and numpy scalars
    /// as tensors (Python's numbers weak, as attn's literals), str as a string.
    static func attnValue(_ value: PyValue) -> Value? {
        switch value {
        case .array(let a): return .tensor(a.tensor)
        case .scalar(let t): return .tensor(t)
        case .int(let i): return .tensor(Tensor.weak(integer: i))
        case .float(let d): return .tensor(Tensor.weak(d))
        case .bool(let b): return .tensor(Tensor.weak(b))
        case .str(let s): return .string(s)
        default: return nil
        }
    }

    private static func mark(_ value: PyValue) -> ExportedName {
        switch value {
        case .array(let a): return ExportedName(identity: ObjectIdentifier(a), version: a.version, scalar: nil)
        case .int(let i): return ExportedName(identity: nil, version: 0, scalar: "i\(i)")
        case .float(let d): return ExportedName(identity: nil, version: 0, scalar: "f\(d.bitPattern)")
        case .bool(let b): return ExportedName(identity: nil, version: 0, scalar: "b\(b)")
        case .str(let s): return ExportedName(identity: nil, version: 0, scalar: "s" + s)
        case .scalar(let t): return ExportedName(identity: nil, version: 0, scalar: "t\(t.dtype.rawValue)\(t.storage.double(at: 0).bitPattern)")
        default: return ExportedName(identity: nil, version: 0, scalar: nil)
        }
    }
}
