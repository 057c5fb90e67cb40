internal import CTwinLiteDNNL

/// The last UPx2 of a head (`classifier_1`/`classifier_2`: ConvTranspose2d 8 → 2, BN folded, PReLU)
/// fused with the conversion to the N×2×H×W output: one pass (`tl_head_deconv`) instead of a
/// deconvolution, a PReLU and a layout change. oneDNN's deconvolution is slow for 2 output channels.
final class HeadOutput {
  let input: DNNLMemory
  let n: Int, h: Int, w: Int, cin: Int
  private let kernel: [Float], bias: [Float], slopes: [Float]

  /// `folded.weight` is (cin, 2, 2, 2); `h`, `w` are the input map's size.
  init(input: DNNLMemory, folded: FoldedConv, n: Int, h: Int, w: Int) {
    precondition(folded.weight.shape.count == 4 && Array(folded.weight.shape[1...]) == [2, 2, 2])
    let cin = folded.weight.shape[0]
    self.input = input
    (self.n, self.h, self.w, self.cin) = (n, h, w, cin)
    var k = [Float](repeating: 0, count: 8 * cin)
    for c in 0..<cin {
      for o in 0..<2 {
        for a in 0..<2 {
          for b in 0..<2 { k[((a * 2 + b) * 2 + o) * cin + c] = folded.weight.data[((c * 2 + o) * 2 + a) * 2 + b] }
        }
      }
    }
    kernel = k
    bias = folded.bias
    slopes = folded.slopes
  }

  /// Writes the logits of all images to `out` (N×2×2h×2w).
  func run(into out: UnsafeMutablePointer<Float>) {
    let (n, h, w, cin) = (self.n, self.h, self.w, self.cin)
    let src = input.floats
    kernel.withUnsafeBufferPointer { k in
      bias.withUnsafeBufferPointer { b in
        slopes.withUnsafeBufferPointer { s in
          OpenMP.parallel { t, count in
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: cin * w + 2 * w)
            defer { scratch.deallocate() }
            let rows = OpenMP.slice(h, t, count)
            for image in 0..<n {
              tl_head_deconv(rows.lowerBound, rows.upperBound, Int32(h), Int32(w), Int32(cin),
                             src + image * h * w * cin, k.baseAddress, b.baseAddress, s.baseAddress,
                             out + image * 2 * 4 * h * w, scratch)
            }
          }
        }
      }
    }
  }
}
