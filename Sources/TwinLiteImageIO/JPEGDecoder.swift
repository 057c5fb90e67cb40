import Foundation
internal import CTwinLiteJPEG

/// Decodes JPEG files with TurboJPEG (`tjDecompress2`, default flags: accurate integer IDCT and
/// fancy upsampling, as `cv2.imread` gets from libjpeg-turbo), to 8-bit BGR or RGB.
///
/// Keeps one TurboJPEG handle; not thread-safe: one decoder per worker.
public final class JPEGDecoder {
  /// Largest accepted image, in pixels (a guard against hostile headers).
  public var maxPixels = 100_000_000
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
    guard FileManager.default.fileExists(atPath: path) else { throw .fileNotFound(file: path) }
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
      throw .readFailed(file: path, reason: error.localizedDescription)
    }
    return try decode([UInt8](data), file: path, order: order)
  }

  public func decode(_ bytes: [UInt8], file: String = "(memory)", order: InterleavedImage.Order = .bgr)
    throws(ImageIOError) -> InterleavedImage
  {
    guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else {
      throw .notThisFormat(file: file, format: "JPEG")
    }
    var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
    let header = bytes.withUnsafeBufferPointer {
      tjDecompressHeader3(handle, $0.baseAddress, UInt($0.count), &width, &height, &subsampling, &colorspace)
    }
    guard header == 0 else { throw .corrupt(file: file, format: "JPEG", message: lastError()) }
    guard width > 0, height > 0, Int(width) * Int(height) <= maxPixels else {
      throw .corrupt(file: file, format: "JPEG", message: "image size \(width)x\(height) is out of range")
    }
    var pixels = [UInt8](repeating: 0, count: Int(width) * Int(height) * 3)
    let format = order == .bgr ? TJPF_BGR : TJPF_RGB
    let status = bytes.withUnsafeBufferPointer { src in
      pixels.withUnsafeMutableBufferPointer { dst in
        tjDecompress2(handle, src.baseAddress, UInt(src.count), dst.baseAddress, width, 0, height,
                      Int32(format.rawValue), 0)
      }
    }
    // Warnings (e.g. a few missing bytes at the end) still produce an image, as with cv2.imread.
    if status != 0, tjGetErrorCode(handle) == Int32(TJERR_FATAL.rawValue) {
      throw .corrupt(file: file, format: "JPEG", message: lastError())
    }
    return InterleavedImage(width: Int(width), height: Int(height), order: order, pixels: pixels)
  }

  private func lastError() -> String {
    guard let message = tjGetErrorStr2(handle) else { return "unknown TurboJPEG error" }
    return String(cString: message)
  }
}
