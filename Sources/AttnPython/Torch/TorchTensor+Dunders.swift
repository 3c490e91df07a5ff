import AttnCore
import AttnLang

/// The dunder methods of `torch.Tensor` and `nn.Parameter`: what the
/// evaluator calls for operators, comparisons, indexing, iteration,
/// truth, conversion, printing and attribute access.
enum TorchTensorClass {
    typealias Method = @Sendable (PyValue, TorchTensor, PyArgs, PyInterpreter) throws(PyError) -> PyValue

    /// A method of the class: the receiver arrives first.
    static func method(_ name: String, _ body: @escaping Method) -> PyValue {
        .builtin(PyBuiltin(name) { args, py throws(PyError) in
            guard let receiver = args.positional.first, let box = py.torchBox(receiver) else {
                throw PyError.type("descriptor '\(name)' requires a 'torch._C.TensorBase' object")
            }
            var rest = args
            rest.positional.removeFirst()
            if !rest.ranges.isEmpty { rest.ranges.removeFirst() }
            return try body(receiver, box, rest, py)
        })
    }

    static func dunders() -> [String: PyValue] {
        var d: [String: PyValue] = [:]
        d["__init__"] = tensorInit()
        d["__repr__"] = method("__repr__") { _, box, _, py throws(PyError) in
            .str(TorchPrinter.repr(box.tensor, options: py.torch.printOptions, requiresGrad: box.requiresGrad, gradFn: box.gradFn))
        }
        d["__format__"] = method("__format__") { v, box, args, py throws(PyError) in
            let spec: String
            if case .str(let s)? = args.positional.first { spec = s } else { spec = "" }
            if box.tensor.rank == 0 { return .str(try py.format(NumpyValues.pythonScalar(box.tensor, at: 0), spec)) }
            guard spec.isEmpty else { throw PyError.type("unsupported format string passed to Tensor.__format__") }
            return .str(try py.repr(v))
        }
        for (op, (name, reflected)) in PyInterpreter.dunder {
            d[name] = method(name) { v, _, args, py throws(PyError) in
                try TorchOps.binary(op, v, args.positional.first ?? .none, py)
            }
            d[reflected] = method(reflected) { v, _, args, py throws(PyError) in
                try TorchOps.binary(op, args.positional.first ?? .none, v, py)
            }
        }
        // `x += v`: in place, in x's dtype (PyTorch refuses a result of a
        // higher kind: an int64 tensor `/=` is an error).
        let inPlace: [(String, PyBinaryOp)] = [("__iadd__", .add), ("__isub__", .subtract), ("__imul__", .multiply),
                                               ("__itruediv__", .divide), ("__ifloordiv__", .floorDivide),
                                               ("__imod__", .modulo), ("__ipow__", .power), ("__imatmul__", .matmul),
                                               ("__iand__", .and), ("__ior__", .or), ("__ixor__", .xor)]
        for (name, op) in inPlace {
            d[name] = method(name) { v, box, args, py throws(PyError) in
                guard case .instance(let r) = try TorchOps.binary(op, v, args.positional.first ?? .none, py),
                      let out = r.native as? TorchTensor else { return v }
                guard TorchOps.category(out.tensor.dtype) <= TorchOps.category(box.tensor.dtype) else {
                    throw PyError.runtime("result type \(TorchMethods.dtypeWord(out.tensor.dtype)) can't be cast to the desired output type \(TorchMethods.dtypeWord(box.tensor.dtype))")
                }
                guard out.tensor.shape == box.tensor.shape else {
                    throw PyError.runtime("output with shape [\(box.tensor.shape.map(String.init).joined(separator: ", "))] doesn't match the broadcast shape [\(out.tensor.shape.map(String.init).joined(separator: ", "))]")
                }
                if box.requiresGrad && box.gradFn == nil && py.torch.gradEnabled {
                    throw PyError.runtime("a leaf Variable that requires grad is being used in an in-place operation.")
                }
                box.tensor = try PyError.core { () throws(CoreError) in try out.tensor.converted(to: box.tensor.dtype).strong }
                if out.gradFn != nil { box.gradFn = out.gradFn }
                return v
            }
        }
        let comparisons: [(String, BinaryOperation)] = [("__eq__", .equal), ("__ne__", .notEqual), ("__lt__", .less),
                                                         ("__le__", .lessEqual), ("__gt__", .greater), ("__ge__", .greaterEqual)]
        for (name, op) in comparisons {
            d[name] = method(name) { v, _, args, py throws(PyError) in
                let other = args.positional.first ?? .none
                if let r = try TorchOps.compare(op, v, other, py) { return r }
                return .bool(op == .notEqual)
            }
        }
        d["__neg__"] = method("__neg__") { _, box, _, py throws(PyError) in try TorchOps.unary(.negate, box, py) }
        d["__pos__"] = method("__pos__") { _, box, _, py throws(PyError) in try TorchOps.unary(.plus, box, py) }
        d["__invert__"] = method("__invert__") { _, box, _, py throws(PyError) in try TorchOps.unary(.invert, box, py) }
        d["__abs__"] = method("__abs__") { v, box, args, py throws(PyError) in try TorchMethods.call("abs", v, box, args, py) }
        d["__len__"] = method("__len__") { _, box, _, _ throws(PyError) in
            guard let n = box.tensor.shape.first else { throw PyError.type("len() of a 0-d tensor") }
            return .int(Int64(n))
        }
        d["__bool__"] = method("__bool__") { _, box, _, _ throws(PyError) in
            guard box.tensor.count == 1 else {
                throw PyError.runtime("Boolean value of Tensor with \(box.tensor.count == 0 ? "no values" : "more than one value") is ambiguous")
            }
            return .bool((box.tensor.scalarValue ?? 0) != 0)
        }
        d["__float__"] = method("__float__") { _, box, _, _ throws(PyError) in
            guard box.tensor.count == 1 else { throw PyError.value("only one element tensors can be converted to Python scalars") }
            return .float(box.tensor.scalarValue ?? 0)
        }
        for name in ["__int__", "__index__"] {
            d[name] = method(name) { _, box, _, _ throws(PyError) in
                guard box.tensor.count == 1 else { throw PyError.value("only one element tensors can be converted to Python scalars") }
                if name == "__index__" && box.tensor.dtype.isFloatingPoint {
                    throw PyError.type("only integer tensors of a single element can be converted to an index")
                }
                let x = box.tensor.scalarValue ?? 0
                guard x.isFinite, let i = Int64(exactly: x.rounded(.towardZero)) else { throw PyError.value("cannot convert float \(x) to integer") }
                return .int(i)
            }
        }
        d["__iter__"] = method("__iter__") { _, box, _, py throws(PyError) in
            let t = box.tensor
            guard t.rank > 0 else { throw PyError.type("iteration over a 0-d tensor") }
            var i = 0
            let n = t.shape[0]
            return .iterator(PyIterator(PyClass.arrayIterator) { () throws(PyError) in
                guard i < n else { return nil }
                defer { i += 1 }
                try PyError.checkInterrupt()
                let row = try PyError.core { () throws(CoreError) in try t.index([.at(i)]) }
                return py.torchResult(row, [box], "UnbindBackward0")
            })
        }
        d["__getitem__"] = method("__getitem__") { _, box, args, py throws(PyError) in
            try TorchIndexing.get(box, args.positional.first ?? .none, py)
        }
        d["__setitem__"] = method("__setitem__") { _, box, args, py throws(PyError) in
            guard args.positional.count == 2 else { throw PyError.type("__setitem__ expects a key and a value") }
            try TorchIndexing.set(box, args.positional[0], args.positional[1], py)
            return .none
        }
        d["__getattr__"] = method("__getattr__") { v, box, args, py throws(PyError) in
            guard case .str(let name)? = args.positional.first else { throw PyError.type("attribute name must be string") }
            return try TorchMethods.attribute(name, v, box, py)
        }
        d["__setattr__"] = method("__setattr__") { v, box, args, py throws(PyError) in
            guard args.positional.count == 2, case .str(let name) = args.positional[0] else { throw PyError.type("__setattr__ expects a name and a value") }
            let value = args.positional[1]
            switch name {
            case "requires_grad":
                try TorchMethods.setRequiresGrad(box, try py.truthy(value))
            case "data":
                guard let other = py.torchBox(value) else { throw PyError.type("data must be a Tensor") }
                box.tensor = other.tensor
            case "grad":
                guard value.isNone else { throw PyError.unsupported("attn's torch has no autograd: a tensor's grad is always None") }
            default:
                if case .instance(let i) = v { i.dict[name] = value }
            }
            return .none
        }
        return d
    }

