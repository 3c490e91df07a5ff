import AttnCore
import Foundation

/// Evaluates statements against a global environment. It never prints:
/// values come back to the caller and `print` output goes to `output`.
public final class Interpreter: @unchecked Sendable {
    // @unchecked: an interpreter is used from one thread at a time.

    /// How deeply user functions may call each other before an error.
    public static let maxCallDepth = 1000
    /// How deeply evaluation may nest in all (calls times the depth of the
    /// expressions they run), so that a recursive function with a deeply
    /// nested body also stops with an error before the stack runs out.
    /// Parsing bounds one expression's depth (`Parser.maxDepth`); only calls
    /// can go past this.
    public static let maxEvaluationDepth = 10_000

    public let globals = Environment()
    /// Digits for printed numbers; `precision(n)` changes it.
    public var precision: Precision = .standard
    /// The entropy that random streams made without a seed use, in the
    /// dialects that have such streams (Python's `np.random`): attn's fixed
    /// entropy by default, so unseeded runs repeat. The document checker
    /// runs a document again with another value to tell which outputs
    /// depend on unseeded draws.
    public var unseededEntropy: UInt64 = 0x6174_746E
    /// The columns printed values wrap to: 75 (numpy's) unless the front end
    /// sets the terminal's width or `--width`; values, `print` and claims use it.
    public var lineWidth: Int = Printer.defaultLineWidth
    /// What `load` and `save` may touch: everything for the user's own
    /// programs, the document's folder for a checked document.
    public var fileAccess = FileAccess.open()
    /// Receives each line that `print` writes (without its newline). The
    /// language never prints: the runner collects these lines into each
    /// statement's outcome, and by default they go nowhere.
    public var output: (String) -> Void = { _ in }
    /// When set, every builtin call passes through it before running; the
    /// docs checker uses it to re-run a statement under a deliberate slip
    /// (no scaling, the other softmax axis...).
    public var callHook: ((Builtin, inout Arguments) throws(Diagnostic) -> Void)?
    private var callDepth = 0
    private var evaluationDepth = 0

    public init() {}

    /// Runs one statement. Returns the value of an expression statement
    /// (nil for bindings and definitions), which the caller passes to
    /// `remember` once it has shown it, so that `_` changes only when the
    /// whole statement, printing included, completed.
    public func execute(_ node: StatementNode, source: SourceFile) throws(Diagnostic) -> Value? {
        callDepth = 0
        evaluationDepth = 0
        switch node.statement {
        case .expression(let e, _):
            return try evaluate(e, in: globals)
        case .binding(let name, let nameRange, let e):
            try checkAssignable(name, nameRange)
            let value = try evaluate(e, in: globals)
            try Diagnostic.checkInterrupt(at: node.range)
            globals.define(name, value)
            return nil
        case .function(let name, let nameRange, let parameters, let body):
            try checkAssignable(name, nameRange)
            let f = UserFunction(name: name, parameters: parameters, body: body, closure: globals, source: source)
            globals.define(name, .function(f))
            return nil
        }
    }

    /// Makes `value` the last value, `_` (and `ans`).
    public func remember(_ value: Value) {
        globals.define("_", value)
    }

    /// Forgets every variable and function (`:reset`).
    public func forgetEverything() {
        globals.removeAll()
        failedDefinitions = [:]
    }

    /// The last value shown, `_`.
    public var lastValue: Value? { globals.lookup("_") }

    /// Names whose latest definition failed, with where (`FILE:LINE`): a
    /// statement that uses one says which failure it depends on instead of
    /// repeating "unknown name".
    private var failedDefinitions: [String: String] = [:]

    func definitionFailed(_ statement: Statement, at step: Step) {
        guard let name = statement.definedName, globals.lookup(name) == nil else { return }
        failedDefinitions[name] = "\(step.source.name):\(step.firstLine)"
    }

    func definitionSucceeded(_ statement: Statement) {
        if let name = statement.definedName { failedDefinitions[name] = nil }
    }

