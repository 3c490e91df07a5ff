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
// What it does not do yet: an attn rebinding of a name that Python also
// holds is not seen by Python (Python's own binding wins until Python
// rebinds it). The complete form is one name table in the Session with a
// generation per entry, which both dialects read and write; see the report
// in docs/python.md ("Sharing names with attn").

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
