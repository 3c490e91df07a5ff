/// What a call is matched against: a name and its parameters, for a builtin
/// or a user function alike, and the one binder that matches a call's
/// arguments to them (as Python's `inspect.Signature.bind`). Its errors are
/// worded here once, whichever kind of function is called.
public struct Signature: Sendable, CustomStringConvertible {
    public let name: String
    public let parameters: [Parameter]
    /// When set, any number of positional values (`concat(a, b, c)`), named
    /// in the signature as `name...`; the parameters follow by name.
    public let variadic: String?

    public init(name: String, parameters: [Parameter], variadic: String? = nil) {
        self.name = name
        self.parameters = parameters
        self.variadic = variadic
    }

    /// `softmax(x, axis: -1, temperature: 1)`: defaults as the table gives them.
    public var description: String {
        var parts: [String] = []
        if let variadic { parts.append("\(variadic)...") }
        for p in parameters {
            let byName = p.kind == .named || variadic != nil
            if let d = p.defaultText {
                parts.append("\(p.name): \(d)")
            } else {
                parts.append(byName ? "\(p.name):" : p.name)
            }
        }
        return "\(name)(\(parts.joined(separator: ", ")))"
    }

    /// One argument of a call, evaluated.
    struct Argument {
        var label: String?
        var labelRange: SourceRange?
        var value: Value
        var range: SourceRange
    }

    /// The arguments of a call matched to the parameters: by name where
    /// labelled, else in order; the variadic values in `rest`. Parameters
    /// left out are absent from `values` (their defaults are the table's,
    /// read by `Arguments`).
    func bind(_ arguments: [Argument], callRange: SourceRange) throws(Diagnostic) -> (values: [String: Arguments.Bound], rest: [Arguments.Bound]) {
        let expected = "expected \(self)"
        var values: [String: Arguments.Bound] = [:]
        var named = Set<String>()
        var rest: [Arguments.Bound] = []
        var positional = parameters.filter { $0.kind == .positional }.makeIterator()
        for a in arguments {
            let bound = Arguments.Bound(value: a.value, range: a.range)
            if let label = a.label {
                guard let p = parameters.first(where: { $0.name == label }) else {
                    let near = Suggest.didYouMean(label, in: parameters.map(\.name)) { "'\($0):'" }
                    throw Diagnostic("\(name) has no argument named '\(label)'", at: a.labelRange ?? a.range, notes: [near, expected].compactMap { $0 })
                }
                if values[p.name] != nil {
                    let how = named.contains(p.name) ? "" : " (once by position)"
                    throw Diagnostic("argument '\(label)' is given twice\(how)", at: a.labelRange ?? a.range)
                }
                values[p.name] = bound
                named.insert(p.name)
            } else {
                // f(x: 1, 2) would otherwise bind 2 to whatever comes first.
                guard named.isEmpty else {
                    throw Diagnostic("a positional argument cannot follow a named one", at: a.range, notes: [expected])
                }
                if variadic != nil {
                    rest.append(bound)
                } else if let p = positional.next() {
                    values[p.name] = bound
                } else {
                    throw Diagnostic("too many arguments to \(name)", at: a.range, notes: [expected])
                }
            }
        }
        if let missing = parameters.first(where: { $0.isRequired && values[$0.name] == nil }) {
            throw self.missing(missing.name, callRange: callRange)
        }
        if variadic != nil, rest.isEmpty {
            throw Diagnostic("\(name) needs at least one argument", at: callRange, notes: [expected])
        }
        return (values, rest)
    }

    /// The error for a call that lacks the argument `parameter`.
    func missing(_ parameter: String, callRange: SourceRange) -> Diagnostic {
        Diagnostic("missing argument '\(parameter)' in call to \(name)", at: callRange, notes: ["expected \(self)"])
    }
}
