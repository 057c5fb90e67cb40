import TwinLiteCore
import TwinLiteImageIO
import TwinLiteModel

/// The official preprocessing: `cv2.imread` (TurboJPEG decode to BGR, EXIF orientation applied,
/// CMYK converted like OpenCV), `cv2.resize` to 640×360 (INTER_LINEAR semantics), BGR → RGB,
/// `/255` → 1×3×360×640.
///
/// A JPEG the decoder can read only in part is refused unless `lenient`; then it is used and its
/// libjpeg warning returned with the frame.
///
/// Holds a TurboJPEG handle: one preprocessor per worker.
public final class FramePreprocessor {
  private let decoder: JPEGDecoder

  public init(lenient: Bool = false) throws {
    decoder = try JPEGDecoder()
    decoder.acceptWarnings = lenient
  }

  /// The network input, the resized BGR frame (for overlays) and the libjpeg warning, if any.
  public func load(_ path: String) throws -> (input: Tensor, frame: InterleavedImage, warning: String?) {
    let decoded: InterleavedImage
    do { decoded = try decoder.decode(contentsOf: path, order: .bgr) } catch {
      if case .damaged(let file, _, let message) = error {
        throw BenchError.damagedImage(path: file, message: message)
      }
      throw error
    }
    let frame = Resize.linear(decoded, width: TwinLiteInput.width, height: TwinLiteInput.height)
    let input = TwinLiteInput.tensor(
      pixels: frame.pixels, width: frame.width, height: frame.height, bgr: true)
    return (input, frame, decoder.lastWarning)
  }
}
