import AttnCore
import AttnLang

/// How numpy.random reads its arguments and shapes its results:
/// - `size`: None (one value, returned as a Python float or int, or a
///   numpy scalar where numpy returns one), an integer, or a sequence of
///   integers (a 0-length shape is a 0-d array); numpy's TypeErrors for
///   anything else, and "negative dimensions are not allowed";
/// - distribution parameters (`loc`, `scale`, `low`, `high`): numbers and
///   0-d arrays draw on the scalar path (a Python float for size=None);
///   arrays broadcast, one draw per element;
/// - integer bounds and dtypes as `randint` and `integers` take them: a
///   bound is truncated to an integer as numpy's `int(low)`; `dtype=int`
///   and `dtype=bool` (the Python types) return Python scalars for
///   size=None, any other dtype a numpy scalar.
/// The core's errors keep numpy's words; `core(_:_:)` gives them the
/// exception class numpy raises.
extension NumpyRandom {
    /// Runs a draw, turning the core's `invalidArgument` into `invalid`
    /// (numpy raises ValueError for most, but OverflowError, TypeError or
    /// IndexError for some: the caller knows which from the arguments) and
    /// every other core error as everywhere else.
    static func core<T>(_ invalid: String = "ValueError", _ body: () throws(CoreError) -> T) throws(PyError) -> T {
        do throws(CoreError) {
            return try body()
        } catch {
            if case .invalidArgument(let message) = error { throw PyError(.exception(invalid), message) }
            throw PyError(error)
        }
    }

    /// Binds a call's arguments to `names` (the first `required` of them
    /// required) with the messages of numpy's Cython methods
    /// (`randint() takes at least 1 positional argument (0 given)`).
    static func bind(_ args: PyArgs, _ function: String, _ names: [String], required: Int) throws(PyError) -> [PyValue?] {
        func count(_ n: Int) -> String { n == 1 ? "1 positional argument" : "\(n) positional arguments" }
        let given = args.positional.count
        if given > names.count {
            let bound = required == names.count ? "exactly" : "at most"
            throw PyError.type("\(function)() takes \(bound) \(count(names.count)) (\(given) given)")
        }
        var values: [PyValue?] = args.positional.map { $0 } + Array(repeating: nil, count: names.count - given)
        for (name, value) in args.keywords {
            guard let i = names.firstIndex(of: name) else {
                throw PyError.type("\(function)() got an unexpected keyword argument '\(name)'")
            }
            guard values[i] == nil else { throw PyError.type("\(function)() got multiple values for keyword argument '\(name)'") }
            values[i] = value
        }
        if values.prefix(required).contains(where: { $0 == nil }) {
            let bound = required == names.count ? "exactly" : "at least"
            throw PyError.type("\(function)() takes \(bound) \(count(required)) (\(given) given)")
        }
        return values
    }

    // MARK: - Sizes

    /// numpy's `size`: nil for None.
    static func size(_ v: PyValue?, _ py: PyInterpreter) throws(PyError) -> [Int]? {
        guard let v, !v.isNone else { return nil }
        var dims: [Int] = []
        switch v {
        case .int:
            dims = [try dimension(v)]
        case .scalar where v.asIndex != nil:
            dims = [try dimension(v)]
        case .list(let l):
            for item in l.items { dims.append(try dimension(item)) }
        case .tuple(let items):
            for item in items { dims.append(try dimension(item)) }
        case .array(let a):
            switch a.tensor.rank {
            case 0: dims = [try dimension(v)]
            case 1:
                guard a.tensor.dtype.isInteger else {
                    throw PyError.type("'numpy.\(a.tensor.dtype.rawValue)' object cannot be interpreted as an integer")
                }
                for i in try PyError.core({ () throws(CoreError) in try a.tensor.elements(as: Int64.self) }) {
                    dims.append(try dimension(.int(i)))
                }
            default: throw PyError.type("only integer scalar arrays can be converted to a scalar index")
            }
        case .str:
            throw PyError.type("'str' object cannot be interpreted as an integer")
        default:
            throw PyError.type("expected a sequence of integers or a single integer, got '\(try py.repr(v))'")
        }
        if dims.contains(where: { $0 < 0 }) { throw PyError.value("negative dimensions are not allowed") }
        return dims
    }

    /// The dimensions `rand(d0, d1, ...)` and `randn(...)` take.
    static func dimensions(_ args: PyArgs, _ function: String) throws(PyError) -> [Int] {
        if let keyword = args.keywords.first {
            throw PyError.type("\(function)() got an unexpected keyword argument '\(keyword.name)'")
        }
        var dims: [Int] = []
        for arg in args.positional { dims.append(try dimension(arg)) }
        if dims.contains(where: { $0 < 0 }) { throw PyError.value("negative dimensions are not allowed") }
        return dims
    }

    /// One length of a shape, as numpy reads it (`operator.index`, but not a bool).
    private static func dimension(_ v: PyValue) throws(PyError) -> Int {
        if case .bool = v { throw PyError.type("an integer is required") }
        var value = v
        if case .array(let a) = v, a.tensor.rank == 0 { value = .scalar(a.tensor) }
        guard let i = value.asIndex else { throw PyError.type("'\(v.typeName)' object cannot be interpreted as an integer") }
        guard let n = Int(exactly: i) else { throw PyError.value("a dimension is out of range") }
        return n
    }

    // MARK: - Parameters

