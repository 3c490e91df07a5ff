import AttnCore

/// The arguments of one builtin call, bound to parameter names, with typed
/// accessors whose errors point at the offending argument. An accessor
/// gives the argument the call passed, else the default the builtins table
/// declares for it: implementations never write a default themselves.
public struct Arguments: Sendable {
    public struct Bound: Sendable {
        public var value: Value
        public var range: SourceRange
    }

    public let builtin: Builtin
    public var values: [String: Bound]
    /// The variadic values, in order.
    public var rest: [Bound]
    public let callRange: SourceRange

    static func bind(_ b: Builtin, _ arguments: [Signature.Argument], callRange: SourceRange) throws(Diagnostic) -> Arguments {
        let (values, rest) = try b.signature.bind(arguments, callRange: callRange)
        return Arguments(builtin: b, values: values, rest: rest, callRange: callRange)
    }

    /// Whether the call passed `name` (a default does not count).
    public func has(_ name: String) -> Bool { values[name] != nil }

    public func range(_ name: String) -> SourceRange { values[name]?.range ?? callRange }

    /// The argument passed as `name`, else its default from the table; nil
    /// when neither gives a value (the default is none or computed).
    public func value(_ name: String) -> Value? {
        values[name]?.value ?? builtin.parameters.first { $0.name == name }?.defaultAsValue
    }

    /// A diagnostic at the argument `name` (or the whole call).
    public func error(_ message: String, at name: String? = nil, notes: [String] = []) -> Diagnostic {
        Diagnostic(message, at: name.map(range) ?? callRange, notes: notes)
    }

    /// Reached only when an implementation asks for a value the table gives
    /// it no default for; binding has already checked the required ones.
    private func missing(_ name: String) -> Diagnostic {
        builtin.signature.missing(name, callRange: callRange)
    }

    // MARK: - Tensors

    public func optionalTensor(_ name: String) throws(Diagnostic) -> Tensor? {
        guard let value = value(name) else { return nil }
        guard case .tensor(let t) = value else {
            throw error("argument '\(name)' must be a number or tensor, not \(value.kindDescription)", at: name)
        }
        return t
    }

    public func tensor(_ name: String) throws(Diagnostic) -> Tensor {
        guard let t = try optionalTensor(name) else { throw missing(name) }
        return t
    }

    public func restTensors() throws(Diagnostic) -> [Tensor] {
        var out: [Tensor] = []
        for (n, bound) in rest.enumerated() {
            guard case .tensor(let t) = bound.value else {
                throw Diagnostic("argument \(n + 1) must be a number or tensor, not \(bound.value.kindDescription)", at: bound.range)
            }
            out.append(t)
        }
        return out
    }

    // MARK: - Numbers

    public func optionalDouble(_ name: String) throws(Diagnostic) -> Double? {
        guard let t = try optionalTensor(name) else { return nil }
        guard t.isScalar, let v = t.scalarValue else {
            throw error("argument '\(name)' must be a single number, got a tensor of shape \(Tensor.describe(shape: t.shape))", at: name)
        }
        return v
    }

    public func double(_ name: String) throws(Diagnostic) -> Double {
        guard let v = try optionalDouble(name) else { throw missing(name) }
        return v
    }

    public func optionalInt(_ name: String) throws(Diagnostic) -> Int? {
        guard let v = try optionalDouble(name) else { return nil }
        guard v.rounded() == v, abs(v) < 9.0e15 else {
            throw error("argument '\(name)' must be an integer, got \(Printer.number(v, .full))", at: name)
        }
        return Int(v)
    }

    public func int(_ name: String) throws(Diagnostic) -> Int {
        guard let n = try optionalInt(name) else { throw missing(name) }
        return n
    }

    /// Nonzero is true, as in a condition.
    public func bool(_ name: String) throws(Diagnostic) -> Bool {
        try double(name) != 0
    }

    // MARK: - Strings and shapes

    public func string(_ name: String) throws(Diagnostic) -> String {
        guard let value = value(name) else { throw missing(name) }
        guard case .string(let s) = value else {
            throw error("argument '\(name)' must be a string in double quotes, not \(value.kindDescription)", at: name)
        }
        return s
    }

    /// Labels (a heatmap's rows or columns): a list of strings, `["the",
    /// "cat"]`, or one string whose words, split at blanks, are the labels
    /// (`"the cat"`); nil when the argument is left out.
    public func labels(_ name: String) throws(Diagnostic) -> [String]? {
        switch value(name) {
        case nil: return nil
        case .strings(let list)?: return list
        case .string(let s)?: return s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        case let other?:
            throw error("argument '\(name)' takes labels: a list of strings like [\"the\", \"cat\"], or one string of words "
                        + "like \"the cat\", not \(other.kindDescription)", at: name)
        }
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

    // MARK: - Core errors

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
