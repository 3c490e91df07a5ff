import AttnCore
import AttnLang

/// `np.save` and `np.load`: the dialect's only file access, under attn's
/// `load`/`save` rules (`PyInterpreter.fileAccess`: in attn check, files
/// under the document's folder, saves kept in memory unless --allow-write).
/// The files are numpy's `.npy` format, as attn's own `save` writes and
/// `load` reads them (AttnCore's `NPY`).
extension NumpyModule {
    static func files(_ m: inout ModuleBuilder) {
        // np.save(file, arr, allow_pickle=True, fix_imports=<no value>):
        // numpy appends ".npy" to a name without it.
        m.function("save", ["file", "arr", "allow_pickle", "fix_imports"], required: 2) { v, _, py throws(PyError) in
            guard case .str(var path)? = v[0] else {
                throw PyError.unsupported("np.save takes a file name: attn has no file objects")
            }
            if !path.hasSuffix(".npy") { path += ".npy" }
            let x = try NumpyValues.asArray(v[1] ?? .none)
            try PyError.core { () throws(CoreError) in
                switch try py.fileAccess.destination(for: path) {
                case .scratch(let key): py.fileAccess.keep(x, at: key)
                case .file(let full): try NPY.write(x, path: full)
                }
            }
            return .none
        }
        // np.load(file, mmap_mode=None, allow_pickle=False, fix_imports=True,
        // encoding='ASCII', max_header_size=10000): an array, 0-d included.
        m.function("load", ["file", "mmap_mode", "allow_pickle", "fix_imports", "encoding", "max_header_size"],
                   required: 1) { v, _, py throws(PyError) in
            guard case .str(let path)? = v[0] else {
                throw PyError.unsupported("np.load takes a file name: attn has no file objects")
            }
            guard !path.lowercased().hasSuffix(".npz") else {
                throw PyError.unsupported("np.load of .npz archives is not supported: attn reads .npy files")
            }
            let t = try PyError.core { () throws(CoreError) in
                switch try py.fileAccess.source(for: path) {
                case .scratch(let saved): return saved
                case .file(let real): return try NPY.read(path: real)
                }
            }
            return .array(PyArray(t))
        }
    }
}
