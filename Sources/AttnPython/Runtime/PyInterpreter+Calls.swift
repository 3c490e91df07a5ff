import AttnCore
import AttnLang

/// Calling things: functions (binding arguments to parameters with
/// CPython's messages), builtins, bound methods, classes (construction and
/// `__init__`), and instances with `__call__`.
extension PyInterpreter {
    func call(_ callee: PyValue, _ args: PyArgs) throws(PyError) -> PyValue {
        try checkInterrupt(at: args.callRange)
        switch callee {
        case .function(let f):
            return try callFunction(f, args, receiver: nil)
        case .builtin(let b):
            return try b.body(args, self)
        case .method(let m):
            if case .function(let f) = m.function { return try callFunction(f, args, receiver: m.receiver) }
            var a = args
            a.positional.insert(m.receiver, at: 0)
            if !a.ranges.isEmpty { a.ranges.insert(args.callRange, at: 0) }
            return try call(m.function, a)
        case .type(let cls):
            return try construct(cls, args)
        case .instance(let inst):
            if let method = inst.cls.lookup("__call__") {
                return try call(.method(PyBoundMethod(method.value, receiver: callee)), args)
            }
        case .inert:
            return callee
        default:
            break
        }
        throw PyError.type("'\(callee.typeName)' object is not callable")
    }

    /// Runs a Python function in a new frame.
    func callFunction(_ f: PyFunction, _ args: PyArgs, receiver: PyValue?) throws(PyError) -> PyValue {
        callDepth += 1
        defer { callDepth -= 1 }
        guard callDepth <= PyInterpreter.maxCallDepth else {
            throw PyError(.exception("RecursionError"), "maximum recursion depth exceeded", at: args.callRange)
        }
        let frame = PyFrame(.function(f.code), enclosing: f.closure, function: f)
        try bindArguments(f, args, receiver: receiver, into: frame)
        let saved = currentFrame
        currentFrame = frame
        defer { currentFrame = saved }
        do throws(PyError) {
            switch try execute(f.code.body, frame) {
            case .returnValue(let v): return v
            case .normal, .breakLoop, .continueLoop: return .none
            }
        } catch {
            var e = error
            if e.source == nil && e.range != nil { e.source = f.code.source }
            throw e
        }
    }

    /// Binds a call's arguments to `f`'s parameters, as CPython does, with its messages.
    private func bindArguments(_ f: PyFunction, _ args: PyArgs, receiver: PyValue?, into frame: PyFrame) throws(PyError) {
        let code = f.code
        let name = "\(f.qualifiedName)()"
        var positional = args.positional
        if let receiver { positional.insert(receiver, at: 0) }
        let parameters = code.positional
        let n = parameters.count
        for i in 0..<min(n, positional.count) { frame.locals[parameters[i].name] = positional[i] }
        if positional.count > n {
            if let varArgs = code.varArgs {
                frame.locals[varArgs] = .tuple(Array(positional[n...]))
            } else {
                let low = n - f.defaults.count
                let takes = low == n ? "\(n) positional argument\(n == 1 ? "" : "s")" : "from \(low) to \(n) positional arguments"
                let given = positional.count == 1 ? "1 was given" : "\(positional.count) were given"
                throw PyError.type("\(name) takes \(takes) but \(given)").located(at: args.callRange)
            }
        } else if let varArgs = code.varArgs {
            frame.locals[varArgs] = .tuple([])
        }
        let extra: PyDict? = code.varKeywords == nil ? nil : PyDict()
        var positionalOnlyAsKeyword: [String] = []
        for (key, value) in args.keywords {
            if let i = parameters.firstIndex(where: { $0.name == key }), i >= code.positionalOnly {
                guard frame.locals[key] == nil else {
                    throw PyError.type("\(name) got multiple values for argument '\(key)'").located(at: args.callRange)
                }
                frame.locals[key] = value
            } else if code.keywordOnly.contains(where: { $0.name == key }) {
                frame.locals[key] = value
            } else if let extra {
                extra.set(.str(key), .str(key), value)
            } else if parameters.prefix(code.positionalOnly).contains(where: { $0.name == key }) {
                positionalOnlyAsKeyword.append(key)
            } else {
                throw PyError.type("\(name) got an unexpected keyword argument '\(key)'").located(at: args.callRange)
            }
        }
        if !positionalOnlyAsKeyword.isEmpty {
            throw PyError.type("\(name) got some positional-only arguments passed as keyword arguments: '\(positionalOnlyAsKeyword.joined(separator: ", "))'").located(at: args.callRange)
        }
        let firstDefault = n - f.defaults.count
        var missing: [String] = []
        for i in 0..<n where frame.locals[parameters[i].name] == nil {
            if i >= firstDefault { frame.locals[parameters[i].name] = f.defaults[i - firstDefault] } else { missing.append(parameters[i].name) }
        }
        if !missing.isEmpty {
            let noun = missing.count == 1 ? "argument" : "arguments"
            throw PyError.type("\(name) missing \(missing.count) required positional \(noun): \(PyInterpreter.quotedList(missing))").located(at: args.callRange)
        }
        var missingKeywords: [String] = []
        for p in code.keywordOnly where frame.locals[p.name] == nil {
            if let d = f.keywordDefaults[p.name] { frame.locals[p.name] = d } else { missingKeywords.append(p.name) }
        }
        if !missingKeywords.isEmpty {
            let noun = missingKeywords.count == 1 ? "argument" : "arguments"
            throw PyError.type("\(name) missing \(missingKeywords.count) required keyword-only \(noun): \(PyInterpreter.quotedList(missingKeywords))").located(at: args.callRange)
        }
        if let varKeywords = code.varKeywords, let extra { frame.locals[varKeywords] = .dict(extra) }
    }

    /// `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`, as CPython lists names.
    static func quotedList(_ names: [String]) -> String {
        let quoted = names.map { "'\($0)'" }
        switch quoted.count {
        case 0: return ""
        case 1: return quoted[0]
        case 2: return "\(quoted[0]) and \(quoted[1])"
        default: return quoted.dropLast().joined(separator: ", ") + ", and " + (quoted.last ?? "")
        }
    }

    /// `Class(...)`: a built-in type's constructor, or a new instance of a
    /// user's class initialised by its `__init__`.
    func construct(_ cls: PyClass, _ args: PyArgs) throws(PyError) -> PyValue {
        if let builtin = cls.builtin { return try PyBuiltins.construct(builtin, cls, args, self) }
        let instance = PyInstance(cls)
        if cls.isException { instance.args = args.positional }
        if let (initializer, owner) = cls.lookup("__init__"), owner.builtin == nil {
            let result = try call(.method(PyBoundMethod(initializer, receiver: .instance(instance))), args)
            guard result.isNone else {
                throw PyError.type("__init__() should return None, not '\(result.typeName)'").located(at: args.callRange)
            }
        } else if !cls.isException && (!args.positional.isEmpty || !args.keywords.isEmpty) {
            throw PyError.type("\(cls.name)() takes no arguments").located(at: args.callRange)
        }
        return .instance(instance)
    }

    /// Calls `method` of `object`'s class with `object` as self, if the class has it.
    func callSpecial(_ object: PyValue, _ method: String, _ args: [PyValue]) throws(PyError) -> PyValue? {
        guard case .instance(let i) = object, let m = i.cls.lookup(method) else { return nil }
        return try call(.method(PyBoundMethod(m.value, receiver: object)), PyArgs(args, callRange: SourceRange(0, 0)))
    }
}
