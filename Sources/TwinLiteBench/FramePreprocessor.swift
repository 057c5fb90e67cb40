import TwinLiteCore
import TwinLiteImageIO
import TwinLiteModel

/// The official preprocessing: `cv2.imread` (TurboJPEG decode to BGR), `cv2.resize` to 640×360
/// (INTER_LINEAR semantics), BGR → RGB, `/255` → 1×3×360×640.
///
/// Holds a TurboJPEG handle: one preprocessor per worker.
public final class FramePreprocessor {
  private let decoder: JPEGDecoder

  public init() throws { decoder = try JPEGDecoder() }

  /// The network input and the resized BGR frame (for overlays).
  public func load(_ path: String) throws -> (input: Tensor, frame: InterleavedImage) {
    let decoded = try decoder.decode(contentsOf: path, order: .bgr)
    let frame = Resize.linear(decoded, width: TwinLiteInput.width, height: TwinLiteInput.height)
    let input = TwinLiteInput.tensor(
      pixels: frame.pixels, width: frame.width, height: frame.height, bgr: true)
    return (input, frame)
  }
}
