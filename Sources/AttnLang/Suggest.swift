import AttnCore

/// "Did you mean" suggestions and hints for common slips.
public enum Suggest {
    /// The candidate closest to `name` by edit distance, if close enough to
    /// be a plausible typo: at most a third of the name's length, and for
    /// names under three letters only a difference of case.
    public static func closest(to name: String, in candidates: [String]) -> String? {
        let limit = name.count >= 3 ? max(1, name.count / 3) : 0
        var best: (String, Int)?
        for c in Set(candidates) where c != name {
            let d = distance(name.lowercased(), c.lowercased())
            if d <= limit, best.map({ d < $0.1 || (d == $0.1 && c < $0.0) }) ?? true { best = (c, d) }
        }
        return best?.0
    }

    /// "did you mean 'x'?" for the candidate closest to `name`, written by
    /// `spell` (`'axis:'`, `:vars`); nil when none is close enough. Every
    /// suggestion attn makes is worded here.
    public static func didYouMean(
        _ name: String, in candidates: [String], spell: (String) -> String = { "'\($0)'" }
    ) -> String? {
        closest(to: name, in: candidates).map { "did you mean \(spell($0))?" }
    }

    /// Edit distance counting a swap of two neighbouring letters as one edit
    /// (optimal string alignment), since `qeury` for `query` is the commonest
    /// typo and plain Levenshtein counts it as two.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var beforePrevious = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count)
        var row = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            row[0] = i
            for j in 1...y.count {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    row[j] = min(row[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, row) = (previous, row, beforePrevious)
        }
        return previous[y.count]
    }

    /// A hint for a failed binary operation between two shapes.
    static func shapeHint(_ op: BinaryOp, _ a: [Int], _ b: [Int]) -> [String] {
        if op == .matmul, a.count >= 2, b.count >= 2, a.last == b.last {
            return ["the last axes agree: did you mean a @ b.T?"]
        }
        if op == .multiply, a.count == 2, b.count == 2, a[1] == b[0] {
            return ["'*' is elementwise; use '@' for the matrix product"]
        }
        return []
    }
}
