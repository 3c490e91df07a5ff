import AttnCore
import AttnLang
import Foundation

/// attn-bench: times attn's kernels on fixed-seed inputs, writes the inputs
/// and outputs as .npy so that bench/reference.py can time numpy on the same
/// data and bench/run.py can check both agree. Not a test: run `make bench`.
///
/// Usage: attn-bench [--json] [--dir DIR] [--runs N] [--only NAME]
/// (Whole-process cases, start-up and a long script, are timed by
/// bench/run.py, the same way for attn and for Python.)
@main
struct Bench {
    struct Case {
        let name: String
        /// Floating-point operations of one run (0 when not meaningful).
        let flops: Double
        let runs: Int
        /// Builds inputs (saved for numpy), returns the timed body.
        let prepare: (_ dir: String) throws -> () throws -> Tensor
    }

    static func main() {
        var args = Array(CommandLine.arguments.dropFirst())
        func value(_ flag: String) -> String? {
            guard let i = args.firstIndex(of: flag), i + 1 < args.count else { return nil }
            let v = args[i + 1]
            args.removeSubrange(i...(i + 1))
            return v
        }
        let json = args.contains("--json")
        let dir = value("--dir") ?? NSTemporaryDirectory() + "attn-bench"
        let runsOverride = value("--runs").flatMap(Int.init)
        let only = value("--only")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)

