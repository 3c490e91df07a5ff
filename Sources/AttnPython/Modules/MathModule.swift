import AttnCore
import AttnLang
import Foundation

/// Python's `math`: constants and functions on floats, with CPython's
/// errors ("math domain error", "math range error").
enum MathModule {
    static func make(_ py: PyInterpreter) -> PyModule {
        var d: [String: PyValue] = [
            "pi": .float(Double.pi), "e": .float(M_E), "tau": .float(2 * Double.pi),
            "inf": .float(.infinity), "nan": .float(.nan),
        ]
        func unary(_ name: String, _ f: @escaping (Double) -> Double, domain: @escaping (Double) -> Bool = { _ in true }) {
            d[name] = .builtin(PyBuiltin(name) { args, _ throws(PyError) in
                try args.exactly(1, name)
                let x = try real(args.positional[0])
                guard domain(x) else { throw PyError.value("math domain error") }
                let r = f(x)
                if r.isInfinite && x.isFinite { throw PyError.overflow("math range error") }
                if r.isNaN && !x.isNaN { throw PyError.value("math domain error") }
                return .float(r)
            })
        }
        unary("sqrt", Foundation.sqrt) { $0 >= 0 || $0.isNaN }
        unary("exp", Foundation.exp)
        unary("expm1", Foundation.expm1)
        unary("log2", Foundation.log2) { $0 > 0 || $0.isNaN }
        unary("log10", Foundation.log10) { $0 > 0 || $0.isNaN }
        unary("log1p", Foundation.log1p) { $0 > -1 || $0.isNaN }
        unary("sin", Foundation.sin) { !$0.isInfinite }
        unary("cos", Foundation.cos) { !$0.isInfinite }
        unary("tan", Foundation.tan) { !$0.isInfinite }
        unary("asin", Foundation.asin) { abs($0) <= 1 || $0.isNaN }
        unary("acos", Foundation.acos) { abs($0) <= 1 || $0.isNaN }
        unary("atan", Foundation.atan)
        unary("sinh", Foundation.sinh)
        unary("cosh", Foundation.cosh)
        unary("tanh", Foundation.tanh)
        unary("asinh", Foundation.asinh)
        unary("acosh", Foundation.acosh) { $0 >= 1 || $0.isNaN }
        unary("atanh", Foundation.atanh) { abs($0) < 1 || $0.isNaN }
        unary("fabs", Swift.abs)
        unary("erf", Foundation.erf)
        unary("erfc", Foundation.erfc)
        unary("gamma", Foundation.tgamma) { !($0 <= 0 && $0 == $0.rounded()) }
        unary("lgamma", Foundation.lgamma) { !($0 <= 0 && $0 == $0.rounded()) }
        unary("degrees") { $0 * 180 / Double.pi }
        unary("radians") { $0 * Double.pi / 180 }
        d["log"] = .builtin(PyBuiltin("log") { args, _ throws(PyError) in
            try args.noKeywords("log")
            guard (1...2).contains(args.positional.count) else { throw PyError.type("log expected 1 or 2 arguments, got \(args.positional.count)") }
            let x = try real(args.positional[0])
            guard x > 0 || x.isNaN else { throw PyError.value("math domain error") }
            guard args.positional.count == 2 else { return .float(Foundation.log(x)) }
            let base = try real(args.positional[1])
            guard base > 0 || base.isNaN else { throw PyError.value("math domain error") }
            guard base != 1 else { throw PyError.zeroDivision("float division by zero") }
            return .float(Foundation.log(x) / Foundation.log(base))
        })
        for (name, rounding) in [("floor", FloatingPointRoundingRule.down), ("ceil", .up), ("trunc", .towardZero)] {
            d[name] = .builtin(PyBuiltin(name) { args, _ throws(PyError) in
                try args.exactly(1, name)
                if case .int = args.positional[0] { return args.positional[0] }
                if case .bool(let b) = args.positional[0] { return .int(b ? 1 : 0) }
                return .int(try PyBuiltins.integer(try real(args.positional[0]).rounded(rounding)))
            })
        }
        func binary(_ name: String, _ f: @escaping (Double, Double) throws(PyError) -> Double) {
            d[name] = .builtin(PyBuiltin(name) { args, _ throws(PyError) in
                try args.exactly(2, name)
                return .float(try f(try real(args.positional[0]), try real(args.positional[1])))
            })
        }
        binary("pow") { x, y throws(PyError) in
            if x == 0 && y < 0 { throw PyError.value("math domain error") }
            if x < 0 && x.isFinite && y.isFinite && y != y.rounded() { throw PyError.value("math domain error") }
            let r = Foundation.pow(x, y)
            if r.isInfinite && x.isFinite && y.isFinite { throw PyError.overflow("math range error") }
            return r
        }
        binary("atan2") { y, x throws(PyError) in Foundation.atan2(y, x) }
        binary("copysign") { x, y throws(PyError) in Double(signOf: y, magnitudeOf: x) }
        binary("fmod") { x, y throws(PyError) in
            if y == 0 || x.isInfinite { throw PyError.value("math domain error") }
            return Foundation.fmod(x, y)
        }
        binary("remainder") { x, y throws(PyError) in Foundation.remainder(x, y) }
        d["hypot"] = .builtin(PyBuiltin("hypot") { args, _ throws(PyError) in
            try args.noKeywords("hypot")
            var total = 0.0
            for v in args.positional { let x = try real(v); total += x * x }
            return .float(Foundation.sqrt(total))
        })
        for (name, test) in [("isnan", { (x: Double) in x.isNaN }), ("isinf", { $0.isInfinite }), ("isfinite", { $0.isFinite })] {
            d[name] = .builtin(PyBuiltin(name) { args, _ throws(PyError) in
                try args.exactly(1, name)
                return .bool(test(try real(args.positional[0])))
            })
        }
        d["isclose"] = .builtin(PyBuiltin("isclose") { args, _ throws(PyError) in
            guard args.positional.count == 2 else { throw PyError.type("isclose() takes exactly 2 positional arguments (\(args.positional.count) given)") }
            var rel = 1e-9, abs = 0.0
            for (k, v) in args.keywords {
                switch k {
                case "rel_tol": rel = try real(v)
                case "abs_tol": abs = try real(v)
                default: throw PyError.type("isclose() got an unexpected keyword argument '\(k)'")
                }
            }
            guard rel >= 0 && abs >= 0 else { throw PyError.value("tolerances must be non-negative") }
            let a = try real(args.positional[0]), b = try real(args.positional[1])
            if a == b { return .bool(true) }
            if a.isInfinite || b.isInfinite { return .bool(false) }
            let diff = Swift.abs(b - a)
            return .bool(diff <= Swift.abs(rel * b) || diff <= Swift.abs(rel * a) || diff <= abs)
        })
        d["factorial"] = .builtin(PyBuiltin("factorial") { args, _ throws(PyError) in
            try args.exactly(1, "factorial")
            guard let n = args.positional[0].asIndex else {
                throw PyError.type("'\(args.positional[0].typeName)' object cannot be interpreted as an integer")
            }
            guard n >= 0 else { throw PyError.value("factorial() not defined for negative values") }
            var r: Int64 = 1
            for i in stride(from: Int64(2), through: n, by: 1) {
                let (v, o) = r.multipliedReportingOverflow(by: i)
                if o { throw PyError.intOverflow("factorial(\(n))") }
                r = v
            }
            return .int(r)
        })
        d["gcd"] = .builtin(PyBuiltin("gcd") { args, _ throws(PyError) in
            try args.noKeywords("gcd")
            var g: Int64 = 0
            for v in args.positional {
                guard var b = v.asIndex?.magnitude else { throw PyError.type("'\(v.typeName)' object cannot be interpreted as an integer") }
                var a = UInt64(g)
                while b != 0 { (a, b) = (b, a % b) }
                guard let fits = Int64(exactly: a) else { throw PyError.intOverflow("gcd") }
                g = fits
            }
            return .int(g)
        })
        d["comb"] = .builtin(PyBuiltin("comb") { args, _ throws(PyError) in
            try args.exactly(2, "comb")
            guard let n = args.positional[0].asIndex, let k = args.positional[1].asIndex else {
                throw PyError.type("'\(args.positional[0].typeName)' object cannot be interpreted as an integer")
            }
            guard n >= 0 && k >= 0 else { throw PyError.value("n must be a non-negative integer") }
            if k > n { return .int(0) }
            var r: Int64 = 1
            for i in 0..<min(k, n - k) {
                let (v, o) = r.multipliedReportingOverflow(by: n - i)
                if o { throw PyError.intOverflow("comb(\(n), \(k))") }
                r = v / (i + 1)
            }
            return .int(r)
        })
        d["prod"] = .builtin(PyBuiltin("prod") { args, py throws(PyError) in
            guard args.positional.count == 1 else { throw PyError.type("prod() takes exactly 1 positional argument (\(args.positional.count) given)") }
            var total = args.keyword("start") ?? .int(1)
            for v in try py.materialize(args.positional[0]) { total = try py.binary(.multiply, total, v) }
            return total
        })
        d["fsum"] = .builtin(PyBuiltin("fsum") { args, py throws(PyError) in
            try args.exactly(1, "fsum")
            var partials: [Double] = []
            for v in try py.materialize(args.positional[0]) {
                var x = try real(v)
                var kept: [Double] = []
                for var y in partials {
                    if Swift.abs(x) < Swift.abs(y) { swap(&x, &y) }
                    let high = x + y, low = y - (high - x)
                    if low != 0 { kept.append(low) }
                    x = high
                }
                partials = kept + [x]
            }
            return .float(partials.reduce(0, +))
        })
        return PyModule("math", d)
    }

    /// A real number argument as a float (ints, bools, floats, numpy
    /// scalars, one-element arrays), or CPython's TypeError.
    static func real(_ v: PyValue) throws(PyError) -> Double {
        if let d = v.asDouble { return d }
        if case .array(let a) = v {
            guard a.tensor.count == 1, let x = a.tensor.scalarValue else {
                throw PyError.type("only length-1 arrays can be converted to Python scalars")
            }
            return x
        }
        throw PyError.type("must be real number, not \(v.typeName)")
    }
}
