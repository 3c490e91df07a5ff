import AttnCore

/// One parameter of a builtin or a user function.
public struct Parameter: Sendable, Equatable {
    public enum Kind: Sendable {
        /// May be passed by position or by name.
        case positional
        /// Must be passed by name (`axis: 0`).
        case named
    }

    /// What a parameter is when a call leaves it out. The implementation
    /// reads this value through `Arguments`, so the table is the only place
    /// a default is written.
    public enum Default: Sendable, Equatable {
        /// The call must give it.
        case required
        /// Left out, the builtin goes without it (`axis: none` reduces over
        /// every element, `mask: none` masks nothing). Written `none`.
        case omitted
        case number(Double)
        case bool(Bool)
        case string(String)
        /// Worked out from the other arguments; the text says how, as the
        /// signature shows it (`1/sqrt(d)`, `l`).
        case computed(String)
    }

    public let name: String
    public let kind: Kind
    public let defaultValue: Default

    public init(_ name: String, _ kind: Kind = .positional, default defaultValue: Default = .required) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
    }

    public var isRequired: Bool { defaultValue == .required }

    /// The default as a value, for the accessors of `Arguments`; nil when
    /// there is none to give (required, omitted or computed).
    var defaultAsValue: Value? {
        switch defaultValue {
        case .required, .omitted, .computed: return nil
        case .number(let x): return .tensor(Tensor(x))
        case .bool(let b): return .tensor(Tensor(b ? 1 : 0))
        case .string(let s): return .string(s)
        }
    }

    /// How the default reads in a signature (`-1`, `false`, `none`,
    /// `1/sqrt(d)`); nil when the argument is required.
    public var defaultText: String? {
        switch defaultValue {
        case .required: return nil
        case .omitted: return "none"
        case .number(let x): return Printer.number(x, .full)
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return "\"\(s)\""
        case .computed(let text): return text
        }
    }
}

/// How a builtin's result dtype follows from its arguments' dtypes. Each
/// case asks the core function the implementation itself relies on, so the
/// help text cannot promise what the computation does not do.
public enum DTypeRule: Sendable, Equatable, CustomStringConvertible {
    /// The dtype of one argument (reshape, transpose).
    case sameAs(String)
    /// An elementwise function of one argument (`Tensor.unaryType`).
    case unary(UnaryOperation, String)
    /// A reduction of one argument (`Tensor.reductionType`).
    case reduction(Reduction, String)
    /// numpy's result type of two arguments, number literals weak
    /// (`Tensor.resultType`).
    case promoted(String, String)
    /// numpy's result type of the variadic tensors, every one strong (as
    /// numpy.concatenate).
    case joined
    /// float32 for a float32 argument, float64 for any other (the softmax
    /// family, norm).
    case floatOf(String)
    /// Attention's compute dtype (`Attention.computeType`): float32 when the
    /// given operands are float32 (or bool), else float64.
    case attention([String])

    public var description: String {
        switch self {
        case .sameAs(let x): return "the dtype of \(x)"
        case .unary(let op, let x):
            switch op {
            case .abs, .negate, .positive: return "the dtype of \(x)"
            case .relu: return "the dtype of \(x) (int64 for bool)"
            default: return "float32 for a float32 \(x), else float64"
            }
        case .reduction(let kind, let x):
            switch kind {
            case .sum: return "the dtype of \(x), int64 for integers and bool"
            case .mean: return "float32 for a float32 \(x), else float64"
            case .max, .min: return "the dtype of \(x)"
            case .argmax, .argmin: return "dtype int64"
            }
        case .promoted(let a, let b): return "numpy's result dtype of \(a) and \(b) (a number literal does not widen it)"
        case .joined: return "numpy's result dtype of the tensors joined"
        case .floatOf(let x): return "float32 for a float32 \(x), else float64"
        case .attention(let names):
            return "float32 when \(names.joined(separator: ", ")) (those given) are float32, else float64"
        }
    }

    /// The result dtype for a call with `arguments`; nil when an argument
    /// the rule reads is not a tensor.
    public func dtype(given arguments: Arguments) -> DType? {
        func tensor(_ name: String) -> Tensor? { arguments.values[name]?.value.tensor }
        switch self {
        case .sameAs(let x): return tensor(x)?.dtype
        case .unary(let op, let x): return tensor(x).flatMap { try? Tensor.unaryType(op, $0) }
        case .reduction(let kind, let x): return tensor(x).map { Tensor.reductionType(kind, $0.dtype) }
        case .promoted(let a, let b):
            guard let x = tensor(a), let y = tensor(b) else { return nil }
            return Tensor.resultType(x, y)
        case .joined:
            let parts = arguments.rest.compactMap(\.value.tensor)
            return parts.isEmpty ? nil : Tensor.resultType(parts)
        case .floatOf(let x): return tensor(x).map { $0.dtype == .float32 ? .float32 : .float64 }
        case .attention(let names): return Attention.computeType(names.map(tensor))
        }
    }
}