    /// A distribution parameter: a number (the scalar path) or an array.
    enum Parameter {
        case scalar(Double)
        case array(Tensor)

        var tensor: Tensor {
            switch self {
            case .scalar(let d): return Tensor(d)
            case .array(let t): return t
            }
        }
    }

    /// `loc`, `scale`, `low` or `high`: nil (not given) is `fallback`.
    static func parameter(_ v: PyValue?, _ fallback: Double) throws(PyError) -> Parameter {
        guard let v else { return .scalar(fallback) }
        switch v {
        case .list, .tuple, .range, .array:
            let raw = try NumpyValues.asArray(v)
            let t = try PyError.core { () throws(CoreError) in try raw.converted(to: .float64) }
            if t.rank == 0, let d = t.scalarValue { return .scalar(d) }
            return .array(t)
        case .str(let s):
            throw PyError.value("could not convert string to float: \(PyFormat.repr(s))")
        default:
            return .scalar(try MathModule.real(v))
        }
    }

    /// A float draw's result: the Python float numpy returns when no size
    /// was given and every parameter was a number, else the array.
    static func floats(_ t: Tensor, scalar: Bool) -> PyValue {
        scalar && t.count == 1 ? NumpyValues.pythonScalar(t, at: 0) : .array(PyArray(t))
    }

    // MARK: - Integers

    /// The dtype of `randint`/`integers`, and whether numpy returns a
    /// Python scalar for size=None (only for the Python types `int` and
    /// `bool`, numpy's `dtype in (bool, int)`).
    static func integerDType(_ v: PyValue?, pythonByDefault: Bool) throws(PyError) -> (dtype: DType, python: Bool) {
        guard let v, !v.isNone else { return (.int64, pythonByDefault) }
        if case .type(let cls) = v {
            if cls === PyClass.int { return (.int64, true) }
            if cls === PyClass.bool { return (.bool, true) }
        }
        return (try NumpyValues.dtype(v) ?? .int64, false)
    }

    /// A bound of `randint`/`integers`: numpy's `int(bound)` for numbers
    /// and 0-d arrays; bounds of several values are not supported.
    static func integerBound(_ v: PyValue) throws(PyError) -> Int64 {
        if let i = v.asIndex { return i }
        var number: Double?
        switch v {
        case .float(let d): number = d
        case .scalar(let t): number = t.scalarValue
        case .array(let a) where a.tensor.rank == 0:
            if let i = PyValue.scalar(a.tensor).asIndex { return i }
            number = a.tensor.scalarValue
        case .array, .list, .tuple, .range:
            throw PyError.unsupported("bounds with several values (arrays of low or high) are not supported yet: attn draws integers for one low and one high")
        case .none:
            throw PyError.type("int() argument must be a string, a bytes-like object or a real number, not 'NoneType'")
        default:
            throw PyError.type("'\(v.typeName)' object cannot be interpreted as an integer")
        }
        guard let d = number, d.isFinite else { throw PyError.overflow("cannot convert float infinity or NaN to integer") }
        guard let i = Int64(exactly: d.rounded(.towardZero)) else { throw PyError.value("bound is out of bounds for int64") }
        return i
    }

    /// An integer draw's result: for size=None a Python int or bool
    /// (`python`), or a numpy scalar; else the array.
    static func integers(_ t: Tensor, size: [Int]?, python: Bool) -> PyValue {
        guard size == nil, t.count == 1 else { return .array(PyArray(t)) }
        return python ? NumpyValues.pythonScalar(t, at: 0) : .scalar(t)
    }

    // MARK: - choice, shuffle, permutation

    /// `choice`'s population as a tensor, and whether it is a count (an
    /// integer: the result for size=None is then a Python int).
    static func population(_ a: PyValue) throws(PyError) -> (tensor: Tensor, isCount: Bool) {
        let t = try NumpyValues.asArray(a)
        return (t, t.rank == 0 && !t.dtype.isFloatingPoint)
    }

    /// `choice`'s result.
    static func chosen(_ t: Tensor, size: [Int]?, isCount: Bool) -> PyValue {
        guard size == nil else { return .array(PyArray(t)) }
        return isCount && t.count == 1 ? NumpyValues.pythonScalar(t, at: 0) : NumpyValues.wrap(t)
    }

    /// `choice`'s probabilities: nil for None.
    static func probabilities(_ p: PyValue?) throws(PyError) -> Tensor? {
        guard let p, !p.isNone else { return nil }
        return try NumpyValues.asArray(p)
    }

    /// Shuffles `x` in place, as numpy's `shuffle` does: an array along
    /// `shuffleArray`, a list by the same swaps; numpy's TypeErrors for
    /// values it cannot shuffle.
    static func shuffle(
        _ x: PyValue, array shuffleArray: (inout Tensor) throws(PyError) -> Void,
        list shuffleList: (inout [PyValue]) throws(PyError) -> Void
    ) throws(PyError) {
        switch x {
        case .array(let a):
            guard a.tensor.rank > 0 else { throw PyError.type("len() of unsized object") }
            var t = a.tensor
            try shuffleArray(&t)
            a.tensor = t
        case .list(let l):
            var items = l.items
            try shuffleList(&items)
            l.items = items
        case .tuple, .str, .range:
            throw PyError.type("'\(x.typeName)' object does not support item assignment")
        default:
            throw PyError.type("object of type '\(x.typeName)' has no len()")
        }
    }
}
