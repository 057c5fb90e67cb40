import TwinLiteImageIO

/// A mask PNG reduced to one value per pixel for comparison: the largest colour sample (gray as
/// is, RGB(A) the largest of R, G, B, palette images the largest component of the entry's colour;
/// alpha is ignored). Foreground is any value > 0, so 0/255 and 0/1 masks compare alike.
struct ComparedMask {
  let width: Int
  let height: Int
  /// Row-major, `width * height`; non-zero is foreground.
  let values: [UInt8]
  /// The largest value: 1 marks a 0/1 mask, which the TwinLiteNet and YOLOP loaders (`> 1` after
  /// resizing) read as empty.
  let largest: UInt8

  static func read(path: String) throws(ImageIOError) -> ComparedMask {
    let image = try PNGDecoder.read(path: path)
    let values = reduce(image)
    var largest: UInt8 = 0
    values.withUnsafeBufferPointer { v in
      for x in v where x > largest { largest = x }
    }
    return ComparedMask(width: image.width, height: image.height, values: values, largest: largest)
  }

  static func reduce(_ image: PNGImage) -> [UInt8] {
    let n = image.width * image.height
    switch image.colorType {
    case .gray:
      return image.pixels
    case .grayAlpha:
      return (0..<n).map { image.pixels[2 * $0] }
    case .rgb, .rgba:
      let c = image.channels
      return image.pixels.withUnsafeBufferPointer { p in
        (0..<n).map { max(p[c * $0], p[c * $0 + 1], p[c * $0 + 2]) }
      }
    case .palette:
      let entries = image.palette.count / 3
      let table: [UInt8] = (0..<256).map { k in
        k < entries ? max(image.palette[3 * k], image.palette[3 * k + 1], image.palette[3 * k + 2]) : 0
      }
      return image.pixels.map { table[Int($0)] }
    }
  }
}
