import AttnCore
import AttnLang
import Foundation

/// Operators on torch tensors with PyTorch's type promotion, which is not
/// numpy's:
/// - operands rank by priority: tensors of rank ≥ 1, then 0-d tensors, then
///   Python numbers; the result takes the dtype of the highest priority
///   group unless a lower group holds a higher category (bool < integer <
///   float), in which case a 0-d tensor gives its own dtype and a Python
///   number the category's default (float32 for a float, int64 for an int);
/// - within a group, dtypes of different categories give the higher
///   category's dtype (int64 + float32 is float32, numpy would say float64)
///   and of one category the wider;
/// - true division of integers or bools gives the default float dtype
///   (float32), `torch.tensor([1, 2]) / 2` is float32.
/// The arithmetic itself is AttnCore's, in the result dtype.
enum TorchOps {
    /// 0 bool, 1 integer, 2 float.
    static func category(_ d: DType) -> Int { d == .bool ? 0 : d.isInteger ? 1 : 2 }

    static func promote(_ a: DType, _ b: DType) -> DType {
        if category(a) != category(b) { return category(a) > category(b) ? a : b }
        if a == b { return a }
        return a == .float64 || b == .float64 ? .float64 : a == .int64 || b == .int64 ? .int64 : a
    }

    /// PyTorch's `result_type` of the operands (see the type's comment).
    static func resultType(_ operands: [Tensor]) -> DType {
        var groups: [DType?] = [nil, nil, nil]
        for t in operands {
            let level = t.isWeak ? 2 : t.rank == 0 ? 1 : 0
            groups[level] = groups[level].map { promote($0, t.dtype) } ?? t.dtype
        }
        var result = groups[0]
        if let z = groups[1], result.map({ category(z) > category($0) }) ?? true { result = z }
        if let s = groups[2] {
            if let r = result {
                if category(s) > category(r) { result = category(s) == 2 ? .float32 : .int64 }
            } else {
                result = s == .float64 ? .float32 : s
            }
        }
        return result ?? .float32
    }

    /// Both operands converted to their result type (`divide` makes it a float).
    static func converted(_ x: Tensor, _ y: Tensor, divide: Bool = false) throws(PyError) -> (Tensor, Tensor) {
        var d = resultType([x, y])
        if divide && !d.isFloatingPoint { d = .float32 }
        return try PyError.core { () throws(CoreError) in (try x.converted(to: d).strong, try y.converted(to: d).strong) }
    }

    /// PyTorch's broadcasting message.
    static func checkBroadcast(_ a: [Int], _ b: [Int]) throws(PyError) {
        guard a != b else { return }
        let n = max(a.count, b.count)
        for i in 0..<n {
            let x = i < a.count ? a[a.count - 1 - i] : 1
            let y = i < b.count ? b[b.count - 1 - i] : 1
            if x != y && x != 1 && y != 1 {
                throw PyError.runtime("The size of tensor a (\(x)) must match the size of tensor b (\(y)) at non-singleton dimension \(n - 1 - i)")
            }
        }
    }

