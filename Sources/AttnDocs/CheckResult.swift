/// How one check came out.
public enum Verdict: Sendable, Equatable {
    /// The claim holds.
    case passed
    /// The claim does not hold: the code ran and showed something else.
    case failed
    /// The document's own code fails (a name never defined, code that does
    /// not parse, a statement that raised where no claim expected it), so
    /// the claims on it cannot be judged. Counted apart; it fails the run.
    case error
    /// Not checked, and why. Counted apart from passed and failed: a skipped
    /// claim neither fails the document nor counts as checked.
    case skipped(SkipReason)

    /// `passed`, `failed`, `error`, `not reproducible`, `unsupported`: the
    /// verdict's name in reports.
    public var name: String {
        switch self {
        case .passed: return "passed"
        case .failed: return "failed"
        case .error: return "error"
        case .skipped(.notReproducible): return "not reproducible"
        case .skipped(.unsupported): return "unsupported"
        }
    }
}

/// Why a claim was not checked.
public enum SkipReason: Sendable, Hashable, CustomStringConvertible {
    /// The code needs something attn does not run yet: a language with no
    /// dialect registered (`Python code needs the Python dialect`), a
    /// construct, function or module the dialect lacks (its
    /// `Diagnostic.Kind.unsupported` message), an IPython magic. The text
    /// names it.
    case unsupported(String)
    /// What the claim is about derives from an unseeded random generator
    /// (`Outcome.notReproducible`), so no run can reproduce it; the text
    /// names the draw.
    case notReproducible(String)

    public var description: String {
        switch self {
        case .unsupported(let what): return "unsupported: \(what)"
        case .notReproducible(let why): return "not reproducible: \(why)"
        }
    }
}

/// The verdict on one claim, or on one statement that failed where nothing
/// said it would.
public struct CheckResult: Sendable {
    /// What was checked.
    public enum Kind: Sendable, Equatable {
        /// A claim (an annotation or a transcript output).
        case claim
        /// A statement that raised an error no claim expected.
        case statementError
        /// Code that does not parse.
        case parseError
        /// A claim that follows no statement.
        case orphan
        /// A file that could not be read.
        case unreadable
        /// Checking stopped here before the document's end: Ctrl-C, or the
        /// document ran out of time (`--timeout`). What follows was not run.
        case stopped
    }

    public var kind: Kind
    public var path: String
    /// The 1-based document line the verdict is about (the claim's line
    /// for claims; in a notebook, the line of the JSON file).
    public var line: Int
    /// The notebook cell it is about; nil in text documents.
    public var cell: CellPlace?
    /// In a notebook: the 1-based line inside the cell's stored output
    /// (for a claim) or inside the cell's source (for a failing statement).
    public var cellLine: Int?
    /// The statement's source text (for a transcript, the whole input).
    public var statement: String
    /// The claim as written (markers removed), when there is one.
    public var claim: String?
    /// How the claim is written (`# =>`, `# prints:`, transcript output), when there is one.
    public var form: ClaimSite.Form?
    public var verdict: Verdict
    /// Why it failed, or why it was skipped, one line each (multi-line values
    /// keep their layout).
    public var details: [String]
    /// What the code showed where the claim is, as text (nil when it did
    /// not run or showed nothing to compare).
    public var actual: String?
    /// The slips that reproduce the claim, each as "claim matches if ...".
    public var diagnoses: [String]
    /// For a failing value claim: the claim rewritten with the actual value,
    /// at the precision and in the style the document used.
    public var replacement: Replacement?

    public init(kind: Kind, path: String, line: Int, statement: String, claim: String?, verdict: Verdict,
                details: [String] = [], diagnoses: [String] = [], replacement: Replacement? = nil) {
        self.kind = kind
        self.path = path
        self.line = line
        self.statement = statement
        self.claim = claim
        self.verdict = verdict
        self.details = details
        self.diagnoses = diagnoses
        self.replacement = replacement
    }

    public init(kind: Kind, path: String, line: Int, statement: String, claim: String?, passed: Bool,
                details: [String] = [], diagnoses: [String] = [], replacement: Replacement? = nil) {
        self.init(kind: kind, path: path, line: line, statement: statement, claim: claim,
                  verdict: passed ? .passed : .failed, details: details, diagnoses: diagnoses, replacement: replacement)
    }

