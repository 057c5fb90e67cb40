import TwinLiteCore

/// 2-D convolution over NCHW input with OIHW weights, optional bias, stride, zero padding and dilation.
///
/// Written as plain loops: each output row is accumulated in place, with the innermost loop running
/// over contiguous output width (no im2col buffer).
public struct Conv2d: Sendable {
  public let weight: Tensor
  public let bias: Tensor?
  public let stride: Int
  public let padding: Int
  public let dilation: Int

  public init(weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0, dilation: Int = 1) {
    precondition(weight.rank == 4, "Conv2d weight must be OIHW, got \(weight.shape)")
    precondition(
      bias == nil || bias?.shape == [weight.shape[0]], "Conv2d bias must have one value per output")
    precondition(stride >= 1 && padding >= 0 && dilation >= 1)
    self.weight = weight
    self.bias = bias
    self.stride = stride
    self.padding = padding
    self.dilation = dilation
  }

  /// "Same"-style padding `(k−1)/2·d`, as every conv of TwinLiteNet uses.
  public init(weight: Tensor, bias: Tensor? = nil, stride: Int = 1, dilation: Int = 1, samePadding: Void) {
    self.init(
      weight: weight, bias: bias, stride: stride,
      padding: (weight.shape[2] - 1) / 2 * dilation, dilation: dilation)
  }

  public var inChannels: Int { weight.shape[1] }
  public var outChannels: Int { weight.shape[0] }
  public var kernelHeight: Int { weight.shape[2] }
  public var kernelWidth: Int { weight.shape[3] }

  public func outputSize(height: Int, width: Int) -> (height: Int, width: Int) {
    (
      (height + 2 * padding - dilation * (kernelHeight - 1) - 1) / stride + 1,
      (width + 2 * padding - dilation * (kernelWidth - 1) - 1) / stride + 1
    )
  }

  /// Multiply-accumulates for one image of `height`×`width`; nil when the count overflows `Int`.
  public func macs(height: Int, width: Int) -> Int? {
    let (ho, wo) = outputSize(height: height, width: width)
    return checkedElementCount([outChannels, inChannels, kernelHeight, kernelWidth, ho, wo])
  }

  public func callAsFunction(_ x: Tensor) -> Tensor {
    let (n, c, h, w) = x.nchw
    precondition(c == inChannels, "Conv2d expects \(inChannels) channels, got \(c)")
    let (ho, wo) = outputSize(height: h, width: w)
    let (cout, kh, kw) = (outChannels, kernelHeight, kernelWidth)
    let (s, p, d) = (stride, padding, dilation)
    // Valid output x range for each kernel column: 0 <= x*s + kx*d - p < w.
    var xRange: [(lo: Int, hi: Int)] = []
    for kx in 0..<kw {
      let off = kx * d - p
      let lo = off >= 0 ? 0 : (-off + s - 1) / s
      let hi = w - 1 - off < 0 ? 0 : min(wo, (w - 1 - off) / s + 1)
      xRange.append((lo, max(lo, hi)))
    }
    var out = [Float](repeating: 0, count: n * cout * ho * wo)
    let ranges = xRange
    x.data.withUnsafeBufferPointer { input in
      weight.data.withUnsafeBufferPointer { wbuf in
        out.withUnsafeMutableBufferPointer { obuf in
          let src = SharedPointer(base: UnsafeMutablePointer(mutating: input.baseAddress!))
          let wts = SharedPointer(base: UnsafeMutablePointer(mutating: wbuf.baseAddress!))
          let dst = SharedPointer(base: obuf.baseAddress!)
          let biasValues = bias?.data
          // Four output channels per job share each input-row load; every output value still
          // accumulates its taps in the same order as a one-channel loop would.
          let groups = (cout + 3) / 4
          parallelFor(n * groups) { job in
            let (b, first) = (job / groups, (job % groups) * 4)
            let last = min(first + 4, cout)
            for y in 0..<ho {
              for o in first..<last {
                let row = dst.base + ((b * cout + o) * ho + y) * wo
                let initial = biasValues?[o] ?? 0
                for x in 0..<wo { row[x] = initial }
              }
              for ci in 0..<c {
                let inPlane = src.base + (b * c + ci) * h * w
                for ky in 0..<kh {
                  let iy = y * s - p + ky * d
                  if iy < 0 || iy >= h { continue }
                  let inRow = inPlane + iy * w
                  for kx in 0..<kw {
                    let off = kx * d - p
                    let (lo, hi) = ranges[kx]
                    let tap = (ci * kh + ky) * kw + kx
                    if last - first == 4 && s == 1 {
                      let r0 = dst.base + ((b * cout + first) * ho + y) * wo
                      let r1 = r0 + ho * wo
                      let r2 = r1 + ho * wo
                      let r3 = r2 + ho * wo
                      let w0 = wts.base[first * c * kh * kw + tap]
                      let w1 = wts.base[(first + 1) * c * kh * kw + tap]
                      let w2 = wts.base[(first + 2) * c * kh * kw + tap]
                      let w3 = wts.base[(first + 3) * c * kh * kw + tap]
                      let shifted = inRow + off
                      for x in lo..<hi {
                        let v = shifted[x]
                        r0[x] += w0 * v
                        r1[x] += w1 * v
                        r2[x] += w2 * v
                        r3[x] += w3 * v
                      }
                    } else {
                      for o in first..<last {
                        let row = dst.base + ((b * cout + o) * ho + y) * wo
                        let weight = wts.base[o * c * kh * kw + tap]
                        if s == 1 {
                          let shifted = inRow + off
                          for x in lo..<hi { row[x] += weight * shifted[x] }
                        } else {
                          for x in lo..<hi { row[x] += weight * inRow[x * s + off] }
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
    }
    return Tensor(shape: [n, cout, ho, wo], data: out)
  }
}
