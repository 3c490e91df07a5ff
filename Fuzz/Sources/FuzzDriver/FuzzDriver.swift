import AttnFuzzing
import Foundation

// Swift renames an executable's `main` when it is built with
// -sanitize=fuzzer, so libFuzzer's own `main` is not the one that runs: each
// harness's top-level code calls `LLVMFuzzerRunDriver` itself, with the
// command line and a C callback that runs one input.

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// The entry point the callback runs; set once, before the driver starts.
nonisolated(unsafe) private var current: FuzzTargets.Entry = { _ in [] }
nonisolated(unsafe) private var currentName = ""

public enum FuzzDriver {
    /// Runs libFuzzer on the entry point named `target`, with this process's
    /// arguments (libFuzzer's flags, corpus folders or inputs to replay);
    /// exits with libFuzzer's status.
    public static func run(target: String) -> Never {
        guard let entry = FuzzTargets.entry(named: target) else {
            say("no fuzz target named \(target)")
            exit(2)
        }
        current = entry
        currentName = target
        FuzzLimits.apply()
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
            let problems = current(bytes)
            if !problems.isEmpty {
                // A broken property is a finding: abort, so libFuzzer keeps the input.
                for problem in problems { say("attn-fuzz \(currentName): property failed: \(problem)") }
                abort()
            }
            return 0
        }
        exit(status)
    }
}

/// Writes a line to standard error.
private func say(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
