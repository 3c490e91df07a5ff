import AttnCore
import AttnLang

/// The methods every nn.Module has, and its repr as PyTorch prints it:
/// `Name(extra)` for a leaf, else `Name(` then the extra lines and one
/// `(child): repr` line per submodule indented by two, then `)`;
/// ModuleList folds runs of equal children into `(0-1): 2 x Child(...)`.
enum TorchNNMethods {
    typealias Method = @Sendable (PyValue, NNModuleBox, PyArgs, PyInterpreter) throws(PyError) -> PyValue

    /// `(prefix + name, value)` for the module's parameters, then its
    /// children's, depth first, each object once.
    static func namedParameters(_ b: NNModuleBox, prefix: String = "", buffers: Bool = false, seen: inout Set<ObjectIdentifier>) -> [(String, PyValue)] {
        var out: [(String, PyValue)] = []
        for (name, value) in buffers ? b.buffers : b.parameters {
            guard case .instance(let i) = value else { continue }
            if seen.insert(ObjectIdentifier(i)).inserted { out.append((prefix + name, value)) }
        }
        for (name, child) in b.modules {
            guard let cb = TorchNN.box(child) else { continue }
            out += namedParameters(cb, prefix: prefix + name + ".", buffers: buffers, seen: &seen)
        }
        return out
    }

    static func namedModules(_ v: PyValue, prefix: String = "") -> [(String, PyValue)] {
        guard let b = TorchNN.box(v) else { return [] }
        var out = [(prefix, v)]
        for (name, child) in b.modules { out += namedModules(child, prefix: prefix.isEmpty ? name : prefix + "." + name) }
        return out
    }

    static func generator(_ items: [PyValue]) -> PyValue {
        var i = 0
        return .iterator(PyIterator(PyClass.generator) { () throws(PyError) in
            guard i < items.count else { return nil }
            defer { i += 1 }
            return items[i]
        })
    }

    static func setMode(_ v: PyValue, _ training: Bool) {
        for (_, m) in namedModules(v) { TorchNN.box(m)?.training = training }
    }

    static let table: [String: Method] = makeTable()

