import AttnCore

// How PyTorch's values live in the evaluator.
//
// A torch tensor is an instance of the Python class `torch.Tensor` whose
// `native` is a `TorchTensor` box: the AttnCore tensor, `requires_grad` and
// the name of the `grad_fn` PyTorch would have attached. Being an instance,
// it gets the evaluator's operators, indexing, iteration, printing and
// formatting through its class's dunder methods (TorchTensor+Dunders.swift),
// and its attributes and methods through the class's `__getattr__`
// (TorchTensor+Methods.swift); the evaluator only learned to hand a rich
// comparison's result back as it is (`x > 0` is a tensor).
//
// `nn.Parameter` is a subclass of `torch.Tensor`; `torch.Size` an instance
// holding its lengths; `nn.Module` and the layers are classes a program can
// subclass (TorchNN.swift). There is no autograd: a result carries the
// grad_fn name of the operation that made it when an operand requires grad
// and grad mode is on, so that it prints as PyTorch prints it.

/// A torch tensor's state.
final class TorchTensor {
    var tensor: Tensor {
        // A new shape (`x.data = ...`) is laid out afresh.
        didSet { if tensor.shape != oldValue.shape { strides = TorchStrides.contiguous(tensor.shape) } }
    }
    var requiresGrad: Bool
    /// The grad_fn node's name (`MulBackward0`), nil for a leaf.
    var gradFn: String? {
        didSet { if gradFn != oldValue { gradFnNode = nil } }
    }
    /// The node object `x.grad_fn` gave (the same one each time, as in PyTorch).
    var gradFnNode: PyValue?

    /// The strides PyTorch would give it (see TorchStrides); attn's storage
    /// itself is always contiguous.
    var strides: [Int]

    init(_ tensor: Tensor, requiresGrad: Bool = false, gradFn: String? = nil) {
        self.tensor = tensor.strong
        self.strides = TorchStrides.contiguous(tensor.shape)
        self.requiresGrad = requiresGrad
        self.gradFn = gradFn
    }

    /// Whether operations on it record a grad_fn (it requires grad, or was
    /// made from something that does).
    var tracksGrad: Bool { requiresGrad || gradFn != nil }
}

/// `torch.Size`'s lengths.
final class TorchSizeBox {
    let dims: [Int]
    init(_ dims: [Int]) { self.dims = dims }
}

/// PyTorch's per-program state: one per interpreter, made when a program
/// first uses torch.
final class TorchState {
    /// The default CPU generator (`torch.manual_seed`). PyTorch seeds it
    /// from the system at start-up, so nothing drawn from it before a
    /// `manual_seed` can be reproduced; attn seeds it with the session's
    /// unseeded entropy (1635021934, the bytes "attn", as numpy's streams)
    /// and marks such draws (`PyInterpreter.unseededDraw`), so that a
    /// document's claims on them are told apart by a second run.
    let defaultGenerator: TorchGeneratorBox
    /// False inside `torch.no_grad()`.
    var gradEnabled = true
    /// `torch.set_printoptions`.
    var printOptions = TorchPrintOptions()
    /// `torch.get_default_dtype()`: float32 (attn does not change it).
    let defaultDType: DType = .float32

    let tensorClass: PyClass
    let parameterClass: PyClass
    let sizeClass: PyClass
    let generatorClass: PyClass
    let dtypeClass: PyClass
    /// The one object of each dtype (`torch.float32`).
    var dtypeObjects: [DType: PyValue] = [:]
    /// The classes of the values `max(dim=...)` and friends return.
    private(set) var returnTypes: [String: PyClass] = [:]

    init(unseededEntropy: UInt64) {
        defaultGenerator = TorchGeneratorBox(TorchGenerator(seed: unseededEntropy), seeded: false)
        tensorClass = PyClass(name: "Tensor", module: "torch", base: PyClass.object, dict: TorchTensorClass.dunders())
        parameterClass = PyClass(name: "Parameter", module: "torch.nn.parameter", base: tensorClass, dict: TorchTensorClass.parameterDict())
        sizeClass = PyClass(name: "Size", module: "torch", base: PyClass.object, dict: TorchSize.dunders())
        generatorClass = PyClass(name: "Generator", module: "torch._C", base: PyClass.object, dict: TorchModule.generatorDict())
        dtypeClass = PyClass(name: "dtype", module: "torch", base: PyClass.object, dict: TorchModule.dtypeDict())
    }

    /// The classes of grad_fn nodes, by name (`MulBackward0`).
    var gradFnClasses: [String: PyClass] = [:]

    /// `torch.return_types.max` and its kin: a named pair.
    func returnType(_ name: String) -> PyClass {
        if let c = returnTypes[name] { return c }
        let c = PyClass(name: name, module: "torch.return_types", base: PyClass.object, dict: TorchReturnTypes.dunders())
        returnTypes[name] = c
        return c
    }
}

/// A generator: the default one or one made by `torch.Generator()`
/// (PyTorch seeds those with its fixed default seed, so they are
/// reproducible without a `manual_seed`).
final class TorchGeneratorBox {
    var generator: TorchGenerator
    /// False for the default generator until `manual_seed`.
    var seeded: Bool
    init(_ generator: TorchGenerator = TorchGenerator(), seeded: Bool = true) {
        self.generator = generator
        self.seeded = seeded
    }
}

/// The pair `max(dim=...)`, `min(dim=...)`, `sort` return: `values`, `indices`.
final class TorchPair {
    let values: PyValue
    let indices: PyValue
    init(_ values: PyValue, _ indices: PyValue) {
        self.values = values
        self.indices = indices
    }
}

// The method tables are filled with `table.set(name) { ... }`: Swift 6.3
// crashes lowering a typed-throws closure literal stored through the
// dictionary's (generic, optional) subscript, but not one passed to a
// parameter of the concrete function type.
extension Dictionary where Key == String, Value == TorchTensorClass.Method {
    mutating func set(_ key: String, _ value: @escaping TorchTensorClass.Method) { self[key] = value }
}

extension Dictionary where Key == String, Value == TorchNNMethods.Method {
    mutating func set(_ key: String, _ value: @escaping TorchNNMethods.Method) { self[key] = value }
}
