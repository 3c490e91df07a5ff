import AttnLang

/// A function defined with `def` or `lambda`: its code, the defaults
/// evaluated when it was defined, and the frame it was defined in (its
/// closure: the enclosing function's variables, which it sees live).
final class PyFunction: PyTracked {
    let code: FunctionCode
    /// Defaults of the last `defaults.count` positional parameters.
    let defaults: [PyValue]
    let keywordDefaults: [String: PyValue]
    /// The frame of the function (or comprehension) it was defined in; nil
    /// at module level and directly in a class body.
    let closure: PyFrame?
    /// The class whose body defined it (for `super()`).
    var definingClass: PyClass?
    /// `Foo.method`, `outer.<locals>.inner`.
    var qualifiedName: String
    /// Attributes set on the function (`f.calls = 0`).
    var attributes: [String: PyValue] = [:]

    init(code: FunctionCode, defaults: [PyValue], keywordDefaults: [String: PyValue], closure: PyFrame?, qualifiedName: String) {
        self.code = code
        self.defaults = defaults
        self.keywordDefaults = keywordDefaults
        self.closure = closure
        self.qualifiedName = qualifiedName
        super.init(track: true)
        closure?.captured()
    }

    override func releaseReferences() {
        attributes = [:]
        definingClass = nil
    }
}

/// The arguments of a call, evaluated: positional values (with the ranges
/// they were written at), then keywords in the order written.
struct PyArgs {
    var positional: [PyValue]
    var keywords: [(name: String, value: PyValue)] = []
    /// Where each positional argument was written (empty when not known).
    var ranges: [SourceRange] = []
    /// The whole call.
    var callRange: SourceRange

    init(_ positional: [PyValue], keywords: [(name: String, value: PyValue)] = [], ranges: [SourceRange] = [], callRange: SourceRange) {
        self.positional = positional
        self.keywords = keywords
        self.ranges = ranges
        self.callRange = callRange
    }

    /// Where positional argument `i` was written (the call when not known).
    func range(_ i: Int) -> SourceRange { i < ranges.count ? ranges[i] : callRange }

    /// The keyword argument `name`, if given.
    func keyword(_ name: String) -> PyValue? { keywords.first { $0.name == name }?.value }

    /// Binds the arguments to named parameters as a built-in function does:
    /// `names` in order, the first `required` of them required; keywords
    /// may name any parameter unless it is positional-only (the first
    /// `positionalOnly`). Values come back in the order of `names`.
    func bind(_ function: String, _ names: [String], required: Int = 0, positionalOnly: Int = 0) throws(PyError) -> [PyValue?] {
        guard positional.count <= names.count else {
            let expected = required == names.count ? "exactly \(names.count)" : "at most \(names.count)"
            let noun = names.count == 1 ? "argument" : "arguments"
            throw PyError.type("\(function)() takes \(expected) \(noun) (\(positional.count) given)").located(at: callRange)
        }
        var out: [PyValue?] = positional.map { $0 } + Array(repeating: nil, count: names.count - positional.count)
        for (name, value) in keywords {
            guard let i = names.firstIndex(of: name), i >= positionalOnly else {
                throw PyError.type("\(function)() got an unexpected keyword argument '\(name)'").located(at: callRange)
            }
            guard out[i] == nil else {
                throw PyError.type("argument for \(function)() given by name ('\(name)') and position (\(i + 1))").located(at: callRange)
            }
            out[i] = value
        }
        for i in 0..<required where out[i] == nil {
            throw PyError.type("\(function)() missing required argument '\(names[i])' (pos \(i + 1))").located(at: callRange)
        }
        return out
    }

    /// Refuses keyword arguments (`len(obj=x)`).
    func noKeywords(_ function: String) throws(PyError) {
        if !keywords.isEmpty { throw PyError.type("\(function)() takes no keyword arguments").located(at: callRange) }
    }

    /// Exactly `count` positional arguments and no keywords.
    func exactly(_ count: Int, _ function: String) throws(PyError) {
        try noKeywords(function)
        guard positional.count == count else {
            let what = count == 1 ? "exactly one argument" : "exactly \(count) arguments"
            throw PyError.type("\(function)() takes \(what) (\(positional.count) given)").located(at: callRange)
        }
    }
}

