#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AttnLang

/// The size of the terminal a file descriptor writes to. Asked afresh on
/// every call (TIOCGWINSZ), since a terminal can be resized at any time.
public enum Terminal {
    /// The width in columns of the terminal on `fd`; nil when `fd` is not a
    /// terminal or the terminal reports no size.
    public static func columns(fd: Int32) -> Int? {
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// The columns that values and error lines written to `fd` should fit
    /// in: the terminal's width (at least `Printer.minimumLineWidth`), or
    /// numpy's 75 when `fd` is not a terminal.
    public static func lineWidth(fd: Int32) -> Int {
        guard let columns = columns(fd: fd) else { return Printer.defaultLineWidth }
        return max(Printer.minimumLineWidth, columns)
    }
}
