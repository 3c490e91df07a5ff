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

    /// An empty folder of this process's, the only place fuzzed programs may
    /// read from; their saves go to a scratch area in memory.
    public static let sandbox: String = {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("attn-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

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
