import AttnCore

/// One parameter of a builtin.
public struct Parameter: Sendable {
    public enum Kind: Sendable {
        /// May be passed by position or by name.
        case positional
        /// Must be passed by name (`axis: 0`).
        case named
    }

    public let name: String
    public let kind: Kind
    /// nil when the argument is required; otherwise how the default reads in
    /// the signature (`-1`, `1/sqrt(d)`, `none`).
    public let defaultText: String?

    public init(_ name: String, _ kind: Kind = .positional, default defaultText: String? = nil) {
        self.name = name
        self.kind = kind
        self.defaultText = defaultText
    }

    public var isRequired: Bool { defaultText == nil }
}

/// A builtin function: the one place its name, parameters, documentation
/// and implementation meet. Help, completion and docs/builtins.md read it.
public struct Builtin: Sendable {
    public let name: String
    public let parameters: [Parameter]
    /// When set, any number of positional tensors (`concat(a, b, c)`),
    /// named in the signature as `name...`; the parameters follow by name.
    public let variadic: String?
    /// The group it is listed under in help and docs.
    public let category: String
    /// One line: what it computes.
    public let summary: String
    /// The formula, shapes and edge cases (nan, inf, empty, masked).
    public let details: String
    /// An example call and its result, as attn prints it.
    public let example: String
    let implementation: @Sendable (Arguments, Interpreter) throws(Diagnostic) -> Value

    init(
        _ name: String, _ parameters: [Parameter] = [], variadic: String? = nil, category: String,
        summary: String, details: String = "", example: String,
        _ implementation: @escaping @Sendable (Arguments, Interpreter) throws(Diagnostic) -> Value
    ) {
        self.name = name
        self.parameters = parameters
        self.variadic = variadic
        self.category = category
        self.summary = summary
        self.details = details
        self.example = example
        self.implementation = implementation
    }

    /// `softmax(x, axis: -1, temperature: 1)`.
    public var signature: String {
        var parts: [String] = []
        if let variadic { parts.append("\(variadic)...") }
        for p in parameters {
            let label = p.kind == .named || variadic != nil ? "\(p.name): " : ""
            if let d = p.defaultText {
                parts.append(p.kind == .named || variadic != nil ? "\(label)\(d)" : "\(p.name): \(d)")
            } else {
                parts.append(p.kind == .named ? "\(p.name):" : p.name)
            }
        }
        return "\(name)(\(parts.joined(separator: ", ")))"
    }

    /// The full help text.
    public var help: String {
        var text = "\(signature)\n  \(summary)"
        if !details.isEmpty {
            text += "\n\n" + details.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
        }
        text += "\n\n  Example:\n" + example.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        return text
    }
}

/// The arguments of one builtin call, bound to parameter names, with typed
/// accessors whose errors point at the offending argument.
public struct Arguments: Sendable {
    public struct Bound: Sendable {
        public var value: Value
        public var range: SourceRange
    }

    public let builtin: Builtin
    public var values: [String: Bound]
    /// The variadic tensors, in order.
    public var rest: [Bound]
    public let callRange: SourceRange

    static func bind(
        _ b: Builtin, _ args: [(label: String?, labelRange: SourceRange?, value: Value, range: SourceRange)], callRange: SourceRange
    ) throws(Diagnostic) -> Arguments {
        var values: [String: Bound] = [:]
        var rest: [Bound] = []
        var positional = b.parameters.filter { $0.kind == .positional }.makeIterator()
        var sawLabel = false
        for a in args {
            if let label = a.label {
                sawLabel = true
                guard let p = b.parameters.first(where: { $0.name == label }) else {
                    var notes: [String] = []
                    if let near = Suggest.closest(to: label, in: b.parameters.map(\.name)) { notes.append("did you mean '\(near):'?") }
                    notes.append("expected \(b.signature)")
                    throw Diagnostic("\(b.name) has no argument named '\(label)'", at: a.labelRange ?? a.range, notes: notes)
                }
                if values[p.name] != nil {
                    throw Diagnostic("argument '\(label)' is given twice (once by position)", at: a.labelRange ?? a.range)
                }
                values[p.name] = Bound(value: a.value, range: a.range)
            } else {
                if sawLabel {
                    throw Diagnostic("a positional argument cannot follow a named one", at: a.range, notes: ["expected \(b.signature)"])
                }
                if b.variadic != nil {
                    rest.append(Bound(value: a.value, range: a.range))
                    continue
                }
                guard let p = positional.next() else {
                    throw Diagnostic("too many arguments to \(b.name)", at: a.range, notes: ["expected \(b.signature)"])
                }
                values[p.name] = Bound(value: a.value, range: a.range)
            }
        }
        for p in b.parameters where p.isRequired && values[p.name] == nil {
            throw Diagnostic("missing argument '\(p.name)' in call to \(b.name)", at: callRange, notes: ["expected \(b.signature)"])
        }
        if b.variadic != nil, rest.isEmpty {
            throw Diagnostic("\(b.name) needs at least one argument", at: callRange, notes: ["expected \(b.signature)"])
        }
        return Arguments(builtin: b, values: values, rest: rest, callRange: callRange)
    }

