internal import CTwinLiteDNNL
import TwinLiteCore

/// The backend's own direct 3×3 convolution (stride 1, padding = dilation) on channels-last
/// buffers (`tl_conv3x3`). The plan runs it for the ESP blocks' dilated convs where oneDNN offers
/// only its im2col + sgemm path (below AVX-512 for dilations ≥ 4), which is 3–5× slower there.
final class DirectConv3x3 {
  let src: DNNLMemory, dst: DNNLMemory
  let n: Int, h: Int, w: Int, cin: Int, cout: Int, dilation: Int
  private let weights: UnsafeMutablePointer<Float>
  private let bias: UnsafeMutablePointer<Float>
  private let zeros: UnsafeMutablePointer<Float>

  /// The implementation name, e.g. `twinlite_direct:avx2`.
  static var name: String { "twinlite_direct:" + DNNLRuntime.kernelVariant }

  /// Whether the kernel computes this conv: 3×3 OIHW weight with at most 32 output channels.
  static func supports(weight: Tensor) -> Bool {
    weight.rank == 4 && weight.shape[2] == 3 && weight.shape[3] == 3 && weight.shape[0] <= 32
  }

  /// `weight` is OIHW (3×3, at most 32 outputs); `src`, `dst` are dense channels-last N×C×H×W.
  init(
    src: DNNLMemory, dst: DNNLMemory, weight: Tensor, bias: [Float]?, dilation: Int, n: Int, h: Int,
    w: Int
  ) {
    precondition(Self.supports(weight: weight))
    (cout, cin) = (weight.shape[0], weight.shape[1])
    (self.src, self.dst, self.dilation, self.n, self.h, self.w) = (src, dst, dilation, n, h, w)
    let padded = (cout + 7) / 8 * 8
    weights = Self.allocate(9 * cin * padded)
    for o in 0..<cout {
      for i in 0..<cin {
        for tap in 0..<9 { weights[(tap * cin + i) * padded + o] = weight.data[(o * cin + i) * 9 + tap] }
      }
    }
    self.bias = Self.allocate(padded)
    if let bias { self.bias.update(from: bias, count: cout) }
    zeros = Self.allocate(cin)
  }

  /// 64-byte aligned, zeroed.
  private static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
    let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 16) * 4, alignment: 64)
    return raw.initializeMemory(as: Float.self, repeating: 0, count: max(count, 16))
  }

  func run() {
    let (h, w, cin, cout, dilation) = (Int32(h), Int32(w), Int32(cin), Int32(cout), Int32(dilation))
    let (rows, from, to) = (n * self.h, src.floats, dst.floats)
    let (k, b, z) = (weights, bias, zeros)
    OpenMP.parallel { t, count in
      let r = OpenMP.slice(rows, t, count)
      tl_conv3x3(r.lowerBound, r.upperBound, h, w, cin, cout, dilation, from, k, b, z, to)
    }
  }

  deinit {
    weights.deallocate()
    bias.deallocate()
    zeros.deallocate()
  }
}
