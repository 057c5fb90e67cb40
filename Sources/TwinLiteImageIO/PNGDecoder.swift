internal import CTwinLitePNG
import TwinLiteCore

/// Decodes PNG files with libpng; every failure is an `ImageIOError` naming the file.
public enum PNGDecoder {
  /// Decodes PNG bytes. `name` is used in error messages.
  public static func decode(_ bytes: [UInt8], name: String = "(memory)") throws(ImageIOError) -> PNGImage {
    var info = tl_png_info()
    var message = [CChar](repeating: 0, count: 256)
    var output: UnsafeMutablePointer<UInt8>? = nil
    let code = bytes.withUnsafeBufferPointer { data in
      message.withUnsafeMutableBufferPointer { msg in
        tl_png_decode(data.baseAddress, data.count, &info, &output, msg.baseAddress, msg.count)
      }
    }
    defer { tl_png_free(output) }
    let text = cStringMessage(message)
    switch Int(code) {
    case TL_PNG_OK: break
    case TL_PNG_ERROR_NOT_PNG: throw .notThisFormat(file: name, format: "PNG")
    case TL_PNG_ERROR_TRUNCATED: throw .truncated(file: name, format: "PNG")
    default: throw .corrupt(file: name, format: "PNG", message: text.isEmpty ? "code \(code)" : text)
    }
    guard let output else { throw .corrupt(file: name, format: "PNG", message: "no pixels decoded") }
    let width = Int(info.width)
    let height = Int(info.height)
    let channels = Int(info.channels)
    let pixels = [UInt8](UnsafeBufferPointer(start: output, count: width * height * channels))
    let colorType: PNGImage.ColorType
    switch Int(info.color_type) {
    case TL_PNG_COLOR_GRAY: colorType = .gray
    case TL_PNG_COLOR_GRAY_ALPHA: colorType = .grayAlpha
    case TL_PNG_COLOR_RGB: colorType = .rgb
    case TL_PNG_COLOR_RGBA: colorType = .rgba
    case TL_PNG_COLOR_PALETTE: colorType = .palette
    default: throw .corrupt(file: name, format: "PNG", message: "colour type \(info.color_type)")
    }
    var palette = [UInt8]()
    if colorType == .palette {
      let count = Int(info.palette_count) * 3
      palette = withUnsafeBytes(of: &info.palette) { [UInt8]($0.prefix(count)) }
    }
    return PNGImage(
      width: width, height: height, colorType: colorType, bitDepth: Int(info.bit_depth),
      channels: channels, pixels: pixels, palette: palette)
  }

  /// Reads and decodes the PNG at `path`.
  public static func read(path: String) throws(ImageIOError) -> PNGImage {
    try decode(AtomicFileWriter.read(path), name: path)
  }

  /// A single-channel mask from PNG bytes: gray samples as they are, palette images as their
  /// indices (BDD100K drivable maps are gray or palette id maps). Other colour types throw
  /// `unsupportedColorType` naming the type found.
  public static func decodeMask(_ bytes: [UInt8], name: String = "(memory)") throws(ImageIOError) -> Mask {
    let image = try decode(bytes, name: name)
    guard image.colorType == .gray || image.colorType == .palette else {
      throw .unsupportedColorType(
        file: name, colorType: image.colorType.rawValue, expected: "gray or palette")
    }
    return Mask(width: image.width, height: image.height, pixels: image.pixels)
  }

  /// Reads the PNG at `path` as a single-channel mask (see `decodeMask`).
  public static func readMask(path: String) throws(ImageIOError) -> Mask {
    try decodeMask(AtomicFileWriter.read(path), name: path)
  }
}
