import AttnLang

// numpy scalars under Python's text functions, as numpy 2 writes them:
// `str` is the scalar's shortest digits in Python's notation, float32's own
// for float32 (`str(np.float32(0.1))` is `0.1`; numpy 2 writes float32 in
// exponent notation from 1e6 on, `1e+07`); `repr` wraps it in the type
// (`np.float64(0.1)`, `np.int64(3)`, `np.True_`). Both come from attn's
// numpy printer (`Printer.numpyStr`, `Printer.numpyScalarRepr`), which
// scripts/numpy_printing.py holds to numpy. `format` and `%`'s number
// conversions take the Python value numpy converts the scalar to
// (`NumpyScalar.python`).

extension PyFormat {
    /// `str` of a numpy scalar.
    static func numpyStr(_ scalar: NumpyScalar) -> String {
        Printer.numpyStr(scalar.tensor)
    }

    /// `repr` of a numpy scalar.
    static func numpyRepr(_ scalar: NumpyScalar) -> String {
        Printer.numpyScalarRepr(scalar.tensor)
    }
}