/// A builtin function: the one place its name, parameters, documentation
/// and implementation meet. Help, completion and docs/builtins.md read it.
public struct Builtin: Sendable {
    /// The groups builtins are listed under, in the order help and the docs list them.
    public enum Category: String, CaseIterable, Sendable {
        case elementwise = "Elementwise"
        case linearAlgebra = "Linear algebra"
        case reductions = "Reductions"
        case shape = "Shape"
        case construction = "Construction"
        case dtypes = "Dtypes"
        case softmax = "Softmax"
        case attention = "Attention"
        case plots = "Plots"
        case files = "Files"
        case utilities = "Utilities"
    }

    /// What a builtin gives back, by dtype: stated in its help and in
    /// docs/builtins.md, and held to what the implementation returns by a
    /// test that runs every example.
    public enum Result: Sendable, Equatable, CustomStringConvertible {
        /// A tensor of this dtype, whatever the arguments.
        case tensor(DType)
        /// A tensor whose dtype follows from the arguments' by numpy's rules,
        /// decided by the same core functions the implementation calls.
        case rule(DTypeRule)
        /// A tensor of the dtype a file holds (`load`).
        case fileDType
        case string
        /// A heatmap, drawn where it is shown (`heatmap`).
        case heatmap
        /// Documentation text (`help`).
        case text
        /// Nothing to show: the builtin is called for its effect.
        case nothing

        public var description: String {
            switch self {
            case .tensor(let dtype): return "a \(dtype.rawValue) tensor"
            case .rule(let rule): return "a tensor of \(rule)"
            case .fileDType: return "a tensor of the dtype the file holds (see below); float64 for .csv"
            case .string: return "a string"
            case .heatmap: return "a heatmap, drawn where it is shown"
            case .text: return "documentation text"
            case .nothing: return "nothing (it is called for its effect)"
            }
        }

        /// Whether `value` is what this promises for a call with `arguments`.
        public func admits(_ value: Value, given arguments: Arguments) -> Bool {
            switch (self, value) {
            case (.tensor(let dtype), .tensor(let t)): return t.dtype == dtype
            case (.rule(let rule), .tensor(let t)): return rule.dtype(given: arguments).map { $0 == t.dtype } ?? false
            case (.fileDType, .tensor), (.string, .string), (.heatmap, .heatmap), (.text, .doc), (.nothing, .nothing): return true
            default: return false
            }
        }
    }

    /// Its name, parameters and how a call binds to them.
    public let signature: Signature
    public let category: Category
    /// One line: what it computes.
    public let summary: String
    /// What it returns, by dtype.
    public let result: Result
    /// The formula, shapes and edge cases (nan, inf, empty, masked).
    public let details: String
    /// An example call and its result, as attn prints it: `# => value` after
    /// a statement claims its value, `# prints: text` what it prints. A test
    /// runs every example and checks its claims.
    public let example: String
    let implementation: @Sendable (Arguments, Interpreter) throws(Diagnostic) -> Value

    /// `result` defaults to float64, what every computing builtin returns
    /// until numpy's dtype rules reach it (then its entry says so).
    init(
        _ name: String, _ parameters: [Parameter] = [], variadic: String? = nil, category: Category,
        summary: String, result: Result = .tensor(.float64), details: String = "", example: String,
        _ implementation: @escaping @Sendable (Arguments, Interpreter) throws(Diagnostic) -> Value
    ) {
        self.signature = Signature(name: name, parameters: parameters, variadic: variadic)
        self.category = category
        self.summary = summary
        self.result = result
        self.details = details
        self.example = example
        self.implementation = implementation
    }

    public var name: String { signature.name }
    public var parameters: [Parameter] { signature.parameters }
    public var variadic: String? { signature.variadic }

    /// The full help text.
    public var help: String {
        var text = "\(signature)\n  \(summary)\n  Returns \(result)."
        if !details.isEmpty {
            text += "\n\n" + details.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
        }
        text += "\n\n  Example:\n" + example.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        return text
    }
}
