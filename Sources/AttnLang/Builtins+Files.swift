import AttnCore

extension Builtins {
    static let files: [Builtin] = [
        Builtin("load", [Parameter("path")], category: .files,
                summary: "Reads a tensor from a numpy .npy file or a numeric .csv file.", result: .fileDType,
                details: """
                .npy: format versions 1–3; little-endian f8, f4, f2, i8, i4, i2, i1, u1–u8 and bool; C or Fortran
                order (a 0-d array loads as a number). Each keeps its dtype where attn has it (f8 float64, f4 float32,
                i8 int64, i4 int32, b1 bool); the others load as the first of bool, int32, int64, float32, float64 that
                numpy casts them to safely, so exactly: f2 as float32, i2, i1, u2 and u1 as int32, u4 as int64, and u8
                as float64 (numpy's promotion of uint64 with int64; values beyond 2^53 round). Big-endian, object and
                structured dtypes are refused with the reason. .csv: comma-separated numbers (nan, inf allowed), one optional header row, '#' starts a
                comment to the end of the line; always a float64 matrix [rows, cols]. The path is relative to the working
                directory (to the document's folder in attn check, which reads only files under that folder); ~ is
                the home directory. Only regular files are read: a FIFO, a device or a folder is refused at once.
                """,
                example: "save(eye(2), \"i.npy\"); load(\"i.npy\")\n# => [[1, 0],\n#     [0, 1]]") { args, interpreter throws(Diagnostic) in
            let path = try args.string("path")
            return .tensor(try args.core { () throws(CoreError) in
                switch try interpreter.fileAccess.source(for: path) {
                case .scratch(let saved): return saved
                case .file(let real):
                    return path.lowercased().hasSuffix(".csv") ? try CSV.read(path: real) : try NPY.read(path: real)
                }
            })
        },
        Builtin("save", [Parameter("x"), Parameter("path")], category: .files,
                summary: "Writes a tensor to a numpy .npy file of its own dtype (C order), atomically.", result: .nothing,
                details: """
                The file holds the tensor's dtype (<f8, <f4, <i8, <i4 or |b1), byte for byte as numpy.save writes the same
                array, and numpy.load reads it back exactly. The file is written to a temporary name beside it and renamed, so a
                reader never sees half a file. A symbolic link is followed (the link stays), the file's permissions and owner
                are kept, and a read-only file, a device, a FIFO or a folder is refused. ~ is the home directory. In attn
                check a document's saves stay in memory (later loads of the same document see them) unless --allow-write
                names the folder; paths outside the document's folder are refused.
                """,
                example: "save(eye(2), \"i.npy\")") { args, interpreter throws(Diagnostic) in
            let x = try args.tensor("x"), path = try args.string("path")
            guard !path.lowercased().hasSuffix(".csv") else {
                throw args.error("save writes .npy files only; use a path ending in .npy", at: "path")
            }
            try args.core { () throws(CoreError) in
                switch try interpreter.fileAccess.destination(for: path) {
                case .scratch(let key): interpreter.fileAccess.keep(x, at: key)
                case .file(let full): try NPY.write(x, path: full)
                }
            }
            return .nothing
        },
    ]
}