    /// Evaluates `expression` for a replay (see `AttnDialect.replay`): `_` is
    /// `lastValue`, every builtin call passes through `hook` (which returns
    /// true when it changed the call), output is discarded, and afterwards
    /// the hook, output, precision and `_` are as they were. nil when the
    /// evaluation fails or neither `rewritten` nor the hook changed anything.
    func replay(_ expression: Expr, lastValue replayed: Value?, rewritten: Bool,
                hook: @escaping (Builtin, inout Arguments) throws(Diagnostic) -> Bool) -> Value? {
        final class Flag { var raised = false }
        let applied = Flag()
        applied.raised = rewritten
        let savedHook = callHook, savedOutput = output, savedPrecision = precision, savedLast = lastValue
        defer {
            callHook = savedHook
            output = savedOutput
            precision = savedPrecision
            if let savedLast { globals.define("_", savedLast) }
        }
        if let replayed { globals.define("_", replayed) }
        output = { _ in }
        callHook = { builtin, arguments throws(Diagnostic) in
            if try hook(builtin, &arguments) { applied.raised = true }
        }
        guard let value = try? evaluate(expression, in: globals), applied.raised else { return nil }
        return value
    }

    /// A binding may shadow a builtin (`weights = ...` from a pasted numpy
    /// program must work, as in Python or Julia); it hides the builtin until
    /// `:reset`. The literal constants cannot be rebound.
    private func checkAssignable(_ name: String, _ range: SourceRange) throws(Diagnostic) {
        if Constant.named[name]?.isLiteral == true {
            throw Diagnostic("'\(name)' is a constant and cannot be redefined", at: range)
        }
    }

    // MARK: - Expressions

    public func evaluate(_ expr: Expr, in env: Environment) throws(Diagnostic) -> Value {
        // Every step polls for a stop, so loops made of calls (recursion)
        // stop as promptly as the kernels do.
        try Diagnostic.checkInterrupt(at: expr.range)
        evaluationDepth += 1
        defer { evaluationDepth -= 1 }
        guard evaluationDepth <= Interpreter.maxEvaluationDepth else {
            throw Diagnostic("recursion too deep: evaluation nested more than \(Interpreter.maxEvaluationDepth) levels", at: expr.range,
                             notes: callDepth > 0 ? ["\(callDepth) function calls were in progress"] : [])
        }
        switch expr {
        case .number(let v, _):
            // A literal is a weak scalar (a Python float in numpy's rules):
            // `x * 2` keeps x's dtype.
            return .tensor(Tensor.weak(v))
        case .string(let s, _):
            return .string(s)
        case .variable(let name, let range):
            return try lookup(name, range, env)
        case .list(let elements, let range):
            return try list(elements, range, env)
        case .unary(let op, let operand, _):
            let t = try tensor(operand, env, what: "the operand of '-'")
            let operation: UnaryOperation = op == .negate ? .negate : .positive
            return .tensor(try core(expr.range) { () throws(CoreError) in try Tensor.unary(operation, t) })
        case .binary(let op, let a, let b, let range):
            return .tensor(try binary(op, a, b, range, env))
        case .call(let callee, let arguments, let range):
            return try call(callee, arguments, range, env)
        case .index(let base, let items, let range):
            return .tensor(try index(base, items, range, env))
        case .transpose(let base, let range):
            let t = try tensor(base, env, what: "the operand of .T")
            return .tensor(try core(range) { () throws(CoreError) in try t.transposed })
        case .conditional(let condition, let yes, let no, _):
            let c = try tensor(condition, env, what: "the condition of 'if'")
            guard let flag = c.scalarValue else {
                throw Diagnostic("the condition of 'if' must be a single number, got a tensor of shape \(Tensor.describe(shape: c.shape))",
                                 at: condition.range, notes: ["use where(cond, a, b) to choose elementwise"])
            }
            return try evaluate(flag != 0 && !flag.isNaN ? yes : no, in: env)
        }
    }

    /// Runs a core operation, turning its error into a diagnostic at `range`.
    private func core<T>(_ range: SourceRange, _ body: () throws(CoreError) -> T) throws(Diagnostic) -> T {
        do throws(CoreError) {
            return try body()
        } catch {
            throw Diagnostic(error, at: range)
        }
    }

