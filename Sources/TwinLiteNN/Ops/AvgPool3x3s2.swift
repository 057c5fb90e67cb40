import TwinLiteCore

/// `nn.AvgPool2d(kernel 3, stride 2, padding 1)` with PyTorch's default `count_include_pad=True`:
/// every window divides by 9, counting the zero padding (so borders darken).
public enum AvgPool3x3s2 {
  public static func outputSize(_ size: Int) -> Int { (size - 1) / 2 + 1 }

  public static func apply(_ x: Tensor) -> Tensor {
    let (n, c, h, w) = x.nchw
    let (ho, wo) = (outputSize(h), outputSize(w))
    var out = [Float](repeating: 0, count: n * c * ho * wo)
    x.data.withUnsafeBufferPointer { src in
      for plane in 0..<(n * c) {
        let inBase = plane * h * w
        let outBase = plane * ho * wo
        for i in 0..<ho {
          for j in 0..<wo {
            var sum: Float = 0
            for dy in -1...1 {
              let y = 2 * i + dy
              if y < 0 || y >= h { continue }
              for dx in -1...1 {
                let xx = 2 * j + dx
                if xx < 0 || xx >= w { continue }
                sum += src[inBase + y * w + xx]
              }
            }
            out[outBase + i * wo + j] = sum / 9
          }
        }
      }
    }
    return Tensor(shape: [n, c, ho, wo], data: out)
  }
}
