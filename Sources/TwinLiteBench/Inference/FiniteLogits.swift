import TwinLiteCore

/// NaN or infinite logits (NaN/Inf weights, a broken plugin) turn into masks of zeros that look
/// like a real prediction; they are an error naming the backend and the frame instead.
public enum FiniteLogits {
  /// Throws for the first image of the N×2×H×W heads whose logits are not all finite; `frames`
  /// names the images in batch order.
  public static func check(_ output: (da: Tensor, ll: Tensor), backend: String, frames: [String])
    throws(BenchError)
  {
    for (index, frame) in frames.enumerated() {
      let bad = nonFinite(output.da, image: index) + nonFinite(output.ll, image: index)
      if bad > 0 { throw .nonFiniteLogits(backend: backend, frame: frame, count: bad) }
    }
  }

  /// How many values of image `image` of an N×C×H×W tensor are NaN or infinite.
  static func nonFinite(_ tensor: Tensor, image: Int) -> Int {
    guard tensor.rank == 4, image < tensor.shape[0] else { return 0 }
    let size = tensor.shape[1] * tensor.shape[2] * tensor.shape[3]
    return tensor.data.withUnsafeBufferPointer { values in
      var count = 0
      for value in values[(image * size)..<((image + 1) * size)] where !value.isFinite { count += 1 }
      return count
    }
  }
}
