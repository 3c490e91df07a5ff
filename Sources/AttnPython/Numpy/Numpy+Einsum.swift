import AttnCore
import AttnLang

/// `np.einsum(subscripts, *operands)`: Einstein summation, explicit
/// (`'bhqd,bhkd->bhqk'`) or implicit (`'ij,jk'`: the output is the labels
/// that appear once, in alphabetical order), with `...` for broadcast
/// leading axes and repeated labels in one operand for diagonals (`'ii'`).
///
/// Evaluation reduces everything to AttnCore's operations: a diagonal is a
/// gather, a label only one operand has and the output lacks is summed out
/// at once (`reduce(.sum)`), and operands are folded left to right, each
/// pair a batched matrix product (`Tensor.matmul`: batch labels, the
/// first's own labels, the contracted labels, the second's own labels).
/// The result has numpy's dtype (the operands' promoted dtype: int32 stays
/// int32, bools combine with `and` and `or`). Every intermediate's size is
/// checked by the core before it is built. The order of the additions is
/// the GEMM's, not numpy's sum-of-products loop, so float results may
/// differ from numpy's in the last bit.
enum Einsum {
    /// A label: a letter's code, or 1000 + k for the k-th broadcast (`...`) axis.
    typealias Label = Int

    static func register(_ m: inout ModuleBuilder) {
        m.dict["einsum"] = .builtin(PyBuiltin("einsum") { args, _ throws(PyError) in
            for k in args.keywords where !["optimize", "dtype", "out", "order", "casting"].contains(k.name) {
                throw PyError.type("einsum() got an unexpected keyword argument '\(k.name)'")
            }
            guard let first = args.positional.first else { throw PyError.type("einsum() takes at least 1 positional argument (0 given)") }
            guard case .str(let subscripts) = first else {
                throw PyError.unsupported("np.einsum with operands and sublists (einsum(a, [0, 1])) is not supported yet")
            }
            var operands: [Tensor] = []
            for v in args.positional.dropFirst() { operands.append(try NumpyValues.asArray(v)) }
            var result = try evaluate(subscripts, operands)
            if let d = args.keyword("dtype"), let dtype = try NumpyValues.dtype(d) {
                result = try PyError.core { () throws(CoreError) in try result.converted(to: dtype) }
            }
            return NumpyValues.wrap(result)
        })
    }

    static func evaluate(_ subscripts: String, _ operands: [Tensor]) throws(PyError) -> Tensor {
        let (inputs, output) = try parse(subscripts, operands)
        for (n, labels) in inputs.enumerated() {
            for l in Set(labels) {
                let lengths = labels.indices.filter { labels[$0] == l }.map { operands[n].shape[$0] }
                if let bad = lengths.first(where: { $0 != lengths[0] }) {
                    let which = operands.count == 1 ? "single operand" : "operand \(n)"
                    throw PyError.value("dimensions in \(which) for collapsing index '\(character(l))' don't match (\(lengths[0]) != \(bad))")
                }
            }
        }
        let sizes = try labelSizes(inputs, output, operands)
        let dtype = operands.dropFirst().reduce(operands[0].dtype) { DType.promoted($0, $1.dtype) }
        var terms: [(labels: [Label], tensor: Tensor)] = []
        for (n, t) in operands.enumerated() {
            var term = try diagonal(t, inputs[n], operand: n)
            // Length-1 axes broadcast to the label's length.
            let full = term.labels.map { sizes[$0] ?? 1 }
            if full != term.tensor.shape {
                let spread = term.tensor
                term.tensor = try PyError.core { () throws(CoreError) in try spread.broadcast(to: full) }
            }
            terms.append(term)
        }
        var acc = terms[0]
        for n in 1..<max(terms.count, 1) {
            let later = Set(output + terms[(n + 1)...].flatMap(\.labels))
            var next = terms[n]
            acc = try summedOut(acc, keeping: later.union(next.labels))
            next = try summedOut(next, keeping: later.union(acc.labels))
            acc = try product(acc, next, keeping: later)
        }
        acc = try summedOut(acc, keeping: Set(output))
        let order = output.compactMap { acc.labels.firstIndex(of: $0) }
        let result = try NumpyMethods.transposed(acc.tensor, order)
        return try PyError.core { () throws(CoreError) in try result.converted(to: dtype) }
    }

    // MARK: - Parsing

