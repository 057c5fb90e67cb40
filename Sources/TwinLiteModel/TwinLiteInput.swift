import TwinLiteCore

/// The official input conversion (`test_image.py`): interleaved 8-bit pixels → 1×3×H×W RGB planes,
/// each value `Float(v) / 255` (no mean/std normalisation).
public enum TwinLiteInput {
  /// The network's input size: `cv2.resize(img, (640, 360))`.
  public static let width = 640
  public static let height = 360

  /// `pixels` holds `width * height * 3` bytes in BGR order when `bgr` is true (as `cv2.imread`
  /// gives), RGB otherwise.
  public static func tensor(pixels: [UInt8], width: Int, height: Int, bgr: Bool) -> Tensor {
    precondition(
      pixels.count == width * height * 3, "TwinLiteInput: \(pixels.count) bytes for \(width)x\(height)")
    let plane = width * height
    var data = [Float](repeating: 0, count: 3 * plane)
    // Output channel 0 is red: BGR source offset 2, RGB source offset 0.
    let sourceChannel = bgr ? [2, 1, 0] : [0, 1, 2]
    for c in 0..<3 {
      let s = sourceChannel[c]
      for i in 0..<plane { data[c * plane + i] = Float(pixels[3 * i + s]) / 255 }
    }
    return Tensor(shape: [1, 3, height, width], data: data)
  }

  /// Stacks single-image tensors into one batch.
  public static func batch(_ images: [Tensor]) -> Tensor {
    precondition(!images.isEmpty && images.allSatisfy { $0.shape == images[0].shape && $0.shape[0] == 1 })
    var shape = images[0].shape
    shape[0] = images.count
    return Tensor(shape: shape, data: images.flatMap(\.data))
  }
}
