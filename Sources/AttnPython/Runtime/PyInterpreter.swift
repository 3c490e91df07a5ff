import AttnCore
import AttnLang

/// Runs Python statements against one global namespace. It never prints:
/// `print` writes to `output`, which the dialect collects per statement.
///
/// Limits (a document is untrusted code):
/// - calls nest at most `maxCallDepth` deep (CPython's default recursion
///   limit), then a RecursionError; the parser bounds each statement's own
///   nesting, so the Swift stack needed is bounded too (the CLI runs on
///   `Session.withLargeStack`);
/// - every loop iteration and every call polls `Interrupt`;
/// - lists, tuples, strings and dicts grow only up to `maxLength` items
///   (`Tensor.maxElements`), checked before they are built;
/// - `print` output is held up to `maxOutputBytes` per statement;
/// - tensors are checked against the element limit and the memory budget
///   by the core.
public final class PyInterpreter {
    /// CPython's default recursion limit.
    public static let maxCallDepth = 1000
    /// The most bytes one statement may print.
    public static let maxOutputBytes = 1 << 26

    /// The module's variables (`__main__`).
    let globals = PyGlobals()
    /// The builtins (`len`, `print`, `int`...), consulted after the globals.
    let builtins: [String: PyValue]
    /// Modules imported so far, by dotted name (Python's `sys.modules`).
    var modules: [String: PyModule] = [:]
    /// What `print` wrote in the statement under way.
    var output = ""
    /// The first draw of the running statement from a random stream made
    /// without a seed, described; the dialect reports it as the outcome's
    /// `notReproducible`.
    var unseededDraw: String?
    /// What IPython's `display(x)` showed during the running statement (each
    /// value's repr), shown after the statement as its displayed value.
    var displayed: [String] = []
    /// The entropy of random streams made without a seed (attn's
    /// `Interpreter.unseededEntropy` when the dialect shares one).
    var unseededEntropy: UInt64 = LegacyRandomState.unseededEntropy
    /// matplotlib's and seaborn's open figures and what they drew (Plots/).
    let plots = PlotState()
    /// The last value the REPL showed (`_`), consulted after the globals.
    var lastValue: PyValue?
    /// numpy's print options (`np.set_printoptions`, `with np.printoptions(...)`).
    var printOptions = NumpyPrintOptions()
    /// PyTorch's state (its generator, grad mode, print options and classes),
    /// made when a program first uses torch.
    lazy var torch = TorchState(unseededEntropy: unseededEntropy)
    /// The source of the statement under way (for functions it defines).
    var source: SourceFile
    let moduleFrame = PyFrame(.module, enclosing: nil)
    var callDepth = 0
    /// How deeply `==` and `<` are comparing nested containers now (bounded,
    /// as CPython's recursion limit bounds them).
    var comparisonDepth = 0
    /// The frame of the function running now (nil at module level): what
    /// `super()` without arguments reads.
    var currentFrame: PyFrame?
    /// Where a name found nowhere else is looked for: attn's globals, when
    /// the dialect shares names with attn's language.
    var foreignLookup: ((String) -> PyValue?)?
    /// Which files `np.load` and `np.save` may touch: attn's interpreter's
    /// rules when the dialect shares one (a document's folder in attn check),
    /// else the working directory's, as attn's `load` and `save`.
    var fileAccess = FileAccess.open()
    /// The exceptions being handled, innermost last (what a bare `raise` re-raises).
    var activeExceptions: [PyError] = []
    /// The error of the last `raise` and the object it raised, so that an
    /// `except` clause catches the program's own exception object (its
    /// class, its attributes), not a copy by name.
    var lastRaised: (error: PyError, instance: PyInstance)?
    /// The objects the program made, whose reference cycles are broken by
    /// `releaseObjects` (PyHeap.swift).
    let heap = PyHeap()

    public init() {
        builtins = PyBuiltins.table()
        source = SourceFile(name: "<python>", text: "")
    }

    /// Breaks every reference cycle the program made, once it is done (its
    /// dialect ends): empties the globals, the modules and every object the
    /// heap tracked. The interpreter must not run anything afterwards.
    func releaseObjects() {
        heap.releaseAll()
        globals.removeAll()
        moduleFrame.releaseReferences()
        modules = [:]
        lastValue = nil
        activeExceptions = []
        lastRaised = nil
        currentFrame = nil
        foreignLookup = nil
        plots.figures = []
    }

    /// The longest list, tuple, str or dict a program may build.
    static var maxLength: Int { Tensor.maxElements }

    /// Refuses a sequence of `count` items past the limit (`--max-elements`)
    /// or past what is left of the memory budget (`--max-memory`), before it
    /// is built.
    static func checkLength(_ count: Int, _ what: String) throws(PyError) {
        guard count <= maxLength, count >= 0 else {
            throw PyError.memory("a \(what) of \(count) items is more than attn allows (\(maxLength); see --max-elements)")
        }
        if count >= MemoryBudget.leaseThreshold {
            let bytes = count * MemoryLayout<PyValue>.stride
            do throws(CoreError) {
                try MemoryBudget.check(bytes: bytes, shape: [count])
            } catch {
                throw PyError.memory("a \(what) of \(count) items needs \(MemoryBudget.describe(bytes: bytes)), but live tensors hold \(MemoryBudget.describe(bytes: MemoryBudget.liveBytes)) of the \(MemoryBudget.describe(bytes: MemoryBudget.limit)) budget (see --max-memory)")
            }
        }
    }