    /// The labels of each operand and of the output, with numpy's messages.
    private static func parse(_ subscripts: String, _ operands: [Tensor]) throws(PyError) -> ([[Label]], [Label]) {
        let text = subscripts.filter { $0 != " " }
        let sides = text.components(separatedBy: "->")
        guard sides.count <= 2 else { throw PyError.value("einstein sum subscript string does not contain proper '->' output specified") }
        let terms = sides[0].components(separatedBy: ",")
        // numpy's own wording, which reads the other way round.
        if terms.count < operands.count {
            throw PyError.value("fewer operands provided to einstein sum function than specified in the subscripts string")
        }
        if terms.count > operands.count {
            throw PyError.value("more operands provided to einstein sum function than specified in the subscripts string")
        }
        // Each term's letters, and how many axes its ellipsis stands for.
        var letters: [[Label?]] = []
        var ellipsisWidth = 0
        for (n, term) in terms.enumerated() {
            let parsed = try labels(term, operand: n)
            let named = parsed.filter { $0 != nil }.count
            let rank = operands[n].rank
            if named > rank {
                throw PyError.value("einstein sum subscripts string contains too many subscripts for operand \(n)")
            }
            if !parsed.contains(nil) && named < rank {
                throw PyError.value("operand has more dimensions than subscripts given in einstein sum, but no '...' ellipsis provided to broadcast the extra dimensions.")
            }
            if parsed.contains(nil) { ellipsisWidth = max(ellipsisWidth, rank - named) }
            letters.append(parsed)
        }
        func expand(_ parsed: [Label?], width: Int) -> [Label] {
            parsed.flatMap { (l: Label?) -> [Label] in
                l.map { [$0] } ?? (ellipsisWidth - width..<ellipsisWidth).map { 1000 + $0 }
            }
        }
        let inputs = letters.enumerated().map { n, parsed in
            expand(parsed, width: operands[n].rank - parsed.filter { $0 != nil }.count)
        }
        let output: [Label]
        if sides.count == 2 {
            let parsed = try labels(sides[1], operand: nil)
            for l in parsed.compactMap({ $0 }) {
                guard inputs.contains(where: { $0.contains(l) }) else {
                    throw PyError.value("einstein sum subscripts string included output subscript '\(character(l))' which never appeared in an input")
                }
                guard parsed.filter({ $0 == l }).count == 1 else {
                    throw PyError.value("einstein sum subscripts string includes output subscript '\(character(l))' multiple times")
                }
            }
            output = expand(parsed, width: ellipsisWidth)
        } else {
            let all = inputs.flatMap { $0 }
            let once = Set(all.filter { l in l < 1000 && all.filter { $0 == l }.count == 1 })
            output = (0..<ellipsisWidth).map { 1000 + $0 } + once.sorted()
        }
        return (inputs, output)
    }

    /// A term's labels: letters, and nil where `...` stands.
    private static func labels(_ term: String, operand: Int?) throws(PyError) -> [Label?] {
        var out: [Label?] = []
        var rest = Substring(term)
        while let c = rest.first {
            if rest.hasPrefix("...") {
                guard !out.contains(where: { $0 == nil }) else {
                    throw PyError.value("einstein sum subscripts string contains too many ellipses ('...')")
                }
                out.append(nil)
                rest = rest.dropFirst(3)
                continue
            }
            guard c.isASCII, c.isLetter, let code = c.asciiValue else {
                if c == "." {
                    let place = operand.map { " in operand \($0)" } ?? " in the output"
                    throw PyError.value("einstein sum subscripts string contains a '.' that is not part of an ellipsis ('...')" + place)
                }
                throw PyError.value("invalid subscript '\(c)' in einstein sum subscripts string, subscripts must be letters")
            }
            out.append(Int(code))
            rest = rest.dropFirst()
        }
        return out
    }

    private static func character(_ l: Label) -> String {
        l < 128 ? String(UnicodeScalar(UInt8(l))) : "..."
    }

