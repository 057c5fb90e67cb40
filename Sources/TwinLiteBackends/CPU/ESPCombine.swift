internal import CTwinLiteDNNL

/// The element-wise tail of an ESP block, fused into one pass over the pixels:
/// `y = cat[d1, d2, d2+d4, d2+d4+d8, d2+d4+d8+d16] (+ x)`, then `prelu(scale·y + shift)` (BN folded
/// into an affine map), written to a dense channels-last buffer (input of the next block) and/or a
/// slot of the concatenation that `b2`/`b3` read. The loop is `tl_esp_combine` (C, AVX-512).
final class ESPCombine {
  let n: Int, n1: Int
  let branches: [UnsafeMutablePointer<Float>]
  let residual: ChannelSlice?
  let dense: UnsafeMutablePointer<Float>?
  let slot: ChannelSlice?
  private let scale: [Float], shift: [Float], slopes: [Float]

  /// `branches` are the dense outputs of d1 (n1 channels), d2, d4, d8, d16 (n channels each).
  init(n: Int, n1: Int, branches: [UnsafeMutablePointer<Float>], residual: ChannelSlice?,
       dense: UnsafeMutablePointer<Float>?, slot: ChannelSlice?, affine: ChannelAffine)
  {
    precondition(branches.count == 5 && (dense != nil || slot != nil) && affine.scale.count == n1 + 4 * n
      && n1 + 4 * n <= 512)
    self.dense = dense
    self.slot = slot
    self.n = n
    self.n1 = n1
    self.branches = branches
    self.residual = residual
    scale = affine.scale
    shift = affine.shift
    slopes = affine.slopes
  }

  func run(pixels: Int) {
    let (n, n1) = (Int32(self.n), Int32(self.n1))
    let d = branches
    let total = self.n1 + 4 * self.n
    let out0 = dense, out1 = slot?.destination ?? tl_dst()
    scale.withUnsafeBufferPointer { scaleBuffer in
      shift.withUnsafeBufferPointer { shiftBuffer in
        slopes.withUnsafeBufferPointer { slopeBuffer in
          let (sc, sh, sl) = (scaleBuffer.baseAddress, shiftBuffer.baseAddress, slopeBuffer.baseAddress)
          OpenMP.parallel { t, count in
            let r = OpenMP.slice(pixels, t, count)
            tl_esp_combine(r.lowerBound, r.upperBound, n1, n, d[0], d[1], d[2], d[3], d[4],
                           residual.map { $0.base + $0.offset }, residual?.stride ?? 0, sc, sh, sl,
                           out0, total, out1)
          }
        }
      }
    }
  }
}
