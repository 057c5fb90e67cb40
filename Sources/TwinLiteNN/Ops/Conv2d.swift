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
    precondition(bias == nil || bias?.shape == [weight.shape[0]], "Conv2d bias must have one value per output")
    precondition(stride >= 1 && padding >= 0 && dilation >= 1)
    self.weight = weight
    self.bias = bias
    self.stride = stride
    self.padding = padding
    self.dilation = dilation
  }

  /// "Same"-style padding `(k−1)/2·d`, as every conv of TwinLiteNet uses.
  public init(weight: Tensor, bias: Tensor? = nil, stride: Int = 1, dilation: Int = 1, samePadding: Void) {
    self.init(weight: weight, bias: bias, stride: stride,
              padding: (weight.shape[2] - 1) / 2 * dilation, dilation: dilation)
  }

  public var inChannels: Int { weight.shape[1] }
  public var outChannels: Int { weight.shape[0] }
  public var kernelHeight: Int { weight.shape[2] }
  public var kernelWidth: Int { weight.shape[3] }

  public func outputSize(height: Int, width: Int) -> (height: Int, width: Int) {
    ((height + 2 * padding - dilation * (kernelHeight - 1) - 1) / stride + 1,
     (width + 2 * padding - dilation * (kernelWidth - 1) - 1) / stride + 1)
  }

  /// Multiply-accumulates for one image of `height`×`width`.
  public func macs(height: Int, width: Int) -> Int {
    let (ho, wo) = outputSize(height: height, width: width)
    return outChannels * inChannels * kernelHeight * kernelWidth * ho * wo
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
          parallelFor(n * cout) { job in
            let (b, o) = (job / cout, job % cout)
            let plane = dst.base + job * ho * wo
            let initial = biasValues?[o] ?? 0
            for y in 0..<ho {
              let row = plane + y * wo
              for x in 0..<wo { row[x] = initial }
              for ci in 0..<c {
                let inPlane = src.base + (b * c + ci) * h * w
                let wBase = wts.base + (o * c + ci) * kh * kw
                for ky in 0..<kh {
                  let iy = y * s - p + ky * d
                  if iy < 0 || iy >= h { continue }
                  let inRow = inPlane + iy * w
                  for kx in 0..<kw {
                    let weight = wBase[ky * kw + kx]
                    let off = kx * d - p
                    let (lo, hi) = ranges[kx]
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
    return Tensor(shape: [n, cout, ho, wo], data: out)
  }
}
