import AttnCore
import AttnLang

/// Why evaluation stopped: a Python exception (its class name and message
/// as CPython words them), a construct attn does not run yet, or a stop
/// request. Thrown with the range of the construct that failed; helpers that
/// do not know it throw without one and the evaluator fills it in
/// (`located(at:)`) where the operation was written.
struct PyError: Error {
    enum Kind: Equatable {
        /// A Python exception of this class (`TypeError`, `ValueError`, a user's class...).
        case exception(String)
        /// A construct, function or module attn does not provide yet; not a
        /// mistake in the program.
        case unsupported
        /// A stop request (Ctrl-C, a time limit).
        case interrupted
    }

    var kind: Kind
    var message: String
    var range: SourceRange?
    /// The source `range` points into, when it is not the running step's
    /// (an error inside a function defined in an earlier step).
    var source: SourceFile?
    var notes: [String] = []

    init(_ kind: Kind, _ message: String, at range: SourceRange? = nil, notes: [String] = []) {
        self.kind = kind
        self.message = message
        self.range = range
        self.notes = notes
    }

    static func type(_ message: String) -> PyError { PyError(.exception("TypeError"), message) }
    static func value(_ message: String) -> PyError { PyError(.exception("ValueError"), message) }
    static func index(_ message: String) -> PyError { PyError(.exception("IndexError"), message) }
    static func key(_ message: String) -> PyError { PyError(.exception("KeyError"), message) }
    static func attribute(_ message: String) -> PyError { PyError(.exception("AttributeError"), message) }
    static func name(_ message: String) -> PyError { PyError(.exception("NameError"), message) }
    static func zeroDivision(_ message: String) -> PyError { PyError(.exception("ZeroDivisionError"), message) }
    static func overflow(_ message: String) -> PyError { PyError(.exception("OverflowError"), message) }
    static func runtime(_ message: String) -> PyError { PyError(.exception("RuntimeError"), message) }
    static func memory(_ message: String) -> PyError { PyError(.exception("MemoryError"), message) }
    static func unsupported(_ message: String) -> PyError {
        PyError(.unsupported, message, notes: ["attn runs a subset of Python: see docs/python.md"])
    }

    /// An int result that does not fit attn's 64-bit ints.
    static func intOverflow(_ what: String) -> PyError {
        .overflow("\(what) does not fit in 64 bits (attn's Python ints are 64-bit; CPython's grow)")
    }

    /// The exception's class name, or nil for an unsupported construct or a stop.
    var exceptionName: String? {
        if case .exception(let name) = kind { return name }
        return nil
    }

    /// This error at `range` unless it already has a place.
    func located(at range: SourceRange) -> PyError {
        guard self.range == nil else { return self }
        var copy = self
        copy.range = range
        return copy
    }

    /// A core operation's refusal as numpy would raise it.
    init(_ error: CoreError) {
        switch error {
        case .interrupted: self.init(.interrupted, Diagnostic.interruptedMessage)
        case .shapeMismatch(let m): self.init(.exception("ValueError"), m)
        case .badAxis(let axis, let rank):
            self.init(.exception("AxisError"), "axis \(axis) is out of bounds for array of dimension \(rank)")
        case .tooLarge, .outOfMemory: self.init(.exception("MemoryError"), error.message)
        case .invalidArgument(let m): self.init(.exception("ValueError"), m)
        case .nonBooleanMask, .io: self.init(.exception("ValueError"), error.message)
        }
    }

    /// The diagnostic shown for it: `TypeError: message` as CPython's last
    /// traceback line, at the range, in `fallback` unless it carries its own source.
    func diagnostic(in fallback: SourceFile, default at: SourceRange) -> Diagnostic {
        let where_ = range ?? at
        var d: Diagnostic
        switch kind {
        case .interrupted:
            d = Diagnostic(Diagnostic.interruptedMessage, at: where_, kind: .interrupted)
        case .unsupported:
            d = Diagnostic(message, at: where_, kind: .unsupported, notes: notes)
        case .exception(let name):
            d = Diagnostic(message.isEmpty ? name : "\(name): \(message)", at: where_, notes: notes)
        }
        d.source = source ?? fallback
        return d
    }
}

extension PyError {
    /// Runs a core operation, turning its error into numpy's exception.
    static func core<T>(_ body: () throws(CoreError) -> T) throws(PyError) -> T {
        do throws(CoreError) {
            return try body()
        } catch {
            throw PyError(error)
        }
    }

    /// A pending stop request, as an error.
    static func checkInterrupt() throws(PyError) {
        if Interrupt.isRequested { throw PyError(.interrupted, Diagnostic.interruptedMessage) }
    }
}
