import AttnCore
import AttnDocs
import AttnLang

/// Tensors read from `.npy` and CSV bytes, then put through operations the
/// input chooses, so that the fuzzer reaches shapes (empty axes, size-1
/// axes, high ranks) that no parser of programs would hand the kernels.
///
/// `.npy` input: byte 0 is a count n (mod 32), bytes 1...n choose the
/// operations, and the rest is the `.npy` file. Each operation byte b picks
/// operation b % 12 with argument b / 12; an operation that fails leaves the
/// tensor as it was, one that succeeds replaces it.
///
/// Properties: a tensor printed at full precision reads back through the
/// claim parser as a claim it satisfies; softmax rows of finite float input
/// sum to 1.
public enum FuzzTensors {
    public static func npy(_ bytes: [UInt8]) -> [String] {
        let n = Int(bytes.first ?? 0) % 32
        let ops = Array(bytes.dropFirst().prefix(n))
        let file = Array(bytes.dropFirst(1 + n))
        return Session.withLargeStack {
            FuzzLimits.withTimeLimit {
                guard let tensor = try? NPY.decode(file, path: "fuzz.npy") else { return [] }
                // Compared as bytes, so that NaN equals itself.
                let encoded = NPY.encode(tensor)
                guard let again = try? NPY.decode(encoded, path: "again.npy"), NPY.encode(again) == encoded else {
                    return ["a tensor NPY.encode wrote does not decode to the same tensor"]
                }
                return operate(tensor, ops)
            }
        }
    }

    /// CSV text, then the same operations (the first bytes of the text are
    /// not taken for operations: the text is the whole input).
    public static func csv(_ bytes: [UInt8]) -> [String] {
        Session.withLargeStack {
            FuzzLimits.withTimeLimit {
                guard let tensor = try? CSV.decode(text(bytes), path: "fuzz.csv") else { return [] }
                return operate(tensor, Array(bytes.suffix(8)))
            }
        }
    }

    static func operate(_ start: Tensor, _ ops: [UInt8]) -> [String] {
        var t = start
        var problems: [String] = []
        for b in ops {
            if Interrupt.isRequested { break }
            let arg = Int(b) / 12
            do throws(CoreError) {
                if let next = try apply(Int(b) % 12, arg, to: t, problems: &problems) { t = next }
            } catch {
                continue
            }
        }
        if !Interrupt.isRequested, let problem = readsBack(.tensor(t)) { problems.append(problem) }
        return problems
    }

    /// An axis in -(rank + 1)...rank from `arg`: valid ones and one past either end.
    private static func axis(_ arg: Int, rank: Int) -> Int {
        arg % (2 * rank + 3) - (rank + 1)
    }

    private static func apply(_ op: Int, _ arg: Int, to t: Tensor, problems: inout [String]) throws(CoreError) -> Tensor? {
        let rank = t.shape.count
        switch op {
        case 0:
            let kind = Reduction.allCases[arg % Reduction.allCases.count]
            return try t.reduce(kind, axis: arg % 4 == 0 ? nil : axis(arg / 4, rank: rank), keepDims: arg % 2 == 1)
        case 1:
            let steps = [1, 2, -1, 3, -2, 0, -3]
            let start: Int? = arg % 3 == 0 ? nil : arg % 5 - 2
            let stop: Int? = arg % 2 == 0 ? nil : arg % 7 - 3
            return try t.index([.slice(start: start, stop: stop, step: steps[arg % steps.count])])
        case 2:
            let shapes: [[Int]] = [[t.count], [1, t.count], Array(t.shape.reversed()), [-1], [t.count, -1],
                                   [2, -1], [0], t.shape + [1], [3, -1, 1]]
            return try t.reshape(shapes[arg % shapes.count])
        case 3:
            return try Tensor.concatenate([t, t], axis: axis(arg, rank: rank))
        case 4:
            if arg % 2 == 0 { return try Tensor.matmul(t, t) }
            return try Tensor.matmul(t, t.permuted(Array((0..<rank).reversed())))
        case 5:
            let options = FuzzProperties.options(arg, width: t.shape.last ?? 0)
            if let problem = FuzzProperties.attendMatchesTextbook(t, options: options) { problems.append(problem) }
            return try Attention.attend(t, t, t, options: options)
        case 6:
            let s = try t.softmax(axis: axis(arg, rank: rank))
            if let problem = softmaxSumsToOne(input: t, output: s, axis: axis(arg, rank: rank)) { problems.append(problem) }
            return s
        case 7:
            if let problem = readsBack(.tensor(t)) { problems.append(problem) }
            _ = Printer.numpyRepr(t)
            _ = Printer.numpyStr(t)
            _ = Printer.format(t, precision: .digits(1 + arg % 17), lineWidth: 10 + arg)
            return nil
        case 8:
            return try t.converted(to: DType.allCases[arg % DType.allCases.count])
        case 9:
            if arg % 2 == 0 { return try Tensor.stack([t, t], axis: axis(arg / 2, rank: rank + 1)) }
            return try t.moveAxis(axis(arg / 2, rank: rank), to: axis(arg / 3, rank: rank))
        case 10:
            if arg % 2 == 0 { return try t.logSumExp(axis: arg % 4 == 0 ? nil : axis(arg / 4, rank: rank)) }
            return try t.norm(axis: arg % 4 == 1 ? nil : axis(arg / 4, rank: rank))
        default:
            return try t.index([.at(arg - 10)])
        }
    }

    /// Rows of a softmax over finite float input sum to 1 (within the
    /// dtype's rounding, times the row length).
    static func softmaxSumsToOne(input: Tensor, output: Tensor, axis: Int) -> String? {
        guard input.dtype.isFloatingPoint, input.count > 0, !Interrupt.isRequested,
              input.storage.doubles.allSatisfy(\.isFinite),
              let sums = try? output.converted(to: .float64).reduce(.sum, axis: axis) else { return nil }
        let rowLength = Double(input.count / max(1, sums.count))
        let tolerance = (output.dtype == .float32 ? 1e-5 : 1e-12) * max(1, rowLength)
        for s in sums.storage.doubles where !(abs(s - 1) <= tolerance) {
            return "softmax over axis \(axis) of shape \(input.shape) \(input.dtype): a row sums to \(s)"
        }
        return nil
    }

    /// Whether `value`, written as a claim at full precision (as `attn fix`
    /// writes one), reads back through the claim parser as a claim the
    /// value satisfies; nil when it does (or is not a tensor), else why not.
    public static func readsBack(_ value: Value) -> String? {
        guard let t = value.tensor else { return nil }
        let written = Printer.format(t, precision: .full, lineWidth: 80, summarize: false)
        if Interrupt.isRequested { return nil }
        let claim: Claim
        do {
            claim = try ClaimParser.parse(written)
        } catch {
            return "a printed \(t.dtype) tensor of shape \(t.shape) does not read back: \(error) in \(written.prefix(200))"
        }
        let verdict = ClaimComparison.compare(claim, actual: t)
        guard verdict.holds else {
            return "a printed \(t.dtype) tensor of shape \(t.shape) reads back unequal: \(verdict) in \(written.prefix(200))"
        }
        return nil
    }
}
