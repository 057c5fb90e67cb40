/// zlib compression strategy for PNG's deflate stream.
public enum PNGStrategy: Int32, Sendable, CaseIterable {
  case defaultStrategy = 0
  case filtered = 1
  case huffmanOnly = 2
  /// Run-length only: matches at distance 1. With filter NONE this is 4–10x faster than libpng's
  /// defaults on binary masks and gives the smallest 8-bit files.
  case rle = 3
}

/// PNG row filters libpng may choose from (it picks one per row when several are allowed).
public struct PNGFilters: OptionSet, Sendable, Hashable {
  public let rawValue: Int32
  public init(rawValue: Int32) { self.rawValue = rawValue }
  public static let none = PNGFilters(rawValue: 0x08)
  public static let sub = PNGFilters(rawValue: 0x10)
  public static let up = PNGFilters(rawValue: 0x20)
  public static let average = PNGFilters(rawValue: 0x40)
  public static let paeth = PNGFilters(rawValue: 0x80)
  /// libpng's default adaptive heuristic over all five filters.
  public static let all: PNGFilters = [.none, .sub, .up, .average, .paeth]
}

/// Which encoder writes 8-bit gray images.
public enum PNGGrayEncoder: Sendable, Hashable {
  /// `PNGMaskEncoder` when the settings are the mask preset's (filter NONE, Z_RLE, level 1),
  /// libpng for any other settings.
  case automatic
  /// Always libpng and zlib.
  case libpng
}

/// Encoder settings. The default (level 1, Z_RLE, filter NONE) is the fast path for masks: gray
/// images then go through `PNGMaskEncoder` unless `grayEncoder` is `.libpng`.
public struct PNGWriteOptions: Sendable, Hashable {
  /// zlib level 0...9.
  public var level: Int
  public var strategy: PNGStrategy
  public var filters: PNGFilters
  public var grayEncoder: PNGGrayEncoder

  public init(
    level: Int = 1, strategy: PNGStrategy = .rle, filters: PNGFilters = .none,
    grayEncoder: PNGGrayEncoder = .automatic
  ) {
    precondition((0...9).contains(level), "PNG compression level \(level) is outside 0...9")
    precondition(!filters.isEmpty, "PNGWriteOptions needs at least one filter")
    self.level = level
    self.strategy = strategy
    self.filters = filters
    self.grayEncoder = grayEncoder
  }

  /// Whether gray images go through `PNGMaskEncoder` (its output does not depend on `level`).
  public var usesMaskEncoder: Bool {
    grayEncoder == .automatic && level == 1 && strategy == .rle && filters == .none
  }

  /// The fast mask setting: filter NONE, Z_RLE, level 1, gray through `PNGMaskEncoder`.
  public static let masks = PNGWriteOptions()
  /// The same settings written by libpng + zlib (the encoder before `PNGMaskEncoder`).
  public static let libpngMasks = PNGWriteOptions(grayEncoder: .libpng)
  /// libpng's own defaults (adaptive filters, default strategy, level 6), for comparison.
  public static let libpngDefault = PNGWriteOptions(level: 6, strategy: .defaultStrategy, filters: .all)
}
