/// The Python dialect (issue 11): a second `Dialect` over attn's core that
/// runs the numpy, scipy and math code of documents as written and prints
/// what CPython and numpy print. See docs/python.md.
public enum AttnPython {}
