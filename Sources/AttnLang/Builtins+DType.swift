import AttnCore

extension DType {
    /// The builtin that converts to this dtype (`f32`, `bool`): the name the
    /// printer writes around a value of the dtype, so that the value reads
    /// back with it, and the claim reader reads.
    public var castName: String {
        switch self {
        case .float64: return "f64"
        case .float32: return "f32"
        case .int64: return "i64"
        case .int32: return "i32"
        case .bool: return "bool"
        }
    }

    /// The dtype whose cast is named `name`, if any.
    public init?(castName name: String) {
        guard let dtype = DType.allCases.first(where: { $0.castName == name }) else { return nil }
        self = dtype
    }
}

extension Builtins {
    /// The conversion to `dtype`, numpy's `astype`.
    static func cast(_ dtype: DType, summary: String, details: String, example: String) -> Builtin {
        Builtin(dtype.castName, [Parameter("x")], category: .dtypes, summary: summary, result: .tensor(dtype),
                details: details, example: example) { args, _ throws(Diagnostic) in
            let x = try args.tensor("x")
            return .tensor(try args.core { () throws(CoreError) in try x.converted(to: dtype) })
        }
    }

    static let dtypes: [Builtin] = [
        cast(.float32, summary: "x as float32, rounded to the nearest (numpy's x.astype(np.float32)).",
             details: """
             Beyond float32's range (about ±3.4e38) a value becomes ±inf. Integers above 2^24 round to a nearby \
             float32. A float32 value prints at float32's precision, inside f32(...), so it reads back as float32.
             """,
             example: "f32([0.1, 1e39])\n# => f32([0.1, inf])"),
        cast(.float64, summary: "x as float64, exactly (numpy's x.astype(np.float64)); attn's literals are float64 already.",
             details: "Every float32, int32 and bool converts exactly; an int64 beyond 2^53 rounds to the nearest float64.",
             example: "precision(\"full\"); f64(f32(0.1))\n# => 0.10000000149011612"),
        cast(.int64, summary: "x as int64, truncated toward zero (numpy's x.astype(np.int64)).",
             details: """
             nan, ±inf and values beyond ±2^63 give -9223372036854775808, as numpy's cast gives on x86-64 \
             (numpy warns, attn does not). true and false give 1 and 0.
             """,
             example: "i64([2.7, -2.7, 1e300])\n# => i64([2, -2, -9223372036854775808])"),
        cast(.int32, summary: "x as int32, truncated toward zero (numpy's x.astype(np.int32)).",
             details: """
             nan, ±inf and values beyond ±2^31 give -2147483648, as numpy's cast gives on x86-64; an int64 \
             keeps its low 32 bits (wraps), as in numpy.
             """,
             example: "i32([2.7, -2.7, 3e9])\n# => i32([2, -2, -2147483648])"),
        cast(.bool, summary: "x as bool: nonzero is true (numpy's x.astype(bool)).",
             details: "nan is true, as in numpy. Printed as bool([true, false]), which reads back as bool.",
             example: "bool([0, 2, -0.5, nan])\n# => bool([false, true, true, true])"),
        Builtin("dtype", [Parameter("x")], category: .dtypes,
                summary: "The name of x's dtype, as numpy writes it: \"float64\", \"float32\", \"int64\", \"int32\" or \"bool\".",
                result: .string,
                details: "Numbers written in attn (literals, true, pi) are float64; f32, f64, i64, i32 and bool convert.",
                example: "dtype(f32([1, 2]))\n# => \"float32\"") { args, _ throws(Diagnostic) in
            .string(try args.tensor("x").dtype.rawValue)
        },
    ]
}
