import AttnCore

extension Builtins {
    static let files: [Builtin] = [
        Builtin("load", [Parameter("path")], category: .files,
                summary: "Reads a tensor from a numpy .npy file or a numeric .csv file.",
                details: """
                .npy: format versions 1–3; little-endian f8, f4, f2, i8, i4, i2, i1, u1–u8 and bool; C or Fortran
                order (a 0-d array loads as a number). Big-endian, object and structured dtypes are refused with the
                reason. .csv: comma-separated numbers (nan, inf allowed), one optional header row, '#' starts a
                comment to the end of the line; always a matrix [rows, cols]. The path is relative to the working
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
                summary: "Writes a tensor to a numpy .npy file (float64, C order), atomically.",
                details: """
                numpy.load reads the file back exactly. The file is written to a temporary name beside it and renamed, so a
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
