import AttnCore

/// A runtime value. Numbers, booleans, vectors and matrices are all tensors
/// (a number is a rank-0 tensor; `true` is 1).
public enum Value: Sendable {
    case tensor(Tensor)
    case string(String)
    /// A list of strings, `["the", "cat"]`: the labels of a heatmap's rows
    /// or columns. (A list of numbers is a tensor.)
    case strings([String])
    /// A heatmap (`heatmap(...)`): shown by drawing it, in the terminal or
    /// a page, never as a literal.
    case heatmap(Heatmap)
    /// A function defined with `let f(x) = ...`.
    case function(UserFunction)
    case builtin(Builtin)
    /// Documentation text (what `help` returns); shown as it is, unquoted.
    case doc(String)
    /// What a builtin called for its effect returns (`print`, `save`,
    /// `precision`): nothing is shown, and `_` keeps its value.
    case nothing

    public var isNothing: Bool {
        if case .nothing = self { return true }
        return false
    }

    public var isString: Bool {
        if case .string = self { return true }
        return false
    }

    public var tensor: Tensor? {
        if case .tensor(let t) = self { return t }
        return nil
    }

    /// How the value is named in messages: "a tensor of shape [2, 3]".
    public var kindDescription: String {
        switch self {
        case .tensor(let t):
            if t.isScalar { return "a number" }
            return "a tensor of shape \(Tensor.describe(shape: t.shape))"
        case .string: return "a string"
        case .strings(let list): return "a list of \(list.count) string\(list.count == 1 ? "" : "s")"
        case .heatmap(let h): return "a heatmap of shape \(Tensor.describe(shape: h.values.shape))"
        case .function(let f): return "the function \(f.name)"
        case .builtin(let b): return "the builtin \(b.name)"
        case .doc: return "documentation text"
        case .nothing: return "nothing"
        }
    }
}

/// A user function: parameters, one expression body, and the environment it
/// was defined in (lexical scope).
public final class UserFunction: @unchecked Sendable {
    // @unchecked: a function is created and called on the interpreter's one
    // thread; its environment is never shared across threads.
    public let name: String
    public let parameters: [String]
    let body: Expr
    /// The scope it was defined in: the session's globals, which hold the
    /// function in turn, so the link is weak (a strong one would keep every
    /// session that defines a function alive for ever).
    weak var closure: Environment?
    /// Where the body was written, for errors raised inside it.
    let source: SourceFile

    /// What a call binds to: every parameter positional and required.
    public var signature: Signature {
        Signature(name: name, parameters: parameters.map { Parameter($0) })
    }

    init(name: String, parameters: [String], body: Expr, closure: Environment, source: SourceFile) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.closure = closure
        self.source = source
    }
}

/// Variables, chained to the enclosing scope.
public final class Environment: @unchecked Sendable {
    // @unchecked: used from the interpreter's one thread only.
    private var values: [String: Value] = [:]
    /// Names in the order they were first defined (for `:vars`).
    public private(set) var order: [String] = []
    let parent: Environment?

    public init(parent: Environment? = nil) {
        self.parent = parent
    }

    public func lookup(_ name: String) -> Value? {
        if let v = values[name] { return v }
        return parent?.lookup(name)
    }

    public func define(_ name: String, _ value: Value) {
        if values.updateValue(value, forKey: name) == nil { order.append(name) }
    }

    /// Every name visible from here, innermost first.
    public var allNames: [String] {
        order + (parent?.allNames ?? []).filter { values[$0] == nil }
    }

    public func removeAll() {
        values = [:]
        order = []
    }
}
