import AttnCore
import AttnLang

extension PyInterpreter {
    func evaluate(_ expr: PyExpr, _ frame: PyFrame) throws(PyError) -> PyValue {
        switch expr {
        case .name(let name, let range):
            return try lookup(name, frame, range)
        case .constant(let c, _):
            switch c {
            case .none: return .none
            case .true: return .bool(true)
            case .false: return .bool(false)
            case .ellipsis: return .ellipsis
            case .int(let v): return .int(v)
            case .float(let v): return .float(v)
            case .string(let s): return .str(s)
            }
        case .formatted(let parts, let range):
            return .str(try formatted(parts, range, frame))
        case .unary(let op, let operand, let range):
            let value = try evaluate(operand, frame)
            do throws(PyError) { return try unary(op, value) } catch { throw error.located(at: range) }
        case .binary(let op, let a, let b, let range):
            let x = try evaluate(a, frame)
            let y = try evaluate(b, frame)
            do throws(PyError) { return try binary(op, x, y) } catch { throw error.located(at: range) }
        case .logical(let isAnd, let a, let b, _):
            let x = try evaluate(a, frame)
            let decided = try truthy(x, at: a.range) != isAnd
            return decided ? x : try evaluate(b, frame)
        case .not(let operand, _):
            return .bool(!(try truthy(try evaluate(operand, frame), at: operand.range)))
        case .compare(let first, let rest, let range):
            var left = try evaluate(first, frame)
            var result = PyValue.bool(true)
            for (n, (op, e)) in rest.enumerated() {
                let right = try evaluate(e, frame)
                do throws(PyError) { result = try compare(op, left, right) } catch { throw error.located(at: range) }
                if n < rest.count - 1, !(try truthy(result, at: range)) { return result }
                left = right
            }
            return result
        case .conditional(let condition, let yes, let no, _):
            return try evaluate(try truthy(try evaluate(condition, frame), at: condition.range) ? yes : no, frame)
        case .lambda(let code, _):
            return .function(try makeFunction(code, frame))
        case .call(let callee, let arguments, let range):
            return try evaluateCall(callee, arguments, range, frame)
        case .attribute(let base, let name, _, let range):
            let object = try evaluate(base, frame)
            do throws(PyError) { return try getAttribute(object, name) } catch { throw error.located(at: range) }
        case .subscription(let base, let index, let range):
            let object = try evaluate(base, frame)
            let key = try evaluate(index, frame)
            do throws(PyError) { return try getItem(object, key) } catch { throw error.located(at: range) }
        case .slice(let start, let stop, let step, _):
            func part(_ e: PyExpr?) throws(PyError) -> PyValue { try e.map { (x: PyExpr) throws(PyError) in try evaluate(x, frame) } ?? .none }
            return .slice(PySlice(try part(start), try part(stop), try part(step)))
        case .tuple(let items, _):
            return .tuple(try elements(items, frame))
        case .list(let items, _):
            return .list(PyList(try elements(items, frame)))
        case .set(let items, _):
            let set = PySet()
            for v in try elements(items, frame) { try set.insert(v) }
            return .set(set)
        case .dict(let items, let range):
            let dict = PyDict()
            for item in items {
                switch item {
                case .pair(let k, let v):
                    let key = try evaluate(k, frame)
                    let value = try evaluate(v, frame)
                    do throws(PyError) { dict.set(key, try PyKey(key), value) } catch { throw error.located(at: k.range) }
                case .unpacked(let e):
                    let other = try evaluate(e, frame)
                    do throws(PyError) { try update(dict, with: other) } catch { throw error.located(at: e.range) }
                }
                try PyInterpreter.checkLength(dict.count, "dict", at: range)
            }
            return .dict(dict)
        case .starred(_, let range):
            throw PyError(.exception("SyntaxError"), "can't use starred expression here", at: range)
        case .comprehension(let kind, let element, let clauses, let range):
            return try comprehension(kind, element, clauses, range, frame)
        case .dictComprehension(let key, let value, let clauses, let range):
            let dict = PyDict()
            let scope = PyFrame(.comprehension(PyInterpreter.comprehensionNames(clauses)), enclosing: frame, function: frame.function)
            try runClauses(clauses, 0, scope, outer: frame, range) { () throws(PyError) in
                let k = try evaluate(key, scope)
                let v = try evaluate(value, scope)
                do throws(PyError) { dict.set(k, try PyKey(k), v) } catch { throw error.located(at: key.range) }
                try PyInterpreter.checkLength(dict.count, "dict", at: range)
            }
            return .dict(dict)
        }
    }

    /// The items of a tuple, list or set display, with `*xs` spread out.
    private func elements(_ items: [PyExpr], _ frame: PyFrame) throws(PyError) -> [PyValue] {
        var out: [PyValue] = []
        out.reserveCapacity(items.count)
        for item in items {
            if case .starred(let inner, let range) = item {
                let value = try evaluate(inner, frame)
                do throws(PyError) { out += try materialize(value) } catch { throw error.located(at: range) }
                try PyInterpreter.checkLength(out.count, "sequence", at: range)
            } else {
                out.append(try evaluate(item, frame))
            }
        }
        return out
    }