    static func checkLength(_ count: Int, _ what: String, at range: SourceRange) throws(PyError) {
        do throws(PyError) { try checkLength(count, what) } catch { throw error.located(at: range) }
    }

    /// Runs one top-level statement. Returns the value of a bare expression
    /// statement (nil for the others).
    func run(_ statement: PyStmt, source: SourceFile) throws(PyError) -> PyValue? {
        self.source = source
        callDepth = 0
        comparisonDepth = 0
        if case .expression(let e, _) = statement {
            return try evaluate(e, moduleFrame)
        }
        switch try execute(statement, moduleFrame) {
        case .normal, .breakLoop, .continueLoop, .returnValue: return nil
        }
    }

    /// Appends text to what the statement printed.
    func write(_ text: String) throws(PyError) {
        guard output.utf8.count + text.utf8.count <= PyInterpreter.maxOutputBytes else {
            throw PyError.memory("a statement printed more than \(PyInterpreter.maxOutputBytes) bytes")
        }
        output += text
    }

    /// A pending stop request, as an error at `range`.
    @inline(__always)
    func checkInterrupt(at range: SourceRange) throws(PyError) {
        if Interrupt.isRequested { throw PyError(.interrupted, Diagnostic.interruptedMessage, at: range) }
    }

    // MARK: - Names

    /// The value of `name` seen from `frame` (see `PyFrame` for the rules).
    func lookup(_ name: String, _ frame: PyFrame, _ range: SourceRange) throws(PyError) -> PyValue {
        switch frame.kind {
        case .module:
            break
        case .function(let code):
            if code.locals.contains(name) {
                if let v = frame.locals[name] { return v }
                throw PyError(.exception("UnboundLocalError"), "cannot access local variable '\(name)' where it is not associated with a value", at: range)
            }
            if code.globals.contains(name) { return try global(name, range) }
            if let v = try enclosingValue(name, frame.enclosing, range) { return v }
        case .comprehension(let names):
            if names.contains(name), let v = frame.locals[name] { return v }
            if let v = try enclosingValue(name, frame.enclosing, range) { return v }
        case .classBody:
            if let v = frame.locals[name] { return v }
            if let v = try enclosingValue(name, frame.enclosing, range) { return v }
        }
        return try global(name, range)
    }

    /// `name` in the nearest enclosing function frame that owns it.
    private func enclosingValue(_ name: String, _ start: PyFrame?, _ range: SourceRange) throws(PyError) -> PyValue? {
        var f = start
        while let frame = f {
            if case .classBody = frame.kind {
                f = frame.enclosing
                continue
            }
            if frame.owns(name) {
                if let v = frame.locals[name] { return v }
                throw PyError.name("cannot access free variable '\(name)' where it is not associated with a value in enclosing scope").located(at: range)
            }
            f = frame.enclosing
        }
        return nil
    }

    private func global(_ name: String, _ range: SourceRange) throws(PyError) -> PyValue {
        if let v = globals[name] { return v }
        if let v = builtins[name] { return v }
        if name == "_", let last = lastValue { return last }
        if let v = foreignLookup?(name) { return v }
        if let refusal = PyBuiltins.refused[name] { throw PyError.unsupported(refusal).located(at: range) }
        throw PyError.name("name '\(name)' is not defined").located(at: range)
    }

    /// Binds `name` in `frame` (honouring `global` and `nonlocal`).
    func bind(_ name: String, _ value: PyValue, _ frame: PyFrame) {
        switch frame.kind {
        case .module:
            globals[name] = value
        case .function(let code):
            if code.globals.contains(name) {
                globals[name] = value
            } else if code.nonlocals.contains(name), let owner = owner(of: name, from: frame.enclosing) {
                owner.locals[name] = value
            } else {
                frame.locals[name] = value
            }
        case .comprehension, .classBody:
            frame.locals[name] = value
        }
    }

    /// Removes `name` (`del name`).
    func unbind(_ name: String, _ frame: PyFrame, _ range: SourceRange) throws(PyError) {
        switch frame.kind {
        case .module:
            guard globals.removeValue(forKey: name) != nil else { throw PyError.name("name '\(name)' is not defined").located(at: range) }
        case .function(let code):
            if code.globals.contains(name) {
                guard globals.removeValue(forKey: name) != nil else { throw PyError.name("name '\(name)' is not defined").located(at: range) }
            } else if code.nonlocals.contains(name), let owner = owner(of: name, from: frame.enclosing) {
                owner.locals[name] = nil
            } else {
                guard frame.locals.removeValue(forKey: name) != nil else {
                    throw PyError(.exception("UnboundLocalError"), "cannot access local variable '\(name)' where it is not associated with a value", at: range)
                }
            }
        case .comprehension, .classBody:
            guard frame.locals.removeValue(forKey: name) != nil else { throw PyError.name("name '\(name)' is not defined").located(at: range) }
        }
    }

    private func owner(of name: String, from start: PyFrame?) -> PyFrame? {
        var f = start
        while let frame = f {
            if case .function(let code) = frame.kind, code.locals.contains(name) { return frame }
            f = frame.enclosing
        }
        return nil
    }
}