    /// Each label's length: equal across operands, or 1 (which broadcasts);
    /// otherwise numpy's iterator error, which shows each operand's axes laid
    /// over the output labels followed by the summed ones in label order.
    private static func labelSizes(_ inputs: [[Label]], _ output: [Label], _ operands: [Tensor]) throws(PyError) -> [Label: Int] {
        var sizes: [Label: Int] = [:]
        var clash = false
        for (n, labels) in inputs.enumerated() {
            for (axis, l) in labels.enumerated() {
                let d = operands[n].shape[axis]
                if let s = sizes[l], s != d {
                    if s == 1 { sizes[l] = d } else if d != 1 { clash = true }
                } else if sizes[l] == nil {
                    sizes[l] = d
                }
            }
        }
        guard clash else { return sizes }
        let summed = Set(inputs.flatMap { $0 }).subtracting(output).sorted()
        let order = output + summed
        let described = inputs.enumerated().map { n, labels -> String in
            var remapped = order.map { l in labels.firstIndex(of: l).map { String(operands[n].shape[$0]) } ?? "newaxis" }
            while remapped.first == "newaxis" { remapped.removeFirst() }
            let text = remapped.count == 1 ? "(\(remapped[0]),)" : "(" + remapped.joined(separator: ",") + ")"
            return NumpyOps.pythonShape(operands[n].shape) + "->" + text
        }
        throw PyError.value("operands could not be broadcast together with remapped shapes [original->remapped]: " + described.joined(separator: " ") + " ")
    }

    // MARK: - Evaluation

    /// An operand with its repeated labels collapsed to their diagonal.
    private static func diagonal(_ t: Tensor, _ labels: [Label], operand n: Int) throws(PyError) -> (labels: [Label], tensor: Tensor) {
        var unique: [Label] = []
        for l in labels where !unique.contains(l) { unique.append(l) }
        guard unique.count < labels.count else { return (labels, t) }
        var shape: [Int] = []
        var strides: [Int] = []
        let own = t.strides
        for l in unique {
            let axes = labels.indices.filter { labels[$0] == l }
            shape.append(t.shape[axes[0]])
            strides.append(axes.reduce(0) { $0 + own[$1] })
        }
        let count = try PyError.core { () throws(CoreError) in try Tensor.checkedCount(shape, dtype: t.dtype) }
        var offsets: [Int] = []
        offsets.reserveCapacity(count)
        var index = [Int](repeating: 0, count: shape.count)
        for _ in 0..<count {
            offsets.append(zip(index, strides).reduce(0) { $0 + $1.0 * $1.1 })
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        let flat = try PyError.core { () throws(CoreError) in try t.reshape([t.count]) }
        let picked = try NumpyIndexing.gather(flat, NumpyIndexing.Selection(starts: offsets, block: 1, shape: [count]))
        return (unique, try PyError.core { () throws(CoreError) in try picked.reshape(shape) })
    }

    /// The term with the labels outside `keeping` summed out (in the
    /// term's dtype for floats; integers and bools sum in int64 and are
    /// cast back at the end, which wraps and ors as numpy's loops do).
    private static func summedOut(_ term: (labels: [Label], tensor: Tensor), keeping: Set<Label>) throws(PyError) -> (labels: [Label], tensor: Tensor) {
        let axes = term.labels.indices.filter { !keeping.contains(term.labels[$0]) }
        guard !axes.isEmpty else { return term }
        let summed = try NumpyMethods.reduce(term.tensor, .sum, axes: axes, keepDims: false)
        return (term.labels.filter { keeping.contains($0) }, summed)
    }

    /// Two terms multiplied, their shared labels outside `keeping` contracted:
    /// one batched matrix product.
    private static func product(_ a: (labels: [Label], tensor: Tensor), _ b: (labels: [Label], tensor: Tensor),
                                keeping: Set<Label>) throws(PyError) -> (labels: [Label], tensor: Tensor) {
        let shared = a.labels.filter { b.labels.contains($0) }
        let batch = shared.filter { keeping.contains($0) }
        let contracted = shared.filter { !keeping.contains($0) }
        let left = a.labels.filter { !shared.contains($0) }
        let right = b.labels.filter { !shared.contains($0) }
        func length(_ term: (labels: [Label], tensor: Tensor), _ ls: [Label]) -> [Int] {
            ls.compactMap { l in term.labels.firstIndex(of: l).map { term.tensor.shape[$0] } }
        }
        let batchShape = length(a, batch), leftShape = length(a, left), rightShape = length(b, right)
        let k = length(a, contracted).reduce(1, *)
        let x = try NumpyMethods.transposed(a.tensor, (batch + left + contracted).compactMap { a.labels.firstIndex(of: $0) })
        let y = try NumpyMethods.transposed(b.tensor, (batch + contracted + right).compactMap { b.labels.firstIndex(of: $0) })
        let p = try PyError.core { () throws(CoreError) in
            let bx = try x.reshape([batchShape.reduce(1, *), leftShape.reduce(1, *), k])
            let by = try y.reshape([batchShape.reduce(1, *), k, rightShape.reduce(1, *)])
            return try Tensor.matmul(bx, by).reshape(batchShape + leftShape + rightShape)
        }
        return (batch + left + right, p)
    }
}