    func tensor(_ e: Expr, _ env: Environment, what: String) throws(Diagnostic) -> Tensor {
        let v = try evaluate(e, in: env)
        guard case .tensor(let t) = v else {
            throw Diagnostic("\(what) must be a number or tensor, not \(v.kindDescription)", at: e.range)
        }
        return t
    }

    private func lookup(_ name: String, _ range: SourceRange, _ env: Environment) throws(Diagnostic) -> Value {
        if let v = env.lookup(name) { return v }
        // `ans` is the last value, as in Julia, MATLAB and calculators,
        // until a program defines a variable of that name.
        if name == "ans", let last = env.lookup("_") { return last }
        if let c = Constant.named[name] { return .tensor(Tensor.weak(c.value)) }
        if let b = Builtins.table[name] { return .builtin(b) }
        if let failed = failedDefinitions[name] {
            throw Diagnostic("'\(name)' is not defined: its definition at \(failed) failed", at: range,
                             notes: ["this error follows from that one; fix it first"])
        }
        let candidates = env.allNames + Builtins.all.map(\.name) + Constant.all.map(\.name)
        var notes = Suggest.didYouMean(name, in: candidates).map { [$0] } ?? []
        if name == "ans" { notes = ["ans is the last value shown, and nothing has been shown yet"] }
        if name == "np" || name == "numpy" || name == "torch" {
            notes.append("attn has no modules: builtins are called directly, e.g. dot(a, b), softmax(x)")
        }
        throw Diagnostic("unknown name '\(name)'", at: range, notes: notes)
    }

    /// `[a, b, ...]`: the elements, all of one shape, stacked on a new axis
    /// (numpy.stack's dtype promotion); or, when the first is a string, a
    /// list of strings (labels), every element a string.
    private func list(_ elements: [Expr], _ range: SourceRange, _ env: Environment) throws(Diagnostic) -> Value {
        var parts: [Tensor] = []
        var strings: [String] = []
        for (n, e) in elements.enumerated() {
            let v = try evaluate(e, in: env)
            if case .string(let s) = v, strings.count == n {
                strings.append(s)
                continue
            }
            if !strings.isEmpty {
                throw Diagnostic("a list of strings holds only strings, but element \(n + 1) is \(v.kindDescription)", at: e.range)
            }
            guard case .tensor(let t) = v else {
                throw Diagnostic("a list element must be a number or tensor, not \(v.kindDescription)", at: e.range,
                                 notes: v.isString ? ["a list of strings (labels) holds only strings"] : [])
            }
            if let first = parts.first, first.shape != t.shape {
                let what = first.rank == 0 && t.rank > 0 || first.rank > 0 && t.rank == 0
                    ? "mixes numbers and lists" : "is ragged"
                throw Diagnostic(
                    "this list \(what): element \(parts.count + 1) has shape \(Tensor.describe(shape: t.shape)), but element 1 has \(Tensor.describe(shape: first.shape))",
                    at: e.range, notes: ["every row of a matrix needs the same length"])
            }
            parts.append(t)
        }
        if !strings.isEmpty { return .strings(strings) }
        guard !parts.isEmpty else { return .tensor(Tensor(vector: [])) }
        // np.array([...]): mixed dtypes promote (float32 with float64 gives
        // float64), and literals count as float64, not as weak scalars.
        return .tensor(try core(range) { () throws(CoreError) in try Tensor.stack(parts, axis: 0) })
    }

    private func binary(_ op: BinaryOp, _ a: Expr, _ b: Expr, _ range: SourceRange, _ env: Environment) throws(Diagnostic) -> Tensor {
        let x = try tensor(a, env, what: "the left operand of '\(op.rawValue)'")
        let y = try tensor(b, env, what: "the right operand of '\(op.rawValue)'")
        do throws(CoreError) {
            switch op {
            case .add: return try Tensor.binary(.add, x, y)
            case .subtract: return try Tensor.binary(.subtract, x, y)
            case .multiply: return try Tensor.binary(.multiply, x, y)
            case .divide: return try Tensor.binary(.divide, x, y)
            case .power: return try Tensor.binary(.power, x, y)
            case .matmul: return try Tensor.matmul(x, y)
            case .equal: return try Tensor.binary(.equal, x, y)
            case .notEqual: return try Tensor.binary(.notEqual, x, y)
            case .less: return try Tensor.binary(.less, x, y)
            case .lessEqual: return try Tensor.binary(.lessEqual, x, y)
            case .greater: return try Tensor.binary(.greater, x, y)
            case .greaterEqual: return try Tensor.binary(.greaterEqual, x, y)
            }
        } catch {
            throw Diagnostic(error, at: range, notes: Suggest.shapeHint(op, x.shape, y.shape))
        }
    }

