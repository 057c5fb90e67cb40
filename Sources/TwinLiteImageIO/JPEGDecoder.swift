internal import CTwinLiteJPEG
import TwinLiteCore

/// Decodes JPEG files with TurboJPEG (`tjDecompress2`, default flags: accurate integer IDCT and
/// fancy upsampling, as `cv2.imread` gets from libjpeg-turbo), to 8-bit BGR or RGB, the way
/// `cv2.imread(path)` does: CMYK and YCCK files through OpenCV's CMYK → BGR formula, and the EXIF
/// orientation applied (`applyOrientation`).
///
/// libjpeg's warnings (data cut short, corrupt entropy data) are errors unless `acceptWarnings` is
/// set: the decoder would fill what it could not read with grey, and the image would be wrong.
///
/// Keeps one TurboJPEG handle; not thread-safe: one decoder per worker.
public final class JPEGDecoder {
  /// Largest accepted image, in pixels (a guard against hostile headers).
  public var maxPixels = 100_000_000
  /// Largest accepted file, in bytes.
  public var maxFileBytes = 1 << 30
  /// Decode despite libjpeg warnings (the message is kept in `lastWarning`) instead of throwing.
  public var acceptWarnings = false
  /// Turn the image upright by its EXIF orientation, as `cv2.imread` without
  /// `IMREAD_IGNORE_ORIENTATION` does.
  public var applyOrientation = true
  /// The warning of the last `decode` when `acceptWarnings` let it through, else nil.
  public private(set) var lastWarning: String?
  private let handle: tjhandle

  public init() throws(ImageIOError) {
    guard let handle = tjInitDecompress() else {
      throw .corrupt(file: "(memory)", format: "JPEG", message: "tjInitDecompress failed")
    }
    self.handle = handle
  }

  deinit { tjDestroy(handle) }

  public func decode(contentsOf path: String, order: InterleavedImage.Order = .bgr) throws(ImageIOError)
    -> InterleavedImage
  {
    let bytes: [UInt8]
    do { bytes = try RegularFile.read(path, limit: maxFileBytes) } catch {
      if error.notFound { throw .fileNotFound(file: path) }
      throw .readFailed(file: path, reason: error.reason)
    }
    return try decode(bytes, file: path, order: order)
  }

  public func decode(_ bytes: [UInt8], file: String = "(memory)", order: InterleavedImage.Order = .bgr)
    throws(ImageIOError) -> InterleavedImage
  {
    lastWarning = nil
    guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else {
      if bytes.isEmpty { throw .truncated(file: file, format: "JPEG") }
      throw .notThisFormat(file: file, format: "JPEG")
    }
    var width: Int32 = 0
    var height: Int32 = 0
    var subsampling: Int32 = 0
    var colorspace: Int32 = 0
    let header = bytes.withUnsafeBufferPointer {
      tjDecompressHeader3(handle, $0.baseAddress, UInt($0.count), &width, &height, &subsampling, &colorspace)
    }
    guard header == 0 else { throw .corrupt(file: file, format: "JPEG", message: lastError()) }
    guard width > 0, height > 0, Int(width) * Int(height) <= maxPixels else {
      throw .corrupt(file: file, format: "JPEG", message: "image size \(width)x\(height) is out of range")
    }
    // OpenCV asks libjpeg for CMYK whenever the file has four components (CMYK or YCCK).
    let fourComponents = colorspace == Int32(TJCS_CMYK.rawValue) || colorspace == Int32(TJCS_YCCK.rawValue)
    let channels = fourComponents ? 4 : 3
    var pixels = [UInt8](repeating: 0, count: Int(width) * Int(height) * channels)
    let format = fourComponents ? TJPF_CMYK : (order == .bgr ? TJPF_BGR : TJPF_RGB)
    let status = bytes.withUnsafeBufferPointer { src in
      pixels.withUnsafeMutableBufferPointer { dst in
        tjDecompress2(
          handle, src.baseAddress, UInt(src.count), dst.baseAddress, width, 0, height,
          Int32(format.rawValue), 0)
      }
    }
    if status != 0 {
      let message = lastError()
      guard tjGetErrorCode(handle) == Int32(TJERR_WARNING.rawValue) else {
        throw .corrupt(file: file, format: "JPEG", message: message)
      }
      guard acceptWarnings else { throw .damaged(file: file, format: "JPEG", message: message) }
      lastWarning = message
    }
    if fourComponents { pixels = Self.bgrFromCMYK(pixels, order: order) }
    let image = InterleavedImage(width: Int(width), height: Int(height), order: order, pixels: pixels)
    return applyOrientation ? image.oriented(exif: JPEGExifOrientation.read(bytes)) : image
  }

  /// OpenCV's `icvCvt_CMYK2BGR_8u_C4C3R`: `c' = k − ((255 − c)·k >> 8)` per ink, then
  /// (c', m', y') are written as (R, G, B), i.e. the inverted-ink (Adobe) convention.
  static func bgrFromCMYK(_ cmyk: [UInt8], order: InterleavedImage.Order) -> [UInt8] {
    let count = cmyk.count / 4
    var out = [UInt8](repeating: 0, count: 3 * count)
    for i in 0..<count {
      let k = Int(cmyk[4 * i + 3])
      // Swift binds >> tighter than *: the product is shifted as a whole, as in C.
      func ink(_ v: UInt8) -> UInt8 { UInt8(k - (((255 - Int(v)) * k) >> 8)) }
      let (r, g, b) = (ink(cmyk[4 * i]), ink(cmyk[4 * i + 1]), ink(cmyk[4 * i + 2]))
      (out[3 * i], out[3 * i + 1], out[3 * i + 2]) = order == .bgr ? (b, g, r) : (r, g, b)
    }
    return out
  }

  private func lastError() -> String {
    guard let message = tjGetErrorStr2(handle) else { return "unknown TurboJPEG error" }
    return String(cString: message)
  }
}