/// A function written in Swift: a builtin (`len`), a method of a built-in
/// type bound to its object (`xs.append`), or a module function (`np.exp`).
final class PyBuiltin {
    typealias Body = (PyArgs, PyInterpreter) throws(PyError) -> PyValue
    let name: String
    /// The object a method is bound to.
    let receiver: PyValue?
    /// True for a method of a class attn defines in Swift (numpy's
    /// `RandomState`): found on the class through an instance, it binds to
    /// the instance as a `def` does, and its body gets the instance first.
    let bindsAsMethod: Bool
    let body: Body

    init(_ name: String, receiver: PyValue? = nil, bindsAsMethod: Bool = false, _ body: @escaping Body) {
        self.name = name
        self.receiver = receiver
        self.bindsAsMethod = bindsAsMethod
        self.body = body
    }
}

/// A function bound to the object it was looked up on (`obj.method`).
final class PyBoundMethod {
    let function: PyValue
    let receiver: PyValue
    init(_ function: PyValue, receiver: PyValue) {
        self.function = function
        self.receiver = receiver
    }
}

/// The variables of one running piece of code.
///
/// - The module's frame uses the interpreter's globals.
/// - A function's frame holds its locals; which names are local was decided
///   by the parser (`FunctionCode.locals`), so a local read before it is set
///   is an UnboundLocalError even when a global of that name exists.
/// - A comprehension's frame holds its loop variables.
/// - A class body's frame holds the class's namespace; functions defined in
///   it do not see it (they see the frame around the class).
final class PyFrame: PyTracked {
    enum Kind {
        case module
        case function(FunctionCode)
        case comprehension(Set<String>)
        case classBody
    }

    let kind: Kind
    var locals: [String: PyValue] = [:]
    /// The frame the code was written in (a closure's defining frame).
    let enclosing: PyFrame?
    /// The function running in this frame (for `super()`).
    let function: PyFunction?

    /// Whether the heap tracks it (see `captured`).
    private var tracked = false

    init(_ kind: Kind, enclosing: PyFrame?, function: PyFunction? = nil) {
        self.kind = kind
        self.enclosing = enclosing
        self.function = function
        super.init(track: false)
    }

    /// A closure or a generator keeps this frame (and the frames around it)
    /// beyond its run, so it can be on a reference cycle: tracked by the
    /// current heap. A frame nothing captured is freed when its run ends.
    func captured() {
        var frame: PyFrame? = self
        while let f = frame, !f.tracked {
            f.tracked = true
            f.trackInCurrentHeap()
            frame = f.enclosing
        }
    }

    override func releaseReferences() { locals = [:] }

    /// Whether `name` is one of this frame's own variables.
    func owns(_ name: String) -> Bool {
        switch kind {
        case .module: return false
        case .function(let code): return code.locals.contains(name)
        case .comprehension(let names): return names.contains(name)
        case .classBody: return locals[name] != nil
        }
    }

    /// The frame functions defined here close over (a class body's own
    /// enclosing frame, since methods do not see the class namespace).
    var closureForDefinitions: PyFrame? {
        switch kind {
        case .module: return nil
        case .classBody: return enclosing
        case .function, .comprehension: return self
        }
    }
}

extension PyArgs {
    /// For a method of a class defined in Swift (numpy's RandomState, a
    /// matplotlib Axes): the receiver's native state and the arguments after
    /// it, or CPython's TypeError for a receiver that does not hold one.
    func nativeReceiver<State: AnyObject>(_ method: String, of className: String) throws(PyError) -> (State, PyArgs) {
        guard case .instance(let instance)? = positional.first, let state = instance.native as? State else {
            let given = positional.first?.typeName ?? "NoneType"
            throw PyError.type("descriptor '\(method)' for '\(className)' objects doesn't apply to a '\(given)' object")
        }
        var rest = self
        rest.positional.removeFirst()
        if !rest.ranges.isEmpty { rest.ranges.removeFirst() }
        return (state, rest)
    }
}
