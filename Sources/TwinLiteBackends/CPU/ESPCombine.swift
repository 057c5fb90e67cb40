/// The element-wise tail of an ESP block, fused into one pass over the pixels:
/// `y = cat[d1, d2, d2+d4, d2+d4+d8, d2+d4+d8+d16] (+ x)`, then `prelu(scale·y + shift)` (BN folded
/// into an affine map), written to one or two channel slices (a dense copy for the next block and
/// the slot in the concatenation that `b2`/`b3` read).
final class ESPCombine {
  let n: Int, n1: Int
  let branches: [UnsafeMutablePointer<Float>]
  let residual: ChannelSlice?
  let outputs: [ChannelSlice]
  private let scale: [Float], shift: [Float], slopes: [Float]

  /// `branches` are the dense outputs of d1 (n1 channels), d2, d4, d8, d16 (n channels each).
  init(n: Int, n1: Int, branches: [UnsafeMutablePointer<Float>], residual: ChannelSlice?,
       outputs: [ChannelSlice], affine: ChannelAffine)
  {
    precondition(branches.count == 5 && !outputs.isEmpty && affine.scale.count == n1 + 4 * n)
    self.n = n
    self.n1 = n1
    self.branches = branches
    self.residual = residual
    self.outputs = outputs
    scale = affine.scale
    shift = affine.shift
    slopes = affine.slopes
  }

  func run(pixels: Int) {
    let (n, n1, total) = (self.n, self.n1, self.n1 + 4 * self.n)
    let d = branches
    scale.withUnsafeBufferPointer { scaleBuffer in
      shift.withUnsafeBufferPointer { shiftBuffer in
        slopes.withUnsafeBufferPointer { slopeBuffer in
          let (sc, sh, sl) = (scaleBuffer.baseAddress!, shiftBuffer.baseAddress!, slopeBuffer.baseAddress!)
          OpenMP.parallel { t, count in
            let row = UnsafeMutablePointer<Float>.allocate(capacity: total)
            let acc = UnsafeMutablePointer<Float>.allocate(capacity: n)
            let zeros = UnsafeMutablePointer<Float>.allocate(capacity: total)
            zeros.initialize(repeating: 0, count: total)
            defer { row.deallocate(); acc.deallocate(); zeros.deallocate() }
            for p in OpenMP.slice(pixels, t, count) {
              let x = residual?.row(p) ?? zeros
              let b1 = d[0] + p * n1
              for c in 0..<n1 { row[c] = b1[c] + x[c] }
              let b2 = d[1] + p * n
              for c in 0..<n { acc[c] = b2[c] }
              for g in 1...4 {
                if g > 1 {
                  let bg = d[g] + p * n
                  for c in 0..<n { acc[c] += bg[c] }
                }
                let o = n1 + (g - 1) * n
                for c in 0..<n { row[o + c] = acc[c] + x[o + c] }
              }
              for c in 0..<total {
                let v = row[c] * sc[c] + sh[c]
                row[c] = v < 0 ? v * sl[c] : v
              }
              for out in outputs { out.row(p).update(from: row, count: total) }
            }
          }
        }
      }
    }
  }
}
