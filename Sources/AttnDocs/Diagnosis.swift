import AttnCore
import AttnLang
import Foundation

/// Why a value claim may be wrong: the slips that reproduce it.
///
/// Two kinds are tried. The claim's own digits: the value truncated instead
/// of rounded, or rounded to fewer digits than the claim writes. And the
/// usual mistakes in computing attention (`Slip.all`), each replayed through
/// the session's dialect (`AttnDialect.replay`), which re-runs the statement
/// with the slip applied and leaves the session as it found it; a call to
/// `save` is refused during a replay.
public enum Diagnosis {
    /// Each slip that makes `claim` hold, as a phrase completing "claim matches if ...".
    ///
    /// - Parameter outcome: the statement's outcome when the claim is about
    ///   one statement, or nil (then only the claim's digits are examined).
    public static func explain(claim: Claim, actual: Tensor, outcome: Outcome?, in session: Session) -> [String] {
        guard case .value = claim else { return [] }
        var found = digitSlips(claim: claim, actual: actual)
        guard let outcome, let dialect = session.dialect as? AttnDialect else { return found }
        for slip in Slip.all {
            if Interrupt.isRequested { break }
            let value = dialect.replay(outcome.step, lastBefore: outcome.lastBefore, rewrite: { slip.transform?($0) }) {
                builtin, arguments throws(Diagnostic) in
                if builtin.name == "save" { throw Diagnostic("diagnosis does not write files", at: arguments.callRange) }
                return slip.rewrite(builtin, &arguments)
            }
            guard case .tensor(let t)? = value else { continue }
            if ClaimComparison.compare(claim, actual: t).holds { found.append(slip.description) }
        }
        return found
    }

    // MARK: - Digits

    /// The slips of the claim's own digits, each when it explains every
    /// element that misses:
    /// - "the value is truncated, not rounded, to the digits written";
    /// - "the value is rounded to fewer digits than the claim writes";
    /// - the last digit rounded the other way (the claim is one unit in its
    ///   last place from the correctly rounded value, and on the value's
    ///   other side), when not truncation;
    /// - mistyped digits: the claim has the correctly rounded value's digits
    ///   with two neighbours swapped or one digit changed (named, for up to
    ///   three elements).
    static func digitSlips(claim: Claim, actual: Tensor) -> [String] {
        guard case .value(let shape, let numbers, _) = claim, shape == actual.shape, numbers.count == actual.count else { return [] }
        var truncated = true, roundedFurther = true, otherWay = true, typos: [String]? = []
        var anyMiss = false
        for (number, a) in zip(numbers, actual.scalars) where !number.isSatisfied(by: a) {
            anyMiss = true
            guard let k = decimals(number.text), a.isFinite else { return [] }
            let close = { (x: Double) in abs(x - number.value) <= 1e-9 * pow(10, -Double(k)) + abs(number.value) * 1e-12 }
            let scale = pow(10, Double(k))
            if !close((a * scale).rounded(.towardZero) / scale) { truncated = false }
            if !(0..<k).contains(where: { j in close((a * pow(10, Double(j))).rounded() / pow(10, Double(j))) }) {
                roundedFurther = false
            }
            let units = (number.value * scale).rounded(), exact = a * scale
            if !(abs(units - exact.rounded()) == 1 && abs(units - exact) < 1) { otherWay = false }
            let written = String(format: "%.\(k)f", a)
            if let kind = typo(claimed: number.text, correct: written), typos != nil {
                typos?.append("\(number.text) written for \(written) (\(kind))")
            } else {
                typos = nil
            }
        }
        guard anyMiss else { return [] }
        var found: [String] = []
        if truncated { found.append("the value is truncated, not rounded, to the digits written") }
        if roundedFurther { found.append("the value is rounded to fewer digits than the claim writes") }
        if otherWay, !truncated { found.append("the last digit is rounded the wrong way") }
        if let typos, !typos.isEmpty, typos.count <= 3 {
            found.append("digits are mistyped: " + typos.joined(separator: "; "))
        }
        return found
    }

    /// "two digits swapped" or "one digit changed" when `claimed` is
    /// `correct` with that slip (same sign, point and length), else nil.
    static func typo(claimed: String, correct: String) -> String? {
        let c = Array(claimed.hasPrefix("+") ? String(claimed.dropFirst()) : claimed), r = Array(correct)
        guard c.count == r.count, c != r else { return nil }
        let differ = c.indices.filter { c[$0] != r[$0] }
        guard differ.allSatisfy({ c[$0].isNumber && r[$0].isNumber }) else { return nil }
        if differ.count == 1 { return "one digit changed" }
        if differ.count == 2, differ[1] == differ[0] + 1, c[differ[0]] == r[differ[1]], c[differ[1]] == r[differ[0]] {
            return "two digits swapped"
        }
        return nil
    }

    /// Digits after the point of a plain decimal (`0.7311` → 4, `2` → 0);
    /// nil for e-notation, inf, nan and booleans.
    static func decimals(_ text: String) -> Int? {
        guard case .literal(let literal, _)? = WrittenNumber(text), literal.exponent == nil else { return nil }
        return literal.fractionDigits
    }
}
