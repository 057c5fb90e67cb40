/// A decoded PNG with 8-bit samples.
public struct PNGImage: Sendable, Equatable {
  /// The colour type stored in the file.
  public enum ColorType: String, Sendable, CaseIterable {
    case gray
    case grayAlpha = "gray+alpha"
    case rgb = "RGB"
    case rgba = "RGBA"
    case palette
  }

  public let width: Int
  public let height: Int
  public let colorType: ColorType
  /// Bits per sample in the file (1, 2, 4, 8 or 16); `pixels` always holds 8-bit samples.
  public let bitDepth: Int
  /// Samples per pixel in `pixels`: 1 (gray, palette indices), 2, 3 or 4.
  public let channels: Int
  /// Row-major, interleaved, `width * height * channels` bytes. Palette images hold indices.
  public let pixels: [UInt8]
  /// RGB triples of the palette (palette images only).
  public let palette: [UInt8]

  public init(
    width: Int, height: Int, colorType: ColorType, bitDepth: Int, channels: Int, pixels: [UInt8],
    palette: [UInt8] = []
  ) {
    precondition(pixels.count == width * height * channels, "PNGImage: pixel count mismatch")
    self.width = width
    self.height = height
    self.colorType = colorType
    self.bitDepth = bitDepth
    self.channels = channels
    self.pixels = pixels
    self.palette = palette
  }
}
