import AttnCore
import AttnLang

/// How a statement ended: on to the next one, or out of a loop or function.
enum PyFlow {
    case normal, breakLoop, continueLoop
    case returnValue(PyValue)
}

extension PyInterpreter {
    /// Runs statements in order until one leaves the block.
    func execute(_ body: [PyStmt], _ frame: PyFrame) throws(PyError) -> PyFlow {
        for statement in body {
            let flow = try execute(statement, frame)
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    func execute(_ statement: PyStmt, _ frame: PyFrame) throws(PyError) -> PyFlow {
        switch statement {
        case .expression(let e, _):
            _ = try evaluate(e, frame)
        case .assign(let targets, let value, _):
            let v = try evaluate(value, frame)
            for target in targets { try assign(target, v, frame) }
        case .augmented(let target, let op, let value, let range):
            try augmented(target, op, value, range, frame)
        case .annotated(let target, let value, _):
            if let value { try assign(target, try evaluate(value, frame), frame) }
        case .function(let code, let decorators, _):
            var value = PyValue.function(try makeFunction(code, frame))
            value = try decorate(value, decorators, frame)
            bind(code.name, value, frame)
        case .class(let code, let decorators, _):
            let value = try decorate(.type(try defineClass(code, frame)), decorators, frame)
            bind(code.name, value, frame)
        case .return(let value, _):
            return .returnValue(try value.map { (e: PyExpr) throws(PyError) in try evaluate(e, frame) } ?? .none)
        case .if(let branches, let orElse, _):
            for (condition, body) in branches where try truthy(try evaluate(condition, frame), at: condition.range) {
                return try execute(body, frame)
            }
            return try execute(orElse, frame)
        case .while(let condition, let body, let orElse, let range):
            while try truthy(try evaluate(condition, frame), at: condition.range) {
                try checkInterrupt(at: range)
                switch try execute(body, frame) {
                case .breakLoop: return .normal
                case .normal, .continueLoop: continue
                case .returnValue(let v): return .returnValue(v)
                }
            }
            return try execute(orElse, frame)
        case .for(let target, let iterable, let body, let orElse, let range):
            return try forLoop(target, try evaluate(iterable, frame), iterable.range, body, orElse, range, frame)
        case .break:
            return .breakLoop
        case .continue:
            return .continueLoop
        case .pass:
            break
        case .assert(let test, let message, let range):
            if !(try truthy(try evaluate(test, frame), at: test.range)) {
                let text = try message.map { (e: PyExpr) throws(PyError) in try str(try evaluate(e, frame)) } ?? ""
                throw PyError(.exception("AssertionError"), text, at: range)
            }
        case .delete(let targets, _):
            for target in targets { try delete(target, frame) }
        case .with(let items, let body, let range):
            return try with(items, body, range, frame)
        case .import(let names, _):
            for name in names {
                let module = try importModule(name.dotted, at: name.range)
                if let alias = name.alias {
                    bind(alias, .module(module), frame)
                } else {
                    bind(name.dotted[0], .module(try importModule([name.dotted[0]], at: name.range)), frame)
                }
            }
        case .importFrom(let moduleName, let names, _):
            let module = try importModule(moduleName.dotted, at: moduleName.range)
            guard let names else {
                for (key, value) in module.dict.sorted(by: { $0.key < $1.key }) where !key.hasPrefix("_") { bind(key, value, frame) }
                break
            }
            for name in names {
                bind(name.alias ?? name.name, try importName(name.name, from: module, at: name.range), frame)
            }
        case .global, .nonlocal:
            break
        case .raise(let value, let range):
            throw try raise(value, range, frame)
        case .try(let body, let handlers, let orElse, let final, _):
            return try tryStatement(body, handlers, orElse: orElse, finally: final, frame)
        }
        return .normal
    }

    // MARK: - try

    /// `try`/`except`/`else`/`finally` as Python runs it: the first handler
    /// whose class matches the exception runs (its `as` name bound to the
    /// exception, and unbound after, as in Python 3); `else` runs when the
    /// body raised nothing and did not leave; `finally` always runs, and a
    /// `return`, `break` or `continue` in it wins over what was pending. A
    /// stop request (Ctrl-C, a time limit) and a construct attn cannot run
    /// are not exceptions: no handler catches them.
    private func tryStatement(_ body: [PyStmt], _ handlers: [PyExceptHandler], orElse: [PyStmt], finally final: [PyStmt],
                              _ frame: PyFrame) throws(PyError) -> PyFlow {
        var flow = PyFlow.normal
        var pending: PyError?
        do throws(PyError) {
            var raised = false
            do throws(PyError) {
                flow = try execute(body, frame)
            } catch {
                raised = true
                guard error.exceptionName != nil, let (handler, instance) = try handler(for: error, in: handlers, frame) else { throw error }
                if let name = handler.name { bind(name, .instance(instance), frame) }
                activeExceptions.append(error)
                defer {
                    activeExceptions.removeLast()
                    if let name = handler.name { try? unbind(name, frame, handler.range) }
                }
                flow = try execute(handler.body, frame)
            }
            if !raised, case .normal = flow { flow = try execute(orElse, frame) }
        } catch {
            if error.kind == .interrupted { throw error }
            pending = error
        }
        if !final.isEmpty {
            let finalFlow = try execute(final, frame)
            if case .normal = finalFlow {} else { return finalFlow }
        }
        if let pending { throw pending }
        return flow
    }

    /// The first of `handlers` that catches `error`, with the exception object it binds.
    private func handler(for error: PyError, in handlers: [PyExceptHandler], _ frame: PyFrame) throws(PyError) -> (PyExceptHandler, PyInstance)? {
        let instance = exceptionObject(for: error)
        for handler in handlers {
            guard let typeExpression = handler.type else { return (handler, instance) }
            let type = try evaluate(typeExpression, frame)
            let classes: [PyValue]
            if case .tuple(let items) = type { classes = items } else { classes = [type] }
            for candidate in classes {
                guard case .type(let cls) = candidate, cls.isException else {
                    throw PyError.type("catching classes that do not inherit from BaseException is not allowed").located(at: typeExpression.range)
                }
                if instance.cls.isSubclass(of: cls) { return (handler, instance) }
            }
        }
        return nil
    }

    /// The exception object of `error`: the one `raise` made, when this is
    /// its error; else a new instance of the built-in class it names (an
    /// exception of attn's own operations), its message the argument.
    private func exceptionObject(for error: PyError) -> PyInstance {
        let name = error.exceptionName ?? "Exception"
        if let raised = lastRaised, raised.error.exceptionName == name, raised.error.message == error.message {
            return raised.instance
        }
        let instance = PyInstance(PyClass.exceptions[name] ?? PyClass.exception)
        var message = error.message
        // A KeyError's message is its key's repr; its argument is the key.
        if name == "KeyError", message.count >= 2, let first = message.first, first == "'" || first == "\"", message.last == first {
            message = String(message.dropFirst().dropLast())
        }
        instance.args = message.isEmpty ? [] : [.str(message)]
        return instance
    }

    // MARK: - Assignment

    /// Binds `value` to a target: a name, an attribute, a subscript, or a
    /// tuple/list of targets (one of them starred) that unpacks it.
    func assign(_ target: PyExpr, _ value: PyValue, _ frame: PyFrame) throws(PyError) {
        switch target {
        case .name(let name, _):
            bind(name, value, frame)
        case .attribute(let base, let name, _, let range):
            let object = try evaluate(base, frame)
            do throws(PyError) { try setAttribute(object, name, value) } catch { throw error.located(at: range) }
        case .subscription(let base, let index, let range):
            let object = try evaluate(base, frame)
            let key = try evaluate(index, frame)
            do throws(PyError) { try setItem(object, key, value) } catch { throw error.located(at: range) }
        case .tuple(let targets, let range), .list(let targets, let range):
            let values = try unpack(value, targets, at: range)
            for (t, v) in zip(targets, values) {
                if case .starred(let inner, _) = t { try assign(inner, v, frame) } else { try assign(t, v, frame) }
            }
        case .starred(_, let r), .constant(_, let r), .formatted(_, let r), .unary(_, _, let r), .binary(_, _, _, let r),
             .logical(_, _, _, let r), .not(_, let r), .compare(_, _, let r), .conditional(_, _, _, let r), .lambda(_, let r),
             .call(_, _, let r), .slice(_, _, _, let r), .set(_, let r), .dict(_, let r), .comprehension(_, _, _, let r),
             .dictComprehension(_, _, _, let r):
            // The parser refuses these targets.
            throw PyError(.exception("SyntaxError"), "cannot assign to this expression", at: r)
        }
    }

    /// The values `value` unpacks into for `targets` (a starred target gets a list).
    func unpack(_ value: PyValue, _ targets: [PyExpr], at range: SourceRange) throws(PyError) -> [PyValue] {
        if case .inert(let i) = value { return targets.map { _ in .inert(i) } }
        let items: [PyValue]
        do throws(PyError) { items = try materialize(value) } catch { throw error.located(at: range) }
        let star = targets.firstIndex { if case .starred = $0 { return true } else { return false } }
        guard let star else {
            if items.count > targets.count {
                throw PyError.value("too many values to unpack (expected \(targets.count))").located(at: range)
            }
            if items.count < targets.count {
                throw PyError.value("not enough values to unpack (expected \(targets.count), got \(items.count))").located(at: range)
            }
            return items
        }
        let after = targets.count - star - 1
        guard items.count >= targets.count - 1 else {
            throw PyError.value("not enough values to unpack (expected at least \(targets.count - 1), got \(items.count))").located(at: range)
        }
        return Array(items[..<star]) + [.list(PyList(Array(items[star..<(items.count - after)])))] + Array(items[(items.count - after)...])
    }

    /// `target op= value`: the target is evaluated once; lists and arrays
    /// change in place (`xs += [1]` extends, `a += 1` writes into the array,
    /// keeping its dtype as numpy's in-place operators do).
    private func augmented(_ target: PyExpr, _ op: PyBinaryOp, _ value: PyExpr, _ range: SourceRange, _ frame: PyFrame) throws(PyError) {
        switch target {
        case .name(let name, let r):
            let current = try lookup(name, frame, r)
            let v = try evaluate(value, frame)
            bind(name, try inPlace(op, current, v, at: range), frame)
        case .attribute(let base, let name, _, let r):
            let object = try evaluate(base, frame)
            let current: PyValue
            do throws(PyError) { current = try getAttribute(object, name) } catch { throw error.located(at: r) }
            let v = try evaluate(value, frame)
            let result = try inPlace(op, current, v, at: range)
            do throws(PyError) { try setAttribute(object, name, result) } catch { throw error.located(at: r) }
        case .subscription(let base, let index, let r):
            let object = try evaluate(base, frame)
            let key = try evaluate(index, frame)
            let current: PyValue
            do throws(PyError) { current = try getItem(object, key) } catch { throw error.located(at: r) }
            let v = try evaluate(value, frame)
            let result = try inPlace(op, current, v, at: range)
            do throws(PyError) { try setItem(object, key, result) } catch { throw error.located(at: r) }
        case .constant, .formatted, .unary, .binary, .logical, .not, .compare, .conditional, .lambda, .call, .slice,
             .tuple, .list, .set, .dict, .starred, .comprehension, .dictComprehension:
            // The parser refuses these targets.
            throw PyError(.exception("SyntaxError"), "illegal expression for augmented assignment", at: target.range)
        }
    }

    /// `current op= v`, in place for lists, sets and arrays.
    private func inPlace(_ op: PyBinaryOp, _ current: PyValue, _ v: PyValue, at range: SourceRange) throws(PyError) -> PyValue {
        do throws(PyError) {
            switch (current, op) {
            case (.list(let list), .add):
                let extra = try materialize(v)
                try PyInterpreter.checkLength(list.items.count + extra.count, "list")
                list.items += extra
                return current
            case (.list(let list), .multiply):
                guard let n = v.asIndex else { return try binary(op, current, v) }
                let count = Int(max(0, n))
                let (total, overflow) = list.items.count.multipliedReportingOverflow(by: count)
                guard !overflow else { throw PyError.memory("a list of more than \(Int.max) items") }
                try PyInterpreter.checkLength(total, "list")
                list.items = Array([[PyValue]](repeating: list.items, count: count).joined())
                return current
            case (.array(let array), _):
                return try NumpyOps.inPlace(op, array, v, interpreter: self)
            case (.instance(let instance), _):
                // `__iadd__` and its kin, when the class has them (a torch
                // tensor's `x += 1` changes x in place); else `x = x + v`.
                if let (name, _) = PyInterpreter.dunder[op], let method = instance.cls.lookup("__i" + name.dropFirst(2)) {
                    return try call(.method(PyBoundMethod(method.value, receiver: current)), PyArgs([v], callRange: range))
                }
                return try binary(op, current, v)
            default:
                return try binary(op, current, v)
            }
        } catch {
            throw error.located(at: range)
        }
    }

    // MARK: - del

    private func delete(_ target: PyExpr, _ frame: PyFrame) throws(PyError) {
        switch target {
        case .name(let name, let range):
            try unbind(name, frame, range)
        case .attribute(let base, let name, _, let range):
            let object = try evaluate(base, frame)
            do throws(PyError) { try deleteAttribute(object, name) } catch { throw error.located(at: range) }
        case .subscription(let base, let index, let range):
            let object = try evaluate(base, frame)
            let key = try evaluate(index, frame)
            do throws(PyError) { try deleteItem(object, key) } catch { throw error.located(at: range) }
        case .tuple(let items, _), .list(let items, _):
            for item in items { try delete(item, frame) }
        case .constant, .formatted, .unary, .binary, .logical, .not, .compare, .conditional, .lambda, .call, .slice,
             .set, .dict, .starred, .comprehension, .dictComprehension:
            // The parser refuses these targets.
            throw PyError(.exception("SyntaxError"), "cannot delete this expression", at: target.range)
        }
    }

    // MARK: - Loops

    private func forLoop(_ target: PyExpr, _ iterable: PyValue, _ iterableRange: SourceRange, _ body: [PyStmt],
                         _ orElse: [PyStmt], _ range: SourceRange, _ frame: PyFrame) throws(PyError) -> PyFlow {
        // A plain name is bound directly (the common case, kept fast).
        var name: String?
        if case .name(let n, _) = target, case .module = frame.kind { name = n }
        func step(_ value: PyValue) throws(PyError) -> PyFlow {
            try checkInterrupt(at: range)
            if let name { globals[name] = value } else { try assign(target, value, frame) }
            return try execute(body, frame)
        }
        switch iterable {
        case .range(let r):
            var i: Int64 = 0
            while i < r.count {
                switch try step(.int(r.element(i))) {
                case .breakLoop: return .normal
                case .returnValue(let v): return .returnValue(v)
                case .normal, .continueLoop: break
                }
                i += 1
            }
        case .list(let list):
            // Live, as Python's list iterator: appending while looping is seen.
            var i = 0
            while i < list.items.count {
                switch try step(list.items[i]) {
                case .breakLoop: return .normal
                case .returnValue(let v): return .returnValue(v)
                case .normal, .continueLoop: break
                }
                i += 1
            }
        default:
            let iterator: PyIterator
            do throws(PyError) { iterator = try makeIterator(iterable) } catch { throw error.located(at: iterableRange) }
            while let value = try iterator.next() {
                switch try step(value) {
                case .breakLoop: return .normal
                case .returnValue(let v): return .returnValue(v)
                case .normal, .continueLoop: break
                }
            }
        }
        return try execute(orElse, frame)
    }

    // MARK: - with

    /// `with a as x, b:`: each context's `__enter__` in order, the body, then
    /// every `__exit__` in reverse order, also when the body fails.
    private func with(_ items: [(PyExpr, PyExpr?)], _ body: [PyStmt], _ range: SourceRange, _ frame: PyFrame) throws(PyError) -> PyFlow {
        var exits: [(PyValue, SourceRange)] = []
        var failure: PyError?
        var flow = PyFlow.normal
        do throws(PyError) {
            for (expression, target) in items {
                let context = try evaluate(expression, frame)
                let enter: PyValue, exit: PyValue
                do throws(PyError) {
                    enter = try getAttribute(context, "__enter__")
                    exit = try getAttribute(context, "__exit__")
                } catch {
                    throw PyError.type("'\(context.typeName)' object does not support the context manager protocol").located(at: expression.range)
                }
                let entered = try call(enter, PyArgs([], callRange: expression.range))
                exits.append((exit, expression.range))
                if let target { try assign(target, entered, frame) }
            }
            flow = try execute(body, frame)
        } catch {
            failure = error
        }
        for (exit, r) in exits.reversed() {
            do throws(PyError) { _ = try call(exit, PyArgs([.none, .none, .none], callRange: r)) } catch { if failure == nil { failure = error } }
        }
        if let failure { throw failure }
        return flow
    }

    // MARK: - Definitions

    /// A function value for `code` defined in `frame`: defaults evaluated now.
    func makeFunction(_ code: FunctionCode, _ frame: PyFrame) throws(PyError) -> PyFunction {
        var defaults: [PyValue] = []
        for p in code.positional { if let d = p.defaultValue { defaults.append(try evaluate(d, frame)) } }
        var keywordDefaults: [String: PyValue] = [:]
        for p in code.keywordOnly { if let d = p.defaultValue { keywordDefaults[p.name] = try evaluate(d, frame) } }
        var qualified = code.name
        if case .function = frame.kind, let f = frame.function { qualified = "\(f.qualifiedName).<locals>.\(code.name)" }
        return PyFunction(code: code, defaults: defaults, keywordDefaults: keywordDefaults,
                          closure: frame.closureForDefinitions, qualifiedName: qualified)
    }

    private func decorate(_ value: PyValue, _ decorators: [PyExpr], _ frame: PyFrame) throws(PyError) -> PyValue {
        var result = value
        for d in decorators.reversed() {
            let decorator = try evaluate(d, frame)
            result = try call(decorator, PyArgs([result], callRange: d.range))
        }
        return result
    }

    /// Runs a class body in its own namespace and makes the class.
    private func defineClass(_ code: ClassCode, _ frame: PyFrame) throws(PyError) -> PyClass {
        var base: PyClass = PyClass.object
        guard code.bases.count <= 1 else {
            throw PyError.unsupported("multiple inheritance is not supported yet (class \(code.name) has \(code.bases.count) bases)").located(at: code.range)
        }
        if let b = code.bases.first {
            guard case .type(let cls) = try evaluate(b, frame) else {
                throw PyError.type("a base class must be a class").located(at: b.range)
            }
            guard cls.builtin == nil || cls.builtin == .object || cls.builtin == .exception else {
                throw PyError.unsupported("subclassing the built-in type '\(cls.name)' is not supported yet").located(at: b.range)
            }
            base = cls
        }
        if let k = code.keywords.first {
            let r: SourceRange
            switch k {
            case .keyword(_, let e, _): r = e.range
            case .unpackedKeywords(let e), .unpacked(let e), .positional(let e): r = e.range
            }
            throw PyError.unsupported("class keywords (metaclass=...) are not supported yet").located(at: r)
        }
        let body = PyFrame(.classBody, enclosing: frame.closureForDefinitions)
        _ = try execute(code.body, body)
        let module = "__main__"
        let cls = PyClass(name: code.name, module: module, base: base, dict: body.locals)
        for value in body.locals.values {
            if case .function(let f) = value {
                f.definingClass = cls
                f.qualifiedName = "\(code.name).\(f.code.name)"
            } else if case .instance(let wrapper) = value, let first = wrapper.args.first, case .function(let f) = first {
                // staticmethod, classmethod and property wrap the function.
                f.definingClass = cls
                f.qualifiedName = "\(code.name).\(f.code.name)"
            }
        }
        return cls
    }

    // MARK: - raise

    private func raise(_ value: PyExpr?, _ range: SourceRange, _ frame: PyFrame) throws(PyError) -> PyError {
        guard let value else {
            // A bare `raise` in an `except` block raises what it caught.
            if let current = activeExceptions.last { return current }
            return PyError(.exception("RuntimeError"), "No active exception to reraise", at: range)
        }
        var exception = try evaluate(value, frame)
        if case .type(let cls) = exception, cls.isException {
            exception = try call(exception, PyArgs([], callRange: value.range))
        }
        guard case .instance(let instance) = exception, instance.cls.isException else {
            return PyError.type("exceptions must derive from BaseException").located(at: value.range)
        }
        var message = ""
        if instance.args.count == 1 {
            message = try str(instance.args[0])
            if instance.cls.name == "KeyError" { message = try repr(instance.args[0]) }
        } else if instance.args.count > 1 {
            message = try repr(.tuple(instance.args))
        }
        let error = PyError(.exception(instance.cls.name), message, at: range)
        lastRaised = (error, instance)
        return error
    }
}

extension PyFrame.Kind {
    var isModule: Bool {
        if case .module = self { return true }
        return false
    }
}