    // MARK: - Comprehensions

    /// The names a comprehension's `for` clauses bind (its own scope).
    static func comprehensionNames(_ clauses: [PyComprehensionClause]) -> Set<String> {
        var names: Set<String> = []
        for case .for(let target, _) in clauses { names.formUnion(NameScope.targetNames(target)) }
        return names
    }

    /// A list, set or generator comprehension. A generator expression is
    /// evaluated at once into an iterator over its values (attn has no lazy
    /// generators; see docs/python.md).
    private func comprehension(_ kind: PyComprehensionKind, _ element: PyExpr, _ clauses: [PyComprehensionClause],
                               _ range: SourceRange, _ frame: PyFrame) throws(PyError) -> PyValue {
        var values: [PyValue] = []
        let set = PySet()
        let scope = PyFrame(.comprehension(PyInterpreter.comprehensionNames(clauses)), enclosing: frame, function: frame.function)
        try runClauses(clauses, 0, scope, outer: frame, range) { () throws(PyError) in
            let v = try evaluate(element, scope)
            if kind == .set {
                do throws(PyError) { try set.insert(v) } catch { throw error.located(at: element.range) }
            } else {
                values.append(v)
                try PyInterpreter.checkLength(values.count, "list", at: range)
            }
        }
        switch kind {
        case .list: return .list(PyList(values))
        case .set: return .set(set)
        case .generator: return .iterator(PyInterpreter.iterator(over: values, PyClass.generator))
        }
    }

    /// Runs the clauses from `index` on, calling `body` for every binding
    /// that passes them. The first iterable is evaluated in the enclosing
    /// scope, the others in the comprehension's, as in Python.
    private func runClauses(_ clauses: [PyComprehensionClause], _ index: Int, _ scope: PyFrame, outer: PyFrame,
                            _ range: SourceRange, _ body: () throws(PyError) -> Void) throws(PyError) {
        guard index < clauses.count else { return try body() }
        switch clauses[index] {
        case .if(let condition):
            if try truthy(try evaluate(condition, scope), at: condition.range) {
                try runClauses(clauses, index + 1, scope, outer: outer, range, body)
            }
        case .for(let target, let iterableExpr):
            let iterable = try evaluate(iterableExpr, index == 0 ? outer : scope)
            let iterator: PyIterator
            do throws(PyError) { iterator = try makeIterator(iterable) } catch { throw error.located(at: iterableExpr.range) }
            while let value = try iterator.next() {
                try checkInterrupt(at: range)
                try assign(target, value, scope)
                try runClauses(clauses, index + 1, scope, outer: outer, range, body)
            }
        }
    }

    // MARK: - Calls

    private func evaluateCall(_ calleeExpr: PyExpr, _ arguments: [PyArgument], _ range: SourceRange, _ frame: PyFrame) throws(PyError) -> PyValue {
        // `obj.method(...)` on a built-in value calls the method without
        // making a bound-method object first.
        var receiver: PyValue?
        var methodName: String?
        let callee: PyValue
        if case .attribute(let base, let name, _, let attrRange) = calleeExpr {
            let object = try evaluate(base, frame)
            if PyMethods.has(object, name) {
                receiver = object
                methodName = name
                callee = .none
            } else {
                do throws(PyError) { callee = try getAttribute(object, name) } catch { throw error.located(at: attrRange) }
            }
        } else {
            callee = try evaluate(calleeExpr, frame)
        }
        var args = PyArgs([], callRange: range)
        args.positional.reserveCapacity(arguments.count)
        for argument in arguments {
            switch argument {
            case .positional(let e):
                args.positional.append(try evaluate(e, frame))
                args.ranges.append(e.range)
            case .keyword(let name, let e, let nameRange):
                let value = try evaluate(e, frame)
                if args.keywords.contains(where: { $0.name == name }) {
                    throw PyError(.exception("SyntaxError"), "keyword argument repeated: \(name)", at: nameRange)
                }
                args.keywords.append((name, value))
            case .unpacked(let e):
                let value = try evaluate(e, frame)
                let items: [PyValue]
                do throws(PyError) { items = try materialize(value) } catch {
                    throw PyError.type("argument after * must be an iterable, not \(value.typeName)").located(at: e.range)
                }
                args.positional += items
                args.ranges += Array(repeating: e.range, count: items.count)
            case .unpackedKeywords(let e):
                let value = try evaluate(e, frame)
                guard case .dict(let dict) = value else {
                    throw PyError.type("argument after ** must be a mapping, not \(value.typeName)").located(at: e.range)
                }
                for (k, v) in dict.entries {
                    guard case .str(let name) = k else { throw PyError.type("keywords must be strings").located(at: e.range) }
                    if args.keywords.contains(where: { $0.name == name }) {
                        throw PyError.type("got multiple values for keyword argument '\(name)'").located(at: e.range)
                    }
                    args.keywords.append((name, v))
                }
            }
        }
        do throws(PyError) {
            if let receiver, let methodName { return try PyMethods.call(receiver, methodName, args, self) }
            return try call(callee, args)
        } catch {
            throw error.located(at: range)
        }
    }
}