    /// Whether the check held; setting it makes the verdict passed or failed.
    public var passed: Bool {
        get { verdict == .passed }
        set { verdict = newValue ? .passed : .failed }
    }

    /// Whether the claim failed (not an error, not skipped).
    public var failed: Bool { verdict == .failed }

    /// Whether the document's own code failed here.
    public var isError: Bool { verdict == .error }

    /// Whether the run must fail for it: a failed claim or an error.
    public var fails: Bool { verdict == .failed || verdict == .error }

    /// Why it was not checked, when it was skipped.
    public var skipReason: SkipReason? {
        if case .skipped(let reason) = verdict { return reason }
        return nil
    }

    /// `FILE:LINE: claim failed` (or what else failed); in a notebook
    /// `FILE: cell 5 (In [3]), output line 2: claim failed`.
    public var headline: String {
        let what: String
        switch kind {
        case .claim:
            switch verdict {
            case .passed: what = "claim holds"
            case .failed: what = "claim failed"
            case .error: what = "error: the code failed"
            case .skipped(let reason): what = "skipped: \(reason)"
            }
        case .statementError: what = "statement failed"
        case .parseError: what = "does not parse"
        case .orphan: what = "claim follows no statement"
        case .unreadable: what = "cannot be read"
        case .stopped: what = "checking stopped"
        }
        return "\(location): \(what)"
    }

    /// What the verdict is about, in reports: the claim's form
    /// (`ClaimSite.Form.name`), or `statement`, `parse`, `orphan claim`,
    /// `unreadable`, `stopped`.
    public var kindName: String {
        switch kind {
        case .claim: return form?.name ?? "claim"
        case .statementError: return "statement"
        case .parseError: return "parse"
        case .orphan: return "orphan claim"
        case .unreadable: return "unreadable"
        case .stopped: return "stopped"
        }
    }

    /// Where it is: `FILE:LINE`, or `FILE: cell N (In [k])` with the line
    /// inside the cell's output (claims) or source (statements).
    public var location: String {
        guard let cell else { return "\(path):\(line)" }
        let inside = cellLine.map { kind == .claim ? ", output line \($0)" : ", line \($0)" } ?? ""
        return "\(path): \(cell.description)\(inside)"
    }

    /// The full failure report: the headline, then the details indented by two.
    public var report: String {
        var out = [headline]
        if !statement.isEmpty { out.append(Self.field("statement:", statement)) }
        if let claim { out.append(Self.field("claim:", claim)) }
        out += details
        out += diagnoses
        return out.joined(separator: "\n").replacingOccurrences(of: "\n", with: "\n  ")
    }

    /// `label     value`, with the value's further lines lined up under its first.
    static func field(_ label: String, _ value: String) -> String {
        let padded = label.padding(toLength: max(label.count + 1, 11), withPad: " ", startingAt: 0)
        let indent = String(repeating: " ", count: padded.count)
        return padded + value.replacingOccurrences(of: "\n", with: "\n" + indent)
    }
}

/// Bytes of a document to replace, and what with.
public struct Replacement: Sendable, Equatable {
    /// Byte offsets into the document.
    public var span: Range<Int>
    public var text: String

    public init(span: Range<Int>, text: String) {
        self.span = span
        self.text = text
    }
}

/// Everything checked in one file.
public struct FileReport: Sendable {
    public var path: String
    public var results: [CheckResult]
    /// How many claims the document holds, checked or not (`Document.claims`);
    /// 0 for a file that claims nothing or could not be read.
    public var claimCount: Int
    /// The first random draw from a stream made without a seed, described,
    /// when the run made one (`Outcome.notReproducible`).
    var unseededDraw: String?

    public init(path: String, results: [CheckResult], claimCount: Int = 0) {
        self.path = path
        self.results = results
        self.claimCount = claimCount
    }

    public var passed: Int { results.filter(\.passed).count }
    public var failed: Int { results.filter(\.failed).count }
    public var errors: Int { results.filter(\.isError).count }
    public var skipped: Int { results.filter { $0.skipReason != nil }.count }
    /// Failed claims and errors: what makes the run fail.
    public var failures: [CheckResult] { results.filter(\.fails) }
    /// Whether the file was read and holds no claim at all.
    public var holdsNoClaim: Bool { claimCount == 0 && !results.contains { $0.kind == .unreadable } }
}
