import TwinLiteCore

/// `ConvTranspose2d(kernel 2, stride 2, padding 0, bias=False)` with PyTorch's (Cin, Cout, 2, 2) weights:
/// `out[o, 2i+a, 2j+b] = Σ_c x[c, i, j] · W[c, o, a, b]` — the 2×2 output blocks never overlap.
public struct ConvTranspose2x2: Sendable {
  public let weight: Tensor

  public init(weight: Tensor) {
    precondition(
      weight.rank == 4 && weight.shape[2] == 2 && weight.shape[3] == 2,
      "ConvTranspose2x2 weight must be (Cin, Cout, 2, 2), got \(weight.shape)")
    self.weight = weight
  }

  public var inChannels: Int { weight.shape[0] }
  public var outChannels: Int { weight.shape[1] }

  /// Multiply-accumulates for one image of `height`×`width`; nil when the count overflows `Int`.
  public func macs(height: Int, width: Int) -> Int? {
    checkedElementCount([inChannels, outChannels, 4, height, width])
  }

  public func callAsFunction(_ x: Tensor) -> Tensor {
    let (n, c, h, w) = x.nchw
    precondition(c == inChannels, "ConvTranspose2x2 expects \(inChannels) channels, got \(c)")
    let cout = outChannels
    let (ho, wo) = (2 * h, 2 * w)
    var out = [Float](repeating: 0, count: n * cout * ho * wo)
    x.data.withUnsafeBufferPointer { input in
      weight.data.withUnsafeBufferPointer { wbuf in
        out.withUnsafeMutableBufferPointer { obuf in
          let src = SharedPointer(base: UnsafeMutablePointer(mutating: input.baseAddress!))
          let wts = SharedPointer(base: UnsafeMutablePointer(mutating: wbuf.baseAddress!))
          let dst = SharedPointer(base: obuf.baseAddress!)
          parallelFor(n * cout) { job in
            let (b, o) = (job / cout, job % cout)
            let plane = dst.base + job * ho * wo
            for i in 0..<h {
              for a in 0..<2 {
                let row = plane + (2 * i + a) * wo
                for ci in 0..<c {
                  let inRow = src.base + ((b * c + ci) * h + i) * w
                  let w0 = wts.base[((ci * cout + o) * 2 + a) * 2]
                  let w1 = wts.base[((ci * cout + o) * 2 + a) * 2 + 1]
                  for j in 0..<w {
                    row[2 * j] += w0 * inRow[j]
                    row[2 * j + 1] += w1 * inRow[j]
                  }
                }
              }
            }
          }
        }
      }
    }
    return Tensor(shape: [n, cout, ho, wo], data: out)
  }
}
