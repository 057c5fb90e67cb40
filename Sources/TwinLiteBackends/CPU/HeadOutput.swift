internal import CTwinLiteDNNL

/// The last two UPx2 of a head (`up_2_*` 16 → 8 and `classifier_*` 8 → 2: ConvTranspose2d 2×2/2,
/// BN folded, PReLU) fused with the conversion to the N×2×H×W output: one pass (`tl_head_deconv2`)
/// instead of two deconvolutions, two PReLUs and a layout change. oneDNN's deconvolution is slow
/// for 8 and 2 output channels.
final class HeadOutput {
  let input: DNNLMemory
  let n: Int, h: Int, w: Int, cin: Int, mid: Int
  private let k1: [Float], b1: [Float], s1: [Float]
  private let k2: [Float], b2: [Float], s2: [Float]

  /// `up.weight` is (cin, mid, 2, 2), `classifier.weight` (mid, 2, 2, 2); `h`, `w` are the input size.
  init(input: DNNLMemory, up: FoldedConv, classifier: FoldedConv, n: Int, h: Int, w: Int) {
    let (cin, mid) = (up.weight.shape[0], up.weight.shape[1])
    precondition(Array(up.weight.shape[2...]) == [2, 2] && classifier.weight.shape == [mid, 2, 2, 2] && mid <= 64)
    self.input = input
    (self.n, self.h, self.w, self.cin, self.mid) = (n, h, w, cin, mid)
    var first = [Float](repeating: 0, count: 4 * cin * mid)
    for c in 0..<cin {
      for m in 0..<mid {
        for a in 0..<2 {
          for b in 0..<2 { first[((a * 2 + b) * cin + c) * mid + m] = up.weight.data[((c * mid + m) * 2 + a) * 2 + b] }
        }
      }
    }
    var second = [Float](repeating: 0, count: 8 * mid)
    for m in 0..<mid {
      for o in 0..<2 {
        for a in 0..<2 {
          for b in 0..<2 { second[m * 8 + (a * 2 + b) * 2 + o] = classifier.weight.data[((m * 2 + o) * 2 + a) * 2 + b] }
        }
      }
    }
    (k1, b1, s1) = (first, up.bias, up.slopes)
    (k2, b2, s2) = (second, classifier.bias, classifier.slopes)
  }

  /// Writes the logits of all images to `out` (N×2×4h×4w).
  func run(into out: UnsafeMutablePointer<Float>) {
    let (n, h, w, cin, mid) = (self.n, self.h, self.w, self.cin, self.mid)
    let src = input.floats
    k1.withUnsafeBufferPointer { k1 in
      b1.withUnsafeBufferPointer { b1 in
        s1.withUnsafeBufferPointer { s1 in
          k2.withUnsafeBufferPointer { k2 in
            b2.withUnsafeBufferPointer { b2 in
              s2.withUnsafeBufferPointer { s2 in
                OpenMP.parallel { t, count in
                  let rows = OpenMP.slice(h, t, count)
                  for image in 0..<n {
                    tl_head_deconv2(rows.lowerBound, rows.upperBound, Int32(h), Int32(w), Int32(cin), Int32(mid),
                                    src + image * h * w * cin, k1.baseAddress, b1.baseAddress, s1.baseAddress,
                                    k2.baseAddress, b2.baseAddress, s2.baseAddress, out + image * 2 * 16 * h * w)
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}
