internal import CTwinLitePNG
import TwinLiteCore

/// The built-in PNG encoder for 8-bit gray masks (binary 0/255 masks, or a few small class ids).
///
/// It writes filter NONE on every row and the zlib stream directly: one DEFLATE block where a run
/// of equal bytes is a literal plus distance-1 matches and a row equal to the one above becomes
/// matches at distance `width + 1` when that is cheaper, coded with a Huffman code built from the
/// symbol counts (or the fixed code when shorter). adler32 is computed from the runs in closed
/// form. On rendered 1280x720 masks it is about 15x faster than libpng + zlib's Z_RLE level 1 for
/// files of the same size; on noise it is no slower and at most 9/8 of the raw size.
/// `PNGWriter` uses it for gray images under `PNGWriteOptions.masks`.
public enum PNGMaskEncoder {
  /// Widest mask it encodes; `PNGWriter` hands wider ones to libpng.
  public static let maxWidth = Int(TL_PNG_MASK_MAX_WIDTH)

  /// A PNG of `mask` (8-bit gray).
  public static func encode(_ mask: Mask) throws(ImageIOError) -> [UInt8] {
    var buffer = tl_png_buffer(data: nil, size: 0, capacity: 0)
    defer { tl_png_buffer_free(&buffer) }
    let code = mask.pixels.withUnsafeBufferPointer { pixels in
      encode(into: &buffer, pixels: pixels, width: mask.width, height: mask.height)
    }
    try check(code, width: mask.width, height: mask.height)
    return [UInt8](UnsafeRawBufferPointer(start: buffer.data, count: buffer.size))
  }

  /// adler32 of `bytes` continuing from `start`, computed the way the encoder does (runs in closed
  /// form); for tests against a plain loop.
  package static func adler32(_ bytes: [UInt8], start: UInt32 = 1) -> UInt32 {
    bytes.withUnsafeBufferPointer { tl_png_mask_adler32(start, $0.baseAddress, $0.count) }
  }

  /// Encodes into `buffer` (from `buffer.size` on); returns a `TL_PNG_*` code.
  static func encode(
    into buffer: inout tl_png_buffer, pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int
  ) -> Int32 {
    guard width > 0, height > 0, width <= maxWidth, height <= Int(UInt32.max),
      pixels.count >= width * height, let base = pixels.baseAddress
    else { return Int32(TL_PNG_ERROR_ARGUMENT) }
    return tl_png_encode_gray_mask(&buffer, base, UInt32(width), UInt32(height), width)
  }

  static func check(_ code: Int32, width: Int, height: Int) throws(ImageIOError) {
    switch Int(code) {
    case TL_PNG_OK: return
    case TL_PNG_ERROR_NO_MEMORY:
      throw .encodeFailed(format: "PNG", message: "out of memory for a \(width)x\(height) mask")
    default:
      throw .invalidArgument("the mask encoder cannot encode a \(width)x\(height) image")
    }
  }
}