        var results: [[String: Any]] = []
        for c in cases() where only == nil || c.name == only {
            do {
                let baseline = peakRSS()
                let body = try c.prepare(dir)
                // Forget the set-up's peak (inputs built and written as .npy), so
                // the figure is what the timed runs add.
                let reset = resetPeakRSS()
                let before = currentRSS()
                var times: [Double] = []
                var output = Tensor(0)
                for _ in 0..<(runsOverride ?? c.runs) {
                    output = Tensor(0)  // free the previous result, so peak memory is one run's
                    let t0 = now()
                    output = try body()
                    times.append(now() - t0)
                }
                let extra = max(0, peakRSS() - (reset ? before : max(before, baseline)))
                if output.count > 1 || c.name.hasPrefix("attend") || c.name.hasPrefix("matmul") || c.name.hasPrefix("softmax") {
                    guard output.dtype == (c.name.contains("_f32") ? .float32 : .float64) else {
                        throw CoreError.invalidArgument("\(c.name) returned \(output.dtype)")
                    }
                    try NPY.write(output, path: "\(dir)/\(c.name).out.npy")
                }
                let median = times.sorted()[times.count / 2]
                var row: [String: Any] = ["name": c.name, "seconds": times, "median": median, "extra_peak_mib": Double(extra) / 1_048_576]
                if c.flops > 0 { row["gflops"] = c.flops / median / 1e9 }
                results.append(row)
                if !json {
                    print(String(format: "%-22@ %10.3f ms  %8.2f GFLOP/s  +%.1f MiB", c.name as NSString, median * 1000,
                                 c.flops > 0 ? c.flops / median / 1e9 : 0.0, Double(extra) / 1_048_576))
                }
            } catch {
                FileHandle.standardError.write(Data("attn-bench: \(c.name): \(error)\n".utf8))
            }
        }
        if json, let data = try? JSONSerialization.data(withJSONObject: ["machine": machine(), "cases": results], options: [.prettyPrinted, .sortedKeys]) {
            print(String(decoding: data, as: UTF8.self))
        }
    }

    /// The cases, float64 and float32 (`_f32` in the name: inputs are the
    /// same randn values rounded to float32, and attn computes in float32).
    static func cases() -> [Case] {
        var list: [Case] = []
        for l in [256, 1024, 4096, 16384] {
            list.append(attendCase("attend_L\(l)", l: l, d: 64, heads: 1, causal: false, runs: l >= 16384 ? 3 : 7))
        }
        for l in [1024, 4096] {
            list.append(attendCase("attend_f32_L\(l)", l: l, d: 64, heads: 1, causal: false, dtype: .float32, runs: 7))
        }
        list.append(attendCase("attend_L4096_h8", l: 4096, d: 512, heads: 8, causal: false, runs: 5))
        list.append(attendCase("attend_f32_L4096_h8", l: 4096, d: 512, heads: 8, causal: false, dtype: .float32, runs: 5))
        list.append(attendCase("attend_causal_L4096", l: 4096, d: 64, heads: 1, causal: true, runs: 7))
        list.append(attendCase("attend_f32_causal_L4096", l: 4096, d: 64, heads: 1, causal: true, dtype: .float32, runs: 7))
        // The shapes of attend_L4096 with a [4096, 4096] additive float bias (PyTorch's float attn_mask).
        list.append(attendCase("attend_bias_L4096", l: 4096, d: 64, heads: 1, causal: false, bias: true, runs: 7))
        // Grouped-query attention: 32 query heads of 64 share 8 key/value heads (K and V are 512 wide).
        list.append(attendCase("attend_gqa_h32_kv8_L2048", l: 2048, d: 2048, heads: 32, kvHeads: 8, causal: false, runs: 3))
        list.append(attendCase(
            "attend_f32_gqa_h32_kv8_L2048", l: 2048, d: 2048, heads: 32, kvHeads: 8, causal: false, dtype: .float32, runs: 3))
        // A causal sliding window of 256 keys (flash-attn's window_size=(256, 0), causal) and, for the
        // ratio, full causal attention at the same length: the window should cost about L·256, not L²/2.
        list.append(attendCase("attend_window256_L16384", l: 16384, d: 64, heads: 1, causal: true, window: 256, runs: 5))
        list.append(attendCase("attend_causal_L16384", l: 16384, d: 64, heads: 1, causal: true, runs: 3))
        list.append(attendCase(
            "attend_f32_window256_L16384", l: 16384, d: 64, heads: 1, causal: true, window: 256, dtype: .float32, runs: 5))
        list.append(attendCase("attend_f32_causal_L16384", l: 16384, d: 64, heads: 1, causal: true, dtype: .float32, runs: 3))
        for dtype in [DType.float64, .float32] {
            let name = dtype == .float32 ? "matmul_f32_1024" : "matmul_1024"
            list.append(Case(name: name, flops: 2 * pow(1024, 3), runs: 7) { dir in
                let a = try Tensor.randn([1024, 1024], seed: 11).converted(to: dtype)
                let b = try Tensor.randn([1024, 1024], seed: 12).converted(to: dtype)
                try NPY.write(a, path: "\(dir)/\(name).a.npy")
                try NPY.write(b, path: "\(dir)/\(name).b.npy")
                return { try Tensor.matmul(a, b) }
            })
        }
        for dtype in [DType.float64, .float32] {
            let name = dtype == .float32 ? "softmax_f32_4096x4096" : "softmax_4096x4096"
            list.append(Case(name: name, flops: 0, runs: 7) { dir in
                let x = try Tensor.randn([4096, 4096], seed: 13).converted(to: dtype)
                try NPY.write(x, path: "\(dir)/\(name).x.npy")
                return { try x.softmax(axis: -1) }
            })
        }
        list.append(printCase("print_randn_2000x2000") { try Tensor.randn([2000, 2000], seed: 1) })
        list.append(printCase("print_zeros_2^28") { try Tensor(repeating: 0, shape: [1 << 28]) })
        return list
    }

    /// Printing a value as the shell shows it (summarised, wrapped at 75
    /// columns); reference.py times numpy's repr of the same array. The
    /// texts differ in style, so only the times are compared: the output is
    /// the text's length, a scalar, which is not saved for comparison.
    static func printCase(_ name: String, _ make: @escaping () throws -> Tensor) -> Case {
        Case(name: name, flops: 0, runs: 7) { dir in
            let x = try make()
            try NPY.write(x, path: "\(dir)/\(name).x.npy")
            return { Tensor(Double(Printer.format(x, precision: .digits(6)).utf8.count)) }
        }
    }

    /// Attention on randn inputs: Q [l, d], K and V [l, d·kvHeads/heads]. `causal` is
    /// bottom-right (the same as top-left here: Lq = Lk); `window` keeps the `window`
    /// keys before each query's diagonal (flash-attn's window_size = (window, 0)).
    /// `dtype` is the inputs' (and so the computation's) dtype.
    static func attendCase(
        _ name: String, l: Int, d: Int, heads: Int, kvHeads: Int? = nil, causal: Bool, window: Int? = nil,
        bias: Bool = false, dtype: DType = .float64, runs: Int
    ) -> Case {
        // QKᵀ and PV: 2·L·L·d each (half of it when causal); the bias adds L·L, not counted.
        // A window of w keys: 2·L·(w + 1)·d each, up to the first rows' shorter windows.
        let keysPerQuery = window.map { Double(min($0 + 1, l)) } ?? Double(l) * (causal ? 0.5 : 1)
        let flops = 4 * Double(l) * keysPerQuery * Double(d)
        return Case(name: name, flops: flops, runs: runs) { dir in
            let kvWidth = d / heads * (kvHeads ?? heads)
            let q = try Tensor.randn([l, d], seed: 1).converted(to: dtype)
            let k = try Tensor.randn([l, kvWidth], seed: 2).converted(to: dtype)
            let v = try Tensor.randn([l, kvWidth], seed: 3).converted(to: dtype)
            for (t, n) in [(q, "q"), (k, "k"), (v, "v")] { try NPY.write(t, path: "\(dir)/\(name).\(n).npy") }
            let b = bias ? try Tensor.randn([l, l], seed: 4).converted(to: dtype) : nil
            if let b { try NPY.write(b, path: "\(dir)/\(name).bias.npy") }
            let options = AttentionOptions(
                bias: b, causal: causal ? .bottomRight : .none, window: window.map { .init(left: $0, right: 0) },
                heads: heads, kvHeads: kvHeads)
            return { try Attention.attend(q, k, v, options: options) }
        }
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Resets the kernel's record of this process's peak resident memory
    /// (VmHWM, by writing 5 to /proc/self/clear_refs). Returns whether it could.
    static func resetPeakRSS() -> Bool {
        (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil
    }

    /// The process's peak resident memory since the start or the last
    /// `resetPeakRSS`, in bytes (VmHWM of /proc/self/status, else getrusage).
    static func peakRSS() -> Int {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kib = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) {
            return kib * 1024
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }

    /// The process's resident memory now, in bytes (from /proc/self/statm).
    static func currentRSS() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return peakRSS() }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return peakRSS() }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    static func machine() -> String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        return "\(cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores, kernels: \(Kernels.instructionSet)"
    }
}
