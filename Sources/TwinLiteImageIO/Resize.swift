/// `cv2.resize(img, (w, h))` with the default `INTER_LINEAR` on 8-bit 3-channel images, reproducing
/// OpenCV's integer arithmetic:
/// - exactly 2× smaller in both directions: OpenCV switches to its area fast path, the 2×2 mean
///   `(a + b + c + d + 2) >> 2`;
/// - otherwise bilinear with half-pixel centres (`src = (dst + 0.5)·scale − 0.5`, edge rows and
///   columns clamped as OpenCV clamps them), 11-bit fixed-point weights, and the SIMD vertical
///   pass's rounding
///   `((b0·(h0 >> 4)) >> 16 + (b1·(h1 >> 4)) >> 16 + 2) >> 2`.
public enum Resize {
  /// OpenCV's `INTER_RESIZE_COEF_BITS`.
  static let coefficientScale: Float = 2048

  public static func linear(_ image: InterleavedImage, width: Int, height: Int) -> InterleavedImage {
    precondition(width > 0 && height > 0, "Resize: empty target size")
    if image.width == width && image.height == height { return image }
    if image.width == 2 * width && image.height == 2 * height { return halve(image) }
    return bilinear(image, width: width, height: height)
  }

  /// The 2×2 box mean with rounding, per channel.
  static func halve(_ image: InterleavedImage) -> InterleavedImage {
    let (w, h) = (image.width / 2, image.height / 2)
    let stride = image.width * 3
    var out = [UInt8](repeating: 0, count: w * h * 3)
    image.pixels.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for y in 0..<h {
          let top = 2 * y * stride
          let bottom = top + stride
          let row = y * w * 3
          for x in 0..<w {
            for c in 0..<3 {
              let i = 6 * x + c
              let sum =
                Int(src[top + i]) + Int(src[top + i + 3]) + Int(src[bottom + i]) + Int(src[bottom + i + 3])
              dst[row + 3 * x + c] = UInt8((sum + 2) >> 2)
            }
          }
        }
      }
    }
    return InterleavedImage(width: w, height: h, order: image.order, pixels: out)
  }

  /// Source index and the two 11-bit weights for each destination coordinate (OpenCV's rule).
  /// Columns outside the image are clamped with the weight moved to one tap; rows keep their
  /// weights and clamp only the row index (so both taps may read the same row), as OpenCV does.
  static func taps(source: Int, destination: Int, clampWeights: Bool) -> [(index: Int, w0: Int32, w1: Int32)]
  {
    let scale = Double(source) / Double(destination)
    return (0..<destination).map { d in
      var f = Float((Double(d) + 0.5) * scale - 0.5)
      var s = Int(f.rounded(.down))
      f -= Float(s)
      if clampWeights {
        if s < 0 {
          f = 0
          s = 0
        }
        if s >= source - 1 {
          f = 0
          s = source - 1
        }
      }
      let w0 = Int32((((1 - f) * coefficientScale)).rounded(.toNearestOrEven))
      let w1 = Int32((f * coefficientScale).rounded(.toNearestOrEven))
      return (s, w0, w1)
    }
  }

  static func bilinear(_ image: InterleavedImage, width: Int, height: Int) -> InterleavedImage {
    let xTaps = taps(source: image.width, destination: width, clampWeights: true)
    let yTaps = taps(source: image.height, destination: height, clampWeights: false)
    let srcStride = image.width * 3
    let dstStride = width * 3
    // Horizontal pass for one source row: int values scaled by 2048.
    func horizontal(_ row: Int, into buffer: inout [Int32]) {
      let base = row * srcStride
      for x in 0..<width {
        let t = xTaps[x]
        let next = min(t.index + 1, image.width - 1)
        for c in 0..<3 {
          let a = Int32(image.pixels[base + 3 * t.index + c])
          let b = Int32(image.pixels[base + 3 * next + c])
          buffer[3 * x + c] = a * t.w0 + b * t.w1
        }
      }
    }
    var out = [UInt8](repeating: 0, count: height * dstStride)
    var row0 = [Int32](repeating: 0, count: dstStride)
    var row1 = [Int32](repeating: 0, count: dstStride)
    for y in 0..<height {
      let t = yTaps[y]
      horizontal(min(max(t.index, 0), image.height - 1), into: &row0)
      horizontal(min(max(t.index + 1, 0), image.height - 1), into: &row1)
      for i in 0..<dstStride {
        let a = (t.w0 * (row0[i] >> 4)) >> 16
        let b = (t.w1 * (row1[i] >> 4)) >> 16
        out[y * dstStride + i] = UInt8(clamping: (a + b + 2) >> 2)
      }
    }
    return InterleavedImage(width: width, height: height, order: image.order, pixels: out)
  }
}
