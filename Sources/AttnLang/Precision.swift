/// How many digits printed numbers get: the one reader of the setting, which
/// `--precision`, `:precision` and `precision(...)` all take as `N` or `full`.
public enum Precision: Sendable, Equatable {
    /// Significant digits, 1 to 17 (a float32 value shows at most 9).
    case digits(Int)
    /// The shortest text that reads back as the same Double (as the same
    /// float32, for a float32 value).
    case full

    /// What numbers print with until a program or an option says otherwise.
    public static let standard = Precision.digits(6)
    /// The significant digits one may ask for; 17 tell any two Doubles apart.
    public static let digitRange = 1...17
    /// What the setting takes, for the message when it does not read.
    public static let expected = "a number of digits from \(digitRange.lowerBound) to \(digitRange.upperBound), or full"

    /// `n` significant digits; nil outside `digitRange`.
    public init?(digits n: Int) {
        guard Precision.digitRange.contains(n) else { return nil }
        self = .digits(n)
    }

    /// The setting as written: `full`, or a number of digits (`6`).
    public init?(_ text: String) {
        if text == "full" {
            self = .full
        } else if let n = Int(text) {
            self.init(digits: n)
        } else {
            return nil
        }
    }
}