    public func has(_ name: String) -> Bool { values[name] != nil }

    public func range(_ name: String) -> SourceRange { values[name]?.range ?? callRange }

    /// A diagnostic at the argument `name` (or the whole call).
    public func error(_ message: String, at name: String? = nil, notes: [String] = []) -> Diagnostic {
        Diagnostic(message, at: name.map(range) ?? callRange, notes: notes)
    }

    public func tensor(_ name: String) throws(Diagnostic) -> Tensor {
        guard let bound = values[name] else { throw error("missing argument '\(name)'") }
        return try Arguments.tensor(bound, name: name)
    }

    static func tensor(_ bound: Bound, name: String) throws(Diagnostic) -> Tensor {
        guard case .tensor(let t) = bound.value else {
            throw Diagnostic("argument '\(name)' must be a number or tensor, not \(bound.value.kindDescription)", at: bound.range)
        }
        return t
    }

    public func optionalTensor(_ name: String) throws(Diagnostic) -> Tensor? {
        values[name] == nil ? nil : try tensor(name)
    }

    public func restTensors() throws(Diagnostic) -> [Tensor] {
        var out: [Tensor] = []
        for (n, bound) in rest.enumerated() { out.append(try Arguments.tensor(bound, name: "\(n + 1)")) }
        return out
    }

    public func double(_ name: String) throws(Diagnostic) -> Double? {
        guard let t = try optionalTensor(name) else { return nil }
        guard t.isScalar, let v = t.scalarValue else {
            throw error("argument '\(name)' must be a single number, got a tensor of shape \(Tensor.describe(shape: t.shape))", at: name)
        }
        return v
    }

    public func double(_ name: String, default value: Double) throws(Diagnostic) -> Double {
        try double(name) ?? value
    }

    public func int(_ name: String) throws(Diagnostic) -> Int? {
        guard let v = try double(name) else { return nil }
        guard v.rounded() == v, abs(v) < 9.0e15 else {
            throw error("argument '\(name)' must be an integer, got \(Printer.number(v, .full))", at: name)
        }
        return Int(v)
    }

    public func int(_ name: String, default value: Int) throws(Diagnostic) -> Int {
        try int(name) ?? value
    }

    public func bool(_ name: String, default value: Bool) throws(Diagnostic) -> Bool {
        guard let v = try double(name) else { return value }
        return v != 0
    }

    public func string(_ name: String) throws(Diagnostic) -> String {
        guard let bound = values[name] else { throw error("missing argument '\(name)'") }
        guard case .string(let s) = bound.value else {
            throw Diagnostic("argument '\(name)' must be a string in double quotes, not \(bound.value.kindDescription)", at: bound.range)
        }
        return s
    }

    /// A shape: a vector of non-negative integers, or one integer.
    public func shape(_ name: String) throws(Diagnostic) -> [Int] {
        let t = try tensor(name)
        guard t.rank <= 1 else {
            throw error("argument '\(name)' must be a shape like [2, 3], got a tensor of shape \(Tensor.describe(shape: t.shape))", at: name)
        }
        var shape: [Int] = []
        for v in t.scalars {
            guard v.rounded() == v, v >= 0, v < 9.0e15 else {
                throw error("argument '\(name)': shape lengths must be non-negative integers, got \(Printer.number(v, .full))", at: name)
            }
            shape.append(Int(v))
        }
        return shape
    }

    /// Runs a core operation, turning its error into a diagnostic at the call.
    public func core<T>(_ body: () throws(CoreError) -> T) throws(Diagnostic) -> T {
        do throws(CoreError) {
            return try body()
        } catch {
            throw diagnostic(for: error)
        }
    }

    /// A core error as a diagnostic at the call, its message prefixed with
    /// the builtin's name.
    public func diagnostic(for error: CoreError) -> Diagnostic {
        Diagnostic(error, at: callRange, prefix: builtin.name)
    }
}
