import AttnCore
import AttnLang
import Foundation

// The fuzz entry points: one function per reader of untrusted input, each
// taking raw bytes and never crashing, whatever the bytes. They are the code
// the libFuzzer harnesses in Fuzz/ call (built there with sanitizers) and the
// code the regression test replays every input under Fuzz/Regressions/ through
// (in `make test`, without sanitizers). A crash, a hang past the time limit
// or a failed property is a bug in attn, not in the harness.
//
// A property that does not hold is not a crash here: each entry point returns
// the properties that failed, as sentences, and the caller decides (the
// harness aborts, so libFuzzer keeps the input; the test fails).
//
// Every run is small and sandboxed: tensors of at most `FuzzLimits.maxElements`
// elements, a memory budget of `FuzzLimits.memoryBytes`, file access confined
// to an empty scratch folder with saves kept in memory, and a time limit
// enforced by `Interrupt`, as `attn check --timeout` does.

/// The limits every entry point runs under.
public enum FuzzLimits {
    /// `--max-elements` for fuzzed programs: large enough for every shape
    /// rule to matter, small enough that any one operation is quick.
    public static let maxElements = 1 << 12
    /// The memory budget, in bytes.
    public static let memoryBytes = 64 << 20
    /// Seconds one program may run before it is interrupted.
    public static let seconds = 0.3

    /// Sets the process-wide limits (tensor size, memory budget) for fuzzing
    /// and returns a function that restores what they were, for tests that
    /// share the process with others.
    @discardableResult
    public static func apply() -> () -> Void {
        let (elements, memory) = (Tensor.maxElements, MemoryBudget.limit)
        Tensor.maxElements = maxElements
        MemoryBudget.limit = memoryBytes
        return {
            Tensor.maxElements = elements
            MemoryBudget.limit = memory
        }
    }

    /// This process's folder for fuzzing: `box/` (the sandbox), `outside/`
    /// (files a program must not read or touch) and `scratch/` (the history
    /// target's files).
    static let root: String = {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("attn-fuzz-\(getpid())")
        for folder in ["box", "outside", "scratch"] {
            try? FileManager.default.createDirectory(atPath: (path as NSString).appendingPathComponent(folder),
                                                     withIntermediateDirectories: true)
        }
        // The decoys, beside the sandbox: `../outside/secret.npy` from a
        // program's point of view (the dictionaries hold these names).
        let outside = (path as NSString).appendingPathComponent("outside")
        if let npy = try? NPY.encode(Tensor(vector: [secret])) {
            FileManager.default.createFile(atPath: (outside as NSString).appendingPathComponent("secret.npy"), contents: Data(npy))
        }
        for name in ["secret.csv", "secret.txt"] {
            FileManager.default.createFile(atPath: (outside as NSString).appendingPathComponent(name), contents: Data("\(secret)\n".utf8))
        }
        // Removed when the process ends (a test process, or a fuzzer that
        // stops without a finding).
        atexit { try? FileManager.default.removeItem(atPath: FuzzLimits.root) }
        return path
    }()

    /// The only folder fuzzed programs and documents may read from; their
    /// saves go to a scratch area in memory, so it stays empty.
    public static var sandbox: String { (root as NSString).appendingPathComponent("box") }

    /// Where the history target writes its files.
    static var scratch: String { (root as NSString).appendingPathComponent("scratch") }

    /// The number the decoy files outside the sandbox hold.
    static let secret = 8675309.0625

    private static var outside: String { (root as NSString).appendingPathComponent("outside") }

    /// The decoys' names, sizes and modification times.
    private static func outsideState() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: outside))?.sorted() ?? []
        return names.map { name in
            let attributes = try? FileManager.default.attributesOfItem(atPath: (outside as NSString).appendingPathComponent(name))
            let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
            let time = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
            return "\(name) \(size) \(time)"
        }
    }

    private static let outsideAtStart = outsideState()

    /// That nothing was written to the sandbox (its saves are kept in
    /// memory) or outside it, and that the program, whose text is `text`,
    /// showed nothing read from the decoys outside it (`shown`); nil when
    /// all holds, else what did not.
    static func checkSandbox(text: String, shown: [String]) -> String? {
        _ = root
        let inBox = (try? FileManager.default.contentsOfDirectory(atPath: sandbox)) ?? []
        if !inBox.isEmpty {
            for name in inBox { try? FileManager.default.removeItem(atPath: (sandbox as NSString).appendingPathComponent(name)) }
            return "files were written to the sandbox, whose saves should stay in memory: \(inBox.sorted())"
        }
        let now = outsideState()
        if now != outsideAtStart {
            return "the folder outside the sandbox changed: \(outsideAtStart) became \(now)"
        }
        // The secret as numpy (8675309.0625), attn (8.67531e6) or a
        // format of 7 or more digits shows it.
        let marks = ["8675309", "8.675309", "8.67531e"]
        if !marks.contains(where: text.contains), let line = shown.first(where: { line in marks.contains(where: line.contains) }) {
            return "the program showed the number held by a file outside its sandbox: \(line.prefix(200))"
        }
        return nil
    }

    /// Runs `body` with the time limit: a stop is requested (`Interrupt`,
    /// reason `.timeout`) when it runs longer than `seconds`.
    static func withTimeLimit<T>(_ body: () -> T) -> T {
        Interrupt.clear()
        let item = DispatchWorkItem { Interrupt.request(.timeout) }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: item)
        defer {
            item.cancel()
            Interrupt.clear()
        }
        return body()
    }
}

/// UTF-8 text from any bytes (invalid sequences become U+FFFD, as a reader
/// of a file would see them).
func text(_ bytes: [UInt8]) -> String {
    String(decoding: bytes, as: UTF8.self)
}
