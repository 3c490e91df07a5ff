import Foundation
import Synchronization

/// A budget for the memory that live tensors hold, checked before a result is
/// allocated, so that a program that asks for too much gets an error and the
/// session goes on (rather than the machine swapping or the process being
/// killed).
///
/// How it counts: every tensor of at least `leaseThreshold` elements holds a
/// `StorageLease` for its bytes; copies of a tensor share its lease (Swift
/// arrays are copy-on-write, so they share the storage too), and the bytes are
/// given back when the last copy goes away. Smaller tensors are not counted:
/// they are bounded by what a program can name and cost less than the
/// bookkeeping. Scratch buffers inside kernels are not leased either, but the
/// large ones are checked against what is left before they are allocated.
///
/// `Tensor.checkedCount` consults the budget, so every result whose size is
/// checked before allocation (all of them) is checked against it too. The
/// limit is set once at start-up (`--max-memory`) and only read afterwards.
public enum MemoryBudget {
    /// Tensors smaller than this many elements hold no lease.
    public static let leaseThreshold = 1 << 14

    /// Half the memory this process may use: the machine's RAM, or the
    /// control group's limit when that is lower.
    public static let defaultLimit: Int = {
        var total = Int(clamping: ProcessInfo.processInfo.physicalMemory)
        for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
               let limit = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), limit > 0 {
                total = Swift.min(total, limit)
            }
        }
        return Swift.max(1 << 30, total / 2)
    }()

    /// The most bytes live tensors may hold together.
    nonisolated(unsafe) public static var limit: Int = defaultLimit

    private static let live = Atomic<Int>(0)

    /// Bytes held by live tensors right now.
    public static var liveBytes: Int { live.load(ordering: .relaxed) }

    /// Throws when `bytes` more would take the live total past the limit
    /// (`shape` names the result in the message).
    public static func check(bytes: Int, shape: [Int]) throws(CoreError) {
        let held = liveBytes
        guard bytes <= limit - Swift.min(held, limit) else {
            throw CoreError.outOfMemory(shape: shape, bytes: bytes, live: held, limit: limit)
        }
    }

    fileprivate static func add(_ bytes: Int) { live.add(bytes, ordering: .relaxed) }
    fileprivate static func remove(_ bytes: Int) { live.subtract(bytes, ordering: .relaxed) }

    /// "2.5 GiB", "768 MiB", "12 KiB": for messages.
    public static func describe(bytes: Int) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes), unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        if unit == 0 { return "\(bytes) bytes" }
        let text = value < 10 ? String(format: "%.1f", value) : String(format: "%.0f", value)
        return "\(text.hasSuffix(".0") ? String(text.dropLast(2)) : text) \(units[unit])"
    }
}

/// The bytes of one tensor's storage, counted in `MemoryBudget` from creation
/// until the last tensor sharing it goes away.
final class StorageLease: Sendable {
    let bytes: Int

    init(bytes: Int) {
        self.bytes = bytes
        MemoryBudget.add(bytes)
    }

    deinit { MemoryBudget.remove(bytes) }
}