    private func index(_ base: Expr, _ items: [IndexExpr], _ range: SourceRange, _ env: Environment) throws(Diagnostic) -> Tensor {
        let t = try tensor(base, env, what: "an indexed value")
        var resolved: [IndexItem] = []
        for item in items {
            switch item {
            case .at(let e):
                resolved.append(.at(try integer(e, env, what: "an index")))
            case .slice(let start, let stop, let step, _):
                resolved.append(.slice(
                    start: try start.map { e throws(Diagnostic) in try integer(e, env, what: "a slice start") },
                    stop: try stop.map { e throws(Diagnostic) in try integer(e, env, what: "a slice stop") },
                    step: try step.map { e throws(Diagnostic) in try integer(e, env, what: "a slice step") }))
            }
        }
        do throws(CoreError) {
            return try t.index(resolved)
        } catch {
            if error == .interrupted { throw Diagnostic(error, at: range) }
            // Point at the offending item when the message names one.
            var at = range
            for (n, item) in resolved.enumerated() {
                if case .at(let i) = item, n < t.rank, i >= t.shape[n] || i < -t.shape[n] { at = items[n].range; break }
            }
            throw Diagnostic(error.message, at: at)
        }
    }

    private func integer(_ e: Expr, _ env: Environment, what: String) throws(Diagnostic) -> Int {
        let t = try tensor(e, env, what: what)
        guard let v = t.scalarValue, t.isScalar else {
            throw Diagnostic("\(what) must be a single integer, got a tensor of shape \(Tensor.describe(shape: t.shape))", at: e.range)
        }
        guard v.rounded() == v, abs(v) < 9.0e15 else {
            throw Diagnostic("\(what) must be an integer, got \(Printer.number(v, .full))", at: e.range)
        }
        return Int(v)
    }

    // MARK: - Calls

    private func call(_ callee: Expr, _ arguments: [CallArgument], _ range: SourceRange, _ env: Environment) throws(Diagnostic) -> Value {
        let f = try evaluate(callee, in: env)
        var evaluated: [Signature.Argument] = []
        for a in arguments {
            evaluated.append(Signature.Argument(label: a.label, labelRange: a.labelRange, value: try evaluate(a.value, in: env), range: a.value.range))
        }
        switch f {
        case .builtin(let builtin):
            var args = try Arguments.bind(builtin, evaluated, callRange: range)
            if let callHook { try callHook(builtin, &args) }
            return try builtin.implementation(args, self)
        case .function(let function):
            return try callUser(function, evaluated, range)
        default:
            throw Diagnostic("\(f.kindDescription) cannot be called (only functions and builtins can)", at: callee.range)
        }
    }

    private func callUser(_ f: UserFunction, _ arguments: [Signature.Argument], _ range: SourceRange) throws(Diagnostic) -> Value {
        guard let closure = f.closure else {
            throw Diagnostic("\(f.name) belongs to a session that has ended", at: range)
        }
        let scope = Environment(parent: closure)
        let (values, _) = try f.signature.bind(arguments, callRange: range)
        // In the order of the parameters, so that the scope lists them as written.
        for p in f.parameters { if let bound = values[p] { scope.define(p, bound.value) } }
        callDepth += 1
        defer { callDepth -= 1 }
        guard callDepth <= Interpreter.maxCallDepth else {
            throw Diagnostic("recursion too deep: more than \(Interpreter.maxCallDepth) nested calls (in \(f.name))", at: range)
        }
        do throws(Diagnostic) {
            return try evaluate(f.body, in: scope)
        } catch {
            var e = error
            if e.source == nil { e.source = f.source }
            throw e
        }
    }
}
