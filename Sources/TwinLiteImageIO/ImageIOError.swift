/// Errors from reading and writing images. Every case names the file (or "(memory)") and the problem.
public enum ImageIOError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The file does not exist.
  case fileNotFound(file: String)
  /// The file exists but could not be read (permissions, I/O error).
  case readFailed(file: String, reason: String)
  /// The file could not be written or renamed into place.
  case writeFailed(file: String, reason: String)
  /// The bytes do not start with the format's signature.
  case notThisFormat(file: String, format: String)
  /// The data ends before the image does.
  case truncated(file: String, format: String)
  /// The decoder rejected the data (CRC error, bad chunk, bad Huffman code, …).
  case corrupt(file: String, format: String, message: String)
  /// The decoder could read the image only in part (libjpeg warning: data cut short, corrupt
  /// entropy data); the rest would be filled in, so the pixels are not the file's.
  case damaged(file: String, format: String, message: String)
  /// The image decoded but its colour type cannot be used here (e.g. RGBA where a gray mask is needed).
  case unsupportedColorType(file: String, colorType: String, expected: String)
  /// The image has a size other than the one required.
  case wrongSize(file: String, width: Int, height: Int, expectedWidth: Int, expectedHeight: Int)
  /// Invalid arguments to an encoder (size, stride, palette).
  case invalidArgument(String)
  /// The encoder failed (out of memory, library error).
  case encodeFailed(format: String, message: String)

  public var description: String {
    switch self {
    case .fileNotFound(let file):
      return "\(file): file not found"
    case .readFailed(let file, let reason):
      return "\(file): cannot read: \(reason)"
    case .writeFailed(let file, let reason):
      return "\(file): cannot write: \(reason)"
    case .notThisFormat(let file, let format):
      return "\(file): not a \(format) file (bad signature)"
    case .truncated(let file, let format):
      return "\(file): truncated \(format) (data ends before the image does)"
    case .corrupt(let file, let format, let message):
      return "\(file): corrupt \(format): \(message)"
    case .damaged(let file, let format, let message):
      return "\(file): damaged \(format): \(message) (only part of the image could be decoded)"
    case .unsupportedColorType(let file, let colorType, let expected):
      return "\(file): colour type \(colorType) cannot be used, expected \(expected)"
    case .wrongSize(let file, let width, let height, let expectedWidth, let expectedHeight):
      return "\(file): image is \(width)x\(height), expected \(expectedWidth)x\(expectedHeight)"
    case .invalidArgument(let message):
      return "invalid image argument: \(message)"
    case .encodeFailed(let format, let message):
      return "\(format) encoding failed: \(message)"
    }
  }
}
