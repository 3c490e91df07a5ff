import AttnCore
import AttnLang

/// The methods of a class defined in Swift whose instances hold a native
/// `State` (`PyInstance.native`). Each method is a builtin that binds to
/// the instance it is looked up on (`bindsAsMethod`), so that
/// `rs.rand(3)`, `f = rs.rand` and `np.random.RandomState.rand(rs, 3)` all
/// work as for a Python class, and a subclass can override it.
struct NativeMethods<State: AnyObject> {
    /// The class's name as messages quote it (`numpy.random.mtrand.RandomState`).
    let className: String
    var dict: [String: PyValue] = [:]

    init(_ className: String) { self.className = className }

    /// A method with numpy's parameter names (the body gets them bound, in
    /// order), or with nil names for one that reads its arguments itself
    /// (`rand(*args)`).
    mutating func add(
        _ name: String, _ parameters: [String]?, required: Int = 0,
        _ body: @escaping (State, [PyValue?], PyArgs, PyInterpreter) throws(PyError) -> PyValue
    ) {
        let className = className
        dict[name] = .builtin(PyBuiltin(name, bindsAsMethod: true) { args, py throws(PyError) in
            let (state, rest): (State, PyArgs) = try args.nativeReceiver(name, of: className)
            let values = try parameters.map { (names) throws(PyError) in
                try NumpyRandom.bind(rest, name, names, required: required)
            } ?? []
            // A draw from an unseeded stream makes what the statement shows
            // unreproducible (seeding is not a draw).
            if name != "seed", let marked = state as? UnseededMarking, let why = marked.unseeded {
                py.unseededDraw = py.unseededDraw ?? "\(className.split(separator: ".").last ?? "").\(name): \(why)"
            }
            return try body(state, values, rest, py)
        })
    }

    /// A method numpy has and attn does not: calling it says so.
    mutating func notProvided(_ name: String, _ shortName: String) {
        dict[name] = .builtin(PyBuiltin(name, bindsAsMethod: true) { _, _ throws(PyError) in
            throw NumpyRandom.notAvailable("\(shortName).\(name)")
        })
    }
}

/// numpy.random's classes, one set per interpreter: `RandomState`,
/// `Generator`, and the bit generators `PCG64` and `MT19937` (which only
/// carry a seeded stream to a `Generator` or `RandomState`).
struct RandomClasses {
    typealias Legacy = PyRandomStream<LegacyRandomState>
    typealias Modern = PyRandomStream<NumpyGenerator>

    let randomState = PyClass(name: "RandomState", module: "numpy.random.mtrand", base: PyClass.object)
    let generator = PyClass(name: "Generator", module: "numpy.random._generator", base: PyClass.object)
    let pcg64 = PyClass(name: "PCG64", module: "numpy.random._pcg64", base: PyClass.object)
    let mt19937 = PyClass(name: "MT19937", module: "numpy.random._mt19937", base: PyClass.object)

    init() {
        var legacy = NativeMethods<Legacy>(randomState.qualifiedName)
        NumpyRandom.legacyMethods(&legacy)
        var modern = NativeMethods<Modern>(generator.qualifiedName)
        NumpyRandom.generatorMethods(&modern)
        randomState.dict = legacy.dict
        generator.dict = modern.dict
        let (pcg64, mt19937) = (pcg64, mt19937)

        randomState.dict["__init__"] = initializer("RandomState", ["seed"]) { instance, v, py throws(PyError) in
            let seed = v[0] ?? .none
            if case .instance(let bits) = seed, bits.cls.isSubclass(of: mt19937), let stream = bits.native as? Legacy {
                instance.native = stream
                return
            }
            if case .instance(let bits) = seed, bits.cls.isSubclass(of: pcg64) {
                throw PyError.unsupported("a RandomState on PCG64 is not supported: attn's RandomState draws from MT19937 (RandomState(seed) or RandomState(MT19937(seed)))")
            }
            instance.native = Legacy(try NumpyRandom.legacyState(seed: seed, py), unseeded: seed.isNone ? "RandomState() without a seed" : nil)
        }
        generator.dict["__init__"] = initializer("Generator", ["bit_generator"], required: 1) { instance, v, _ throws(PyError) in
            let bits = v[0] ?? .none
            guard case .instance(let source) = bits, source.cls.isSubclass(of: pcg64), let stream = source.native as? Modern else {
                if case .instance(let source) = bits, source.cls.isSubclass(of: mt19937) {
                    throw PyError.unsupported("a Generator on MT19937 is not supported: attn's Generator draws from PCG64 (default_rng(seed) or Generator(PCG64(seed)))")
                }
                throw PyError.attribute("'\(bits.typeName)' object has no attribute 'capsule'")
            }
            instance.native = stream
            instance.dict["bit_generator"] = bits
        }
        pcg64.dict["__init__"] = initializer("PCG64", ["seed"]) { instance, v, py throws(PyError) in
            instance.native = Modern(NumpyGenerator(seedSequence: try NumpyRandom.seedSequence(v[0] ?? .none, py)),
                                     unseeded: (v[0] ?? .none).isNone ? "PCG64() without a seed" : nil)
        }
        mt19937.dict["__init__"] = initializer("MT19937", ["seed"]) { instance, v, py throws(PyError) in
            instance.native = Legacy(LegacyRandomState(seedSequence: try NumpyRandom.seedSequence(v[0] ?? .none, py)),
                                     unseeded: (v[0] ?? .none).isNone ? "MT19937() without a seed" : nil)
        }
        randomState.dict["__repr__"] = reprMethod("RandomState(MT19937)")
        generator.dict["__repr__"] = reprMethod("Generator(PCG64)")
    }

    /// `Generator(bit_generator)` on a `PCG64` object, sharing its stream.
    func newGenerator(on bits: PyInstance) throws(PyError) -> PyValue {
        guard let stream = bits.native as? Modern else { throw PyError.type("a Generator needs a PCG64 bit generator") }
        let instance = PyInstance(generator)
        instance.native = stream
        instance.dict["bit_generator"] = .instance(bits)
        return .instance(instance)
    }

    /// `PCG64(seed_sequence)`.
    func newPCG64(_ seeds: SeedSequence) -> PyInstance {
        let instance = PyInstance(pcg64)
        instance.native = Modern(NumpyGenerator(seedSequence: seeds))
        return instance
    }

    /// An `__init__` that gets the new instance and its bound arguments.
    private func initializer(
        _ name: String, _ parameters: [String], required: Int = 0,
        _ body: @escaping (PyInstance, [PyValue?], PyInterpreter) throws(PyError) -> Void
    ) -> PyValue {
        .builtin(PyBuiltin("__init__", bindsAsMethod: true) { args, py throws(PyError) in
            guard case .instance(let instance)? = args.positional.first else {
                throw PyError.type("descriptor '__init__' of '\(name)' object needs an argument")
            }
            var rest = args
            rest.positional.removeFirst()
            if !rest.ranges.isEmpty { rest.ranges.removeFirst() }
            try body(instance, try NumpyRandom.bind(rest, "__init__", parameters, required: required), py)
            return .none
        })
    }

    /// numpy's repr, `RandomState(MT19937) at 0x7F98C1DF0B40` (the address
    /// in upper case, as numpy prints it).
    private func reprMethod(_ text: String) -> PyValue {
        .builtin(PyBuiltin("__repr__", bindsAsMethod: true) { args, _ throws(PyError) in
            guard case .instance(let instance)? = args.positional.first else { return .str(text) }
            return .str("\(text) at 0x" + String(UInt(bitPattern: ObjectIdentifier(instance).hashValue), radix: 16, uppercase: true))
        })
    }
}
