import AttnCore
import AttnLang

/// `torch.Size`: a tuple of lengths that prints as `torch.Size([2, 3])`,
/// equals the tuple of the same ints, indexes (a slice is a Size),
/// unpacks, and has `numel()`.
enum TorchSize {
    static func dims(_ v: PyValue?) -> [Int]? {
        if case .instance(let i)? = v, let box = i.native as? TorchSizeBox { return box.dims }
        return nil
    }

    static func tuple(_ dims: [Int]) -> PyValue { .tuple(dims.map { .int(Int64($0)) }) }

    static func dunders() -> [String: PyValue] {
        var d: [String: PyValue] = [:]
        d["__init__"] = .builtin(PyBuiltin("__init__") { args, py throws(PyError) in
            guard case .instance(let i)? = args.positional.first else { return .none }
            let items = Array(args.positional.dropFirst())
            i.native = TorchSizeBox(items.isEmpty ? [] : try py.torchSizeArguments([items[0]]))
            return .none
        })
        func method(_ name: String, _ body: @escaping ([Int], PyArgs, PyInterpreter) throws(PyError) -> PyValue) {
            d[name] = .builtin(PyBuiltin(name) { args, py throws(PyError) in
                guard let dims = dims(args.positional.first) else { throw PyError.type("descriptor '\(name)' requires a 'torch.Size' object") }
                var rest = args
                rest.positional.removeFirst()
                return try body(dims, rest, py)
            })
        }
        method("__repr__") { dims, _, _ throws(PyError) in .str(TorchPrinter.size(dims)) }
        method("__len__") { dims, _, _ throws(PyError) in .int(Int64(dims.count)) }
        method("__iter__") { dims, _, _ throws(PyError) in tuple(dims) }
        method("__getitem__") { dims, args, py throws(PyError) in
            let item = try py.getItem(tuple(dims), args.positional.first ?? .none)
            if case .tuple(let items) = item { return py.torchSize(items.compactMap { $0.asIndex.map { Int($0) } }) }
            return item
        }
        method("__eq__") { dims, args, py throws(PyError) in
            let other = args.positional.first ?? .none
            if let o = TorchSize.dims(other) { return .bool(o == dims) }
            return .bool(try py.equal(tuple(dims), other))
        }
        method("__ne__") { dims, args, py throws(PyError) in
            let other = args.positional.first ?? .none
            if let o = TorchSize.dims(other) { return .bool(o != dims) }
            return .bool(!(try py.equal(tuple(dims), other)))
        }
        method("__hash__") { dims, _, _ throws(PyError) in .int(Int64(dims.hashValue)) }
        method("__add__") { dims, args, py throws(PyError) in
            guard case .tuple(let items)? = args.positional.first else { throw PyError.type("can only concatenate tuple to torch.Size") }
            return py.torchSize(dims + items.compactMap { $0.asIndex.map { Int($0) } })
        }
        method("__radd__") { dims, args, py throws(PyError) in
            guard case .tuple(let items)? = args.positional.first else { throw PyError.type("can only concatenate tuple to torch.Size") }
            return py.torchSize(items.compactMap { $0.asIndex.map { Int($0) } } + dims)
        }
        method("__getattr__") { dims, args, py throws(PyError) in
            guard case .str(let name)? = args.positional.first else { return .none }
            switch name {
            case "numel": return .builtin(PyBuiltin("numel") { _, _ throws(PyError) in .int(Int64(dims.reduce(1, *))) })
            case "index", "count":
                return try py.getAttribute(tuple(dims), name)
            default: throw PyError.attribute("'torch.Size' object has no attribute '\(name)'")
            }
        }
        return d
    }
}