    /// `a op b` where `a` or `b` is a torch tensor (`reflected`: the tensor
    /// is `b`, written on the right).
    static func binary(_ op: PyBinaryOp, _ a: PyValue, _ b: PyValue, _ py: PyInterpreter) throws(PyError) -> PyValue {
        guard let x = py.torchOperand(a), let y = py.torchOperand(b) else {
            throw PyError.type("unsupported operand type(s) for \(op.rawValue): '\(a.typeName)' and '\(b.typeName)'")
        }
        let boxes = [py.torchBox(a), py.torchBox(b)]
        if op == .matmul { return try matmul(x, y, boxes, py) }
        try checkBroadcast(x.shape, y.shape)
        let (p, q) = try converted(x, y, divide: op == .divide)
        if op == .subtract, x.dtype == .bool || y.dtype == .bool {
            throw PyError.notImplemented(x.dtype == y.dtype
                ? "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead."
                : "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
        }
        if op == .floorDivide || op == .modulo, !p.dtype.isFloatingPoint, q.storage.doubles.contains(0) {
            throw PyError.runtime("ZeroDivisionError")
        }
        let result: Tensor
        if op == .modulo && p.dtype.isFloatingPoint {
            result = try remainder(p, q)
        } else if op == .power && p.dtype == .bool && !y.isWeak {
            throw PyError.notImplemented("\"pow\" not implemented for 'Bool'")
        } else if op == .power && p.dtype == .bool {
            // bool ** bool stays bool in PyTorch: x ** True is x, x ** False is True.
            result = try PyError.core { () throws(CoreError) in
                try Tensor.select(q, p, Tensor(unchecked: [], storage: .bool([true]))).converted(to: .bool).strong
            }
        } else if op == .power && p.dtype.isInteger && q.storage.doubles.contains(where: { $0 < 0 }) {
            result = try integerPower(p, q)
        } else {
            result = try NumpyOps.tensors(op, p, q)
        }
        let leftIsTensor = boxes[0] != nil
        let name: String
        switch op {
        case .add: name = "AddBackward0"
        case .subtract: name = leftIsTensor ? "SubBackward0" : "RsubBackward1"
        case .multiply: name = "MulBackward0"
        case .divide: name = leftIsTensor ? "DivBackward0" : "MulBackward0"
        case .power: name = leftIsTensor ? (boxes[1] != nil ? "PowBackward1" : "PowBackward0") : "PowBackward2"
        case .floorDivide: name = "DivBackward0"
        case .modulo: name = "RemainderBackward0"
        case .matmul, .and, .or, .xor, .shiftLeft, .shiftRight: name = "NotImplemented"
        }
        return py.torchResult(result, boxes, name)
    }

    /// `a @ b`, `torch.matmul`: numpy's rules, both operands of one dtype.
    static func matmul(_ x: Tensor, _ y: Tensor, _ boxes: [TorchTensor?], _ py: PyInterpreter) throws(PyError) -> PyValue {
        guard x.rank > 0, y.rank > 0 else {
            throw PyError.runtime("both arguments to matmul need to be at least 1D, but they are \(x.rank)D and \(y.rank)D")
        }
        guard x.dtype == y.dtype else {
            throw PyError.runtime("expected m1 and m2 to have the same dtype, but got: \(cName(x.dtype)) != \(cName(y.dtype))")
        }
        let inner = x.shape[x.rank - 1], other = y.rank == 1 ? y.shape[0] : y.shape[y.rank - 2]
        guard inner == other else {
            if x.rank == 1 && y.rank == 1 {
                throw PyError.runtime("inconsistent tensor size, expected tensor [\(x.shape[0])] and src [\(y.shape[0])] to have the same number of elements, but got \(x.shape[0]) and \(y.shape[0]) elements respectively")
            }
            if x.rank == 2 && y.rank == 1 {
                throw PyError.runtime("size mismatch, got input (\(x.shape[0])), mat (\(x.shape[0])x\(x.shape[1])), vec (\(y.shape[0]))")
            }
            if x.rank <= 2 && y.rank <= 2 {
                let a = x.rank == 1 ? [1, x.shape[0]] : x.shape, b = y.shape
                throw PyError.runtime("mm: mat1 and mat2 shapes cannot be multiplied (\(a[0])x\(a[1]) and \(b[0])x\(b[1]))")
            }
            throw PyError.runtime("Expected size for first two dimensions of batch2 tensor to be: [\(x.rank > 2 ? x.shape[0] : 1), \(inner)] but got: [\(y.rank > 2 ? y.shape[0] : 1), \(other)].")
        }
        let result = try PyError.core { () throws(CoreError) in try Tensor.matmul(x, y) }
        let name: String
        switch (x.rank, y.rank) {
        case (1, 1): name = "DotBackward0"
        case (2, 2): name = "MmBackward0"
        case (1, 2): name = "SqueezeBackward4"
        case (2, 1): name = "MvBackward0"
        default: name = "UnsafeViewBackward0"
        }
        return py.torchResult(result, boxes, name)
    }

    /// PyTorch's float `%` (`remainder`): fmod, moved into the divisor's
    /// sign when they differ; a zero keeps fmod's sign (−2.0 % 0.25 is −0.0,
    /// where Python and numpy give 0.0).
    static func remainder(_ p: Tensor, _ q: Tensor) throws(PyError) -> Tensor {
        try PyError.core { () throws(CoreError) in
            let r = try Tensor.zip(p, q) { a, b in
                var m = Foundation.fmod(a, b)
                if m != 0 && (b < 0) != (m < 0) { m += b }
                return m
            }
            return try r.converted(to: p.dtype).strong
        }
    }

    /// PyTorch's integer `**` with negative exponents: 1 for a base of 1,
    /// ±1 for −1, else 0 (numpy refuses them).
    static func integerPower(_ p: Tensor, _ q: Tensor) throws(PyError) -> Tensor {
        // Exact integer powers for the non-negative exponents, the rule above for the rest.
        let clipped = try PyError.core { () throws(CoreError) in try q.map { Swift.max($0, 0) }.converted(to: q.dtype).strong }
        let positive = try NumpyOps.tensors(.power, p, clipped)
        return try PyError.core { () throws(CoreError) in
            let negative = try Tensor.zip(p, q) { a, b in
                if a == 1 { return 1 }
                if a == -1 { return b.truncatingRemainder(dividingBy: 2) == 0 ? 1 : -1 }
                return 0
            }
            let mask = try Tensor.zip(p, q) { _, b in b < 0 ? 1 : 0 }.converted(to: .bool)
            return try Tensor.select(mask, try negative.converted(to: p.dtype), positive).converted(to: p.dtype).strong
        }
    }

    /// The C type names PyTorch's messages use.
    static func cName(_ d: DType) -> String {
        switch d {
        case .float32: return "float"
        case .float64: return "double"
        case .int64: return "long int"
        case .int32: return "int"
        case .bool: return "bool"
        }
    }

    /// `a < b` and the other comparisons, elementwise: a bool tensor.
    static func compare(_ op: BinaryOperation, _ a: PyValue, _ b: PyValue, _ py: PyInterpreter) throws(PyError) -> PyValue? {
        guard let x = py.torchOperand(a), let y = py.torchOperand(b) else { return nil }
        try checkBroadcast(x.shape, y.shape)
        let (p, q) = try converted(x, y)
        return py.torchValue(try PyError.core { () throws(CoreError) in try Tensor.binary(op, p, q) })
    }

    /// `-x`, `~x`, `+x`.
    static func unary(_ op: PyUnaryOp, _ box: TorchTensor, _ py: PyInterpreter) throws(PyError) -> PyValue {
        let t = box.tensor
        switch op {
        case .negate:
            if t.dtype == .bool {
                throw PyError.notImplemented("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
            }
            return py.torchResult(try PyError.core { () throws(CoreError) in try Tensor.unary(.negate, t) }, [box], "NegBackward0")
        case .plus:
            return py.torchValue(t, requiresGrad: box.requiresGrad, gradFn: box.gradFn)
        case .invert:
            guard !t.dtype.isFloatingPoint else {
                throw PyError.type("ufunc 'invert' not supported for the input types")
            }
            guard case .array(let r) = try NumpyOps.unary(.invert, .array(PyArray(t))) else { return py.torchValue(t) }
            return py.torchValue(r.tensor)
        }
    }
}

extension PyError {
    /// PyTorch's NotImplementedError (a kernel that has no such dtype).
    static func notImplemented(_ message: String) -> PyError { PyError(.exception("NotImplementedError"), message) }
}
