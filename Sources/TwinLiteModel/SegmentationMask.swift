import TwinLiteCore

/// Turns 2-class logits into the official mask: class 1 where `logit[1] > logit[0]` (ties → 0).
public enum SegmentationMask {
  /// The 0/255 mask of image `index` of a B×2×H×W logit tensor.
  public static func argmax(_ logits: Tensor, index: Int = 0) -> Mask {
    precondition(logits.rank == 4 && logits.shape[1] == 2, "expected B×2×H×W logits, got \(logits.shape)")
    let (h, w) = (logits.shape[2], logits.shape[3])
    let plane = h * w
    let base = index * 2 * plane
    var pixels = [UInt8](repeating: 0, count: plane)
    for i in 0..<plane where logits.data[base + plane + i] > logits.data[base + i] { pixels[i] = 255 }
    return Mask(width: w, height: h, pixels: pixels)
  }
}