    /// `torch.Tensor(data)` (float32 data) and `torch.Tensor(2, 3)` (a
    /// tensor of that size: zeros, where PyTorch leaves memory uninitialised).
    static func tensorInit() -> PyValue {
        .builtin(PyBuiltin("__init__") { args, py throws(PyError) in
            guard case .instance(let instance)? = args.positional.first else { return .none }
            let rest = Array(args.positional.dropFirst())
            let t: Tensor
            if rest.isEmpty {
                t = Tensor.empty0
            } else if rest.allSatisfy({ $0.asIndex != nil }) || (rest.count == 1 && TorchSize.dims(rest[0]) != nil) {
                let shape = try py.torchSizeArguments(rest)
                t = try PyError.core { () throws(CoreError) in try Tensor.zeros(shape, dtype: .float32) }
            } else {
                t = try py.torchData(rest[0], dtype: .float32)
            }
            instance.native = TorchTensor(t)
            return .none
        })
    }

    /// `nn.Parameter(data, requires_grad=True)`.
    static func parameterDict() -> [String: PyValue] {
        var d: [String: PyValue] = [:]
        d["__init__"] = .builtin(PyBuiltin("__init__") { args, py throws(PyError) in
            let v = try args.bind("Parameter", ["self", "data", "requires_grad"], required: 1)
            guard case .instance(let instance)? = v[0] else { return .none }
            var t = Tensor.empty0
            if let data = v[1], !data.isNone {
                guard let box = py.torchBox(data) else {
                    throw PyError.type("Parameter.__new__() argument 'data' must be Tensor, not \(data.pyType.name)")
                }
                t = box.tensor
            }
            instance.native = TorchTensor(t, requiresGrad: try py.torchFlag(v[2], true))
            return .none
        })
        d["__repr__"] = method("__repr__") { _, box, _, py throws(PyError) in
            .str(TorchPrinter.parameterRepr(box.tensor, options: py.torch.printOptions, requiresGrad: box.requiresGrad))
        }
        return d
    }
}

extension Tensor {
    /// `torch.empty(0)`.
    static var empty0: Tensor { Tensor(unchecked: [0], storage: .float32([])) }
}