    private static func makeTable() -> [String: Method] {
        var m: [String: Method] = [:]
        m.set("parameters") { _, b, _, _ throws(PyError) in
            var seen: Set<ObjectIdentifier> = []
            return generator(namedParameters(b, seen: &seen).map(\.1))
        }
        m.set("named_parameters") { _, b, _, _ throws(PyError) in
            var seen: Set<ObjectIdentifier> = []
            return generator(namedParameters(b, seen: &seen).map { .tuple([.str($0.0), $0.1]) })
        }
        m.set("buffers") { _, b, _, _ throws(PyError) in
            var seen: Set<ObjectIdentifier> = []
            return generator(namedParameters(b, buffers: true, seen: &seen).map(\.1))
        }
        m.set("named_buffers") { _, b, _, _ throws(PyError) in
            var seen: Set<ObjectIdentifier> = []
            return generator(namedParameters(b, buffers: true, seen: &seen).map { .tuple([.str($0.0), $0.1]) })
        }
        m.set("children") { _, b, _, _ throws(PyError) in generator(b.modules.map(\.value)) }
        m.set("named_children") { _, b, _, _ throws(PyError) in generator(b.modules.map { .tuple([.str($0.name), $0.value]) }) }
        m.set("modules") { v, _, _, _ throws(PyError) in generator(namedModules(v).map(\.1)) }
        m.set("named_modules") { v, _, _, _ throws(PyError) in generator(namedModules(v).map { .tuple([.str($0.0), $0.1]) }) }
        m.set("register_buffer") { v, b, args, py throws(PyError) in
            let a = try args.bind("register_buffer", ["name", "tensor", "persistent"], required: 2)
            guard case .str(let name)? = a[0] else { throw PyError.type("buffer name should be a string") }
            let value = a[1] ?? .none
            guard value.isNone || py.torchBox(value) != nil else {
                throw PyError.type("cannot assign '\(value.typeName)' object to buffer '\(name)' (torch Tensor or None required)")
            }
            if case .instance(let inst) = v, inst.dict[name] != nil || b.parameters.contains(where: { $0.name == name }) {
                throw PyError.key("\"attribute '\(name)' already exists\"")
            }
            b.buffers.removeAll { $0.name == name }
            b.buffers.append((name, value))
            return .none
        }
        m.set("register_parameter") { v, b, args, py throws(PyError) in
            let a = try args.bind("register_parameter", ["name", "param"], required: 2)
            guard case .str(let name)? = a[0] else { throw PyError.type("parameter name should be a string") }
            b.parameters.removeAll { $0.name == name }
            b.parameters.append((name, a[1] ?? .none))
            return .none
        }
        m.set("add_module") { v, b, args, py throws(PyError) in
            let a = try args.bind("add_module", ["name", "module"], required: 2)
            guard case .str(let name)? = a[0] else { throw PyError.type("module name should be a string") }
            b.modules.removeAll { $0.name == name }
            b.modules.append((name, a[1] ?? .none))
            return .none
        }
        m["register_module"] = m["add_module"]
        m.set("append") { v, b, args, _ throws(PyError) in
            guard let module = args.positional.first else { throw PyError.type("append() takes a module") }
            b.modules.append((String(b.modules.count), module))
            return v
        }
        m.set("eval") { v, _, _, _ throws(PyError) in
            setMode(v, false)
            return v
        }
        m.set("train") { v, _, args, py throws(PyError) in
            let a = try args.bind("train", ["mode"])
            setMode(v, try py.torchFlag(a[0], true))
            return v
        }
        m.set("zero_grad") { _, _, _, _ throws(PyError) in .none }
        m.set("to") { v, _, _, _ throws(PyError) in v }
        m.set("cpu") { v, _, _, _ throws(PyError) in v }
        m.set("cuda") { _, _, _, _ throws(PyError) in throw PyError.unsupported("attn's torch runs on the CPU only: there is no CUDA") }
        m.set("requires_grad_") { v, b, args, py throws(PyError) in
            let a = try args.bind("requires_grad_", ["requires_grad"])
            let flag = try py.torchFlag(a[0], true)
            var seen: Set<ObjectIdentifier> = []
            for (_, p) in namedParameters(b, seen: &seen) { py.torchBox(p)?.requiresGrad = flag }
            return v
        }
        m.set("state_dict") { _, b, _, _ throws(PyError) in
            let d = PyDict()
            var seen: Set<ObjectIdentifier> = []
            for (name, p) in namedParameters(b, seen: &seen) + namedParameters(b, buffers: true, seen: &seen) { d.set(.str(name), .str(name), p) }
            return .dict(d)
        }
        m.set("extra_repr") { _, b, _, _ throws(PyError) in .str(b.layer.map(TorchNNLayers.extraRepr) ?? "") }
        return m
    }

    /// PyTorch's `Module.__repr__`.
    static func repr(_ v: PyValue, _ py: PyInterpreter) throws(PyError) -> String {
        guard case .instance(let inst) = v, let b = TorchNN.box(v) else { return try py.repr(v) }
        var extra: String
        if let method = inst.cls.lookup("extra_repr") {
            guard case .str(let s) = try py.call(.method(PyBoundMethod(method.value, receiver: v)), PyArgs([], callRange: SourceRange(0, 0))) else {
                throw PyError.type("extra_repr must return a str")
            }
            extra = s
        } else {
            extra = b.layer.map(TorchNNLayers.extraRepr) ?? ""
        }
        var lines: [String] = extra.isEmpty ? [] : extra.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var children: [(String, String)] = []
        for (name, child) in b.modules { children.append((name, try py.repr(child))) }
        if case .moduleList? = b.layer {
            var i = 0
            while i < children.count {
                var j = i
                while j + 1 < children.count && children[j + 1].1 == children[i].1 { j += 1 }
                let key = i == j ? children[i].0 : "\(children[i].0)-\(children[j].0)"
                let body = i == j ? children[i].1 : "\(j - i + 1) x \(children[i].1)"
                lines.append("(\(key)): " + indent(body))
                i = j + 1
            }
        } else {
            for (name, text) in children { lines.append("(\(name)): " + indent(text)) }
        }
        let name = inst.cls.name
        if lines.isEmpty { return name + "()" }
        if children.isEmpty && lines.count == 1 { return "\(name)(\(lines[0]))" }
        return name + "(\n  " + lines.joined(separator: "\n  ") + "\n)"
    }

    /// Every line after the first indented by two spaces (`_addindent`).
    static func indent(_ s: String) -> String {
        let parts = s.split(separator: "\n", omittingEmptySubsequences: false)
        guard parts.count > 1 else { return s }
        return parts[0] + "\n" + parts.dropFirst().map { "  " + $0 }.joined(separator: "\n")
    }
}
