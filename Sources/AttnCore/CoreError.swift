/// The ways a core operation can refuse its inputs. The language layer turns
/// each into a positioned diagnostic; the messages here are complete
/// sentences fragments that read well after "error: ".
public enum CoreError: Error, Equatable, Sendable {
    /// Operand shapes that do not fit together (broadcasting, matmul, concat...).
    case shapeMismatch(String)
    /// An axis outside `-rank ..< rank`.
    case badAxis(axis: Int, rank: Int)
    /// A result or request larger than `Tensor.maxElements`.
    case tooLarge(shape: [Int], limit: Int)
    /// A result that does not fit in what is left of the memory budget
    /// (`MemoryBudget`, `--max-memory`); sizes in bytes.
    case outOfMemory(shape: [Int], bytes: Int, live: Int, limit: Int)
    /// A value outside an operation's domain (a zero step, a negative count...).
    case invalidArgument(String)
    /// An attention mask entry that is neither 0 nor 1 (an additive float
    /// mask, NaN): the first one, with its index in the mask's own shape.
    /// The language layer reports it at the mask argument and points to bias:.
    case nonBooleanMask(value: Double, index: [Int])
    /// A file that could not be read or written.
    case io(path: String, reason: String)
    /// The user asked to stop (Ctrl-C) while a long computation ran.
    case interrupted

    public var message: String {
        switch self {
        case .shapeMismatch(let text): return text
        case .badAxis(let axis, let rank):
            if rank == 0 { return "axis \(axis) is out of bounds for a scalar (rank 0)" }
            return "axis \(axis) is out of bounds for rank \(rank) (valid: \(-rank) to \(rank - 1))"
        case .tooLarge(let shape, let limit):
            return "a tensor of shape \(Tensor.describe(shape: shape)) is too large (limit \(limit) elements; see --max-elements)"
        case .outOfMemory(let shape, let bytes, let live, let limit):
            return "out of memory: a tensor of shape \(Tensor.describe(shape: shape)) needs \(MemoryBudget.describe(bytes: bytes)), "
                + "but live tensors hold \(MemoryBudget.describe(bytes: live)) of the \(MemoryBudget.describe(bytes: limit)) budget (see --max-memory)"
        case .invalidArgument(let text): return text
        case .nonBooleanMask(let value, let index):
            return "mask must hold only 0 and 1 (true/false); got \(value) at \(index); for an additive float mask (PyTorch's float attn_mask) use bias"
        case .io(let path, let reason): return "'\(Excerpt.visible(path))': \(reason)"
        case .interrupted: return "interrupted"
        }
    }
}
