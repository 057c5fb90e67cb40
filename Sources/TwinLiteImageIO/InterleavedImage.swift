/// An 8-bit, 3-channel, row-major interleaved image (`width * height * 3` bytes).
public struct InterleavedImage: Sendable, Equatable {
  /// Channel order of each pixel.
  public enum Order: String, Sendable {
    case bgr, rgb
  }

  public let width: Int
  public let height: Int
  public let order: Order
  public var pixels: [UInt8]

  public init(width: Int, height: Int, order: Order, pixels: [UInt8]) {
    precondition(
      pixels.count == width * height * 3, "InterleavedImage: \(pixels.count) bytes for \(width)x\(height)")
    self.width = width
    self.height = height
    self.order = order
    self.pixels = pixels
  }

  /// The same pixels with the first and third channel swapped (BGR ↔ RGB).
  public func swappingRedBlue() -> InterleavedImage {
    var out = pixels
    for i in stride(from: 0, to: out.count, by: 3) { out.swapAt(i, i + 2) }
    return InterleavedImage(width: width, height: height, order: order == .bgr ? .rgb : .bgr, pixels: out)
  }
}
