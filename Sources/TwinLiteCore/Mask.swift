/// An 8-bit single-channel image, row-major, `width * height` bytes.
///
/// Binary masks use 0 (background) and 255 (foreground), the values every
/// TwinLiteNet/YOLOP loader expects (`cv2.threshold(x, 1, …)`).
public struct Mask: Sendable, Equatable {
  public let width: Int
  public let height: Int
  public var pixels: [UInt8]

  public init(width: Int, height: Int, fill: UInt8 = 0) {
    precondition(width >= 0 && height >= 0, "Mask: negative size \(width)x\(height)")
    self.width = width
    self.height = height
    self.pixels = [UInt8](repeating: fill, count: width * height)
  }

  public init(width: Int, height: Int, pixels: [UInt8]) {
    precondition(pixels.count == width * height, "Mask: \(pixels.count) bytes for \(width)x\(height)")
    self.width = width
    self.height = height
    self.pixels = pixels
  }

  public subscript(x: Int, y: Int) -> UInt8 {
    get { pixels[y * width + x] }
    set { pixels[y * width + x] = newValue }
  }

  /// Number of pixels that are not zero.
  public var nonZeroCount: Int { pixels.reduce(0) { $0 + ($1 != 0 ? 1 : 0) } }
}
