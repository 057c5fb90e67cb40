internal import CTwinLitePNG
import TwinLiteCore

/// Encodes 8-bit PNGs (gray, RGB, palette) with libpng, and gray masks with `PNGMaskEncoder` under
/// the `.masks` settings.
///
/// A writer keeps its output buffer between calls so that encoding a stream of masks allocates
/// almost nothing. It is not thread-safe: give each worker its own writer.
public final class PNGWriter {
  public var options: PNGWriteOptions
  private var buffer = tl_png_buffer(data: nil, size: 0, capacity: 0)
  private var message = [CChar](repeating: 0, count: 256)

  public init(options: PNGWriteOptions = .masks) {
    self.options = options
  }

  deinit {
    tl_png_buffer_free(&buffer)
  }

  /// An 8-bit gray PNG of `mask`.
  public func encode(_ mask: Mask) throws(ImageIOError) -> [UInt8] {
    try withEncoded(mask) { [UInt8]($0) }
  }

  /// An 8-bit gray PNG of `width * height` bytes.
  public func encodeGray(width: Int, height: Int, pixels: [UInt8]) throws(ImageIOError) -> [UInt8] {
    try checkCount(pixels.count, width: width, height: height, channels: 1)
    return try pixels.withUnsafeBufferPointer { (p) throws(ImageIOError) in
      try encodeRaw(p, width: width, height: height, colorType: TL_PNG_COLOR_GRAY, palette: [])
      return copyBuffer()
    }
  }

  /// An 8-bit RGB PNG of interleaved `width * height * 3` bytes.
  public func encodeRGB(width: Int, height: Int, pixels: [UInt8]) throws(ImageIOError) -> [UInt8] {
    try checkCount(pixels.count, width: width, height: height, channels: 3)
    return try pixels.withUnsafeBufferPointer { (p) throws(ImageIOError) in
      try encodeRaw(p, width: width, height: height, colorType: TL_PNG_COLOR_RGB, palette: [])
      return copyBuffer()
    }
  }

  /// An 8-bit palette PNG: `indices` holds palette indices, `palette` RGB triples (1...256 entries).
  public func encodePalette(_ indices: Mask, palette: [UInt8]) throws(ImageIOError) -> [UInt8] {
    guard palette.count % 3 == 0, (3...768).contains(palette.count) else {
      throw .invalidArgument("palette needs 1...256 RGB triples, got \(palette.count) bytes")
    }
    let entries = palette.count / 3
    if let bad = indices.pixels.first(where: { Int($0) >= entries }) {
      throw .invalidArgument("palette index \(bad) outside a \(entries)-entry palette")
    }
    return try indices.pixels.withUnsafeBufferPointer { (p) throws(ImageIOError) in
      try encodeRaw(
        p, width: indices.width, height: indices.height, colorType: TL_PNG_COLOR_PALETTE,
        palette: palette)
      return copyBuffer()
    }
  }

  /// Encodes `mask` as 8-bit gray and hands the PNG bytes to `body` without copying them.
  /// The bytes are only valid inside `body`.
  public func withEncoded<R>(
    _ mask: Mask, _ body: (UnsafeRawBufferPointer) throws -> R
  ) throws(ImageIOError) -> R {
    try mask.pixels.withUnsafeBufferPointer { (p) throws(ImageIOError) in
      try encodeRaw(p, width: mask.width, height: mask.height, colorType: TL_PNG_COLOR_GRAY, palette: [])
    }
    do {
      return try body(UnsafeRawBufferPointer(start: buffer.data, count: buffer.size))
    } catch let error as ImageIOError {
      throw error
    } catch {
      throw .encodeFailed(format: "PNG", message: "\(error)")
    }
  }

  /// Writes `mask` as an 8-bit gray PNG to `path`, atomically (temporary name, then rename), so no
  /// partial file ever has the final name.
  public func write(_ mask: Mask, to path: String) throws(ImageIOError) {
    try withEncoded(mask) { bytes in try AtomicFileWriter.write(bytes, to: path) }
  }

  /// Writes interleaved RGB pixels as an 8-bit RGB PNG to `path`, atomically.
  public func writeRGB(width: Int, height: Int, pixels: [UInt8], to path: String) throws(ImageIOError) {
    let bytes = try encodeRGB(width: width, height: height, pixels: pixels)
    try AtomicFileWriter.write(bytes, to: path)
  }

  /// Writes a palette PNG to `path`, atomically.
  public func writePalette(_ indices: Mask, palette: [UInt8], to path: String) throws(ImageIOError) {
    let bytes = try encodePalette(indices, palette: palette)
    try AtomicFileWriter.write(bytes, to: path)
  }

  // MARK: - Internals

  private func checkCount(_ count: Int, width: Int, height: Int, channels: Int) throws(ImageIOError) {
    guard width > 0, height > 0, count == width * height * channels else {
      throw .invalidArgument("\(count) bytes for \(width)x\(height)x\(channels)")
    }
  }

  private func copyBuffer() -> [UInt8] {
    [UInt8](UnsafeRawBufferPointer(start: buffer.data, count: buffer.size))
  }

  private func encodeRaw(
    _ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, colorType: Int, palette: [UInt8]
  ) throws(ImageIOError) {
    guard width > 0, height > 0, width <= Int(UInt32.max), height <= Int(UInt32.max),
      let base = pixels.baseAddress
    else {
      throw .invalidArgument("cannot encode a \(width)x\(height) image")
    }
    let channels = colorType == TL_PNG_COLOR_RGB ? 3 : 1
    buffer.size = 0
    if colorType == TL_PNG_COLOR_GRAY, options.usesMaskEncoder, width <= PNGMaskEncoder.maxWidth {
      let code = PNGMaskEncoder.encode(into: &buffer, pixels: pixels, width: width, height: height)
      // An argument the mask encoder refuses (too large) still goes to libpng.
      if code != Int32(TL_PNG_ERROR_ARGUMENT) {
        return try PNGMaskEncoder.check(code, width: width, height: height)
      }
      buffer.size = 0
    }
    let settings = tl_png_write_options(
      level: Int32(options.level), strategy: options.strategy.rawValue, filters: options.filters.rawValue)
    let code = palette.withUnsafeBufferPointer { pal in
      message.withUnsafeMutableBufferPointer { msg in
        tl_png_encode(
          &buffer, base, UInt32(width), UInt32(height), width * channels, Int32(colorType),
          pal.baseAddress, Int32(palette.count / 3), settings, msg.baseAddress, msg.count)
      }
    }
    guard code == Int32(TL_PNG_OK) else {
      let text = cStringMessage(message)
      throw .encodeFailed(format: "PNG", message: text.isEmpty ? "code \(code)" : text)
    }
  }
}
