import Foundation

/// A colour of 8 bits per channel.
public struct RGB: Equatable, Hashable, Sendable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// From 0xRRGGBB.
    init(_ packed: UInt32) {
        self.init(red: UInt8(truncatingIfNeeded: packed >> 16), green: UInt8(truncatingIfNeeded: packed >> 8),
                  blue: UInt8(truncatingIfNeeded: packed))
    }

    /// `#rrggbb`, as SVG and CSS write it.
    public var hex: String {
        let digits = Array("0123456789abcdef")
        var out = "#"
        for channel in [red, green, blue] {
            out.append(digits[Int(channel >> 4)])
            out.append(digits[Int(channel & 15)])
        }
        return out
    }

    /// Whether dark text reads better on this colour than light text: its
    /// relative luminance (sRGB, WCAG's formula) is above 0.18, where the
    /// contrast with black and with white are about equal.
    public var prefersDarkText: Bool {
        func linear(_ c: UInt8) -> Double {
            let s = Double(c) / 255
            return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue) > 0.18
    }
}

extension Viridis {
    /// The colour of `t` in 0...1 (clamped; NaN as 0), looked up as
    /// matplotlib's colormap does: entry ⌊t · 256⌋, at most 255. So a cell
    /// has the colour `plt.imshow` gives the same normalised value.
    static func color(at t: Double) -> RGB {
        let clamped = t.isNaN ? 0 : min(1, max(0, t))
        return RGB(table[min(table.count - 1, Int(clamped * Double(table.count)))])
    }
}

extension Heatmap {
    /// The colour a level (0...1 on the scale) is drawn in: viridis.
    public static func color(level t: Double) -> RGB { Viridis.color(at: t) }

    /// The colour of a missing (NaN) cell: a mid grey, outside viridis.
    public static let missingColor = RGB(red: 0x9e, green: 0x9e, blue: 0x9e)
}
