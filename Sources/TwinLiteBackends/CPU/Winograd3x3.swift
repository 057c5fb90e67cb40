internal import CTwinLiteDNNL
import TwinLiteCore

/// The backend's own Winograd F(3×3, 3×3) convolution (stride 1, padding 1) on channels-last
/// buffers (`tl_wino`): a candidate for b1/b2/b3 at every ISA (oneDNN 2.6 has Winograd only on
/// AVX-512, and there the own kernel is faster for b1 and b3). At AVX2, 1 thread: b2 25 ms against
/// 46 ms for oneDNN's direct jit:avx2 (reports/inference-cpu.md).
final class Winograd3x3 {
  let src: DNNLMemory, dst: DNNLMemory
  let n: Int, h: Int, w: Int, cin: Int, cout: Int
  private let transformed: UnsafeMutablePointer<Float>
  private let bias: UnsafeMutablePointer<Float>
  private let scratchFloats: Int
  /// One scratch area per OpenMP thread, grown before a run when the team is larger.
  private var scratch: [UnsafeMutablePointer<Float>] = []

  /// `weight` is OIHW 3×3; `src`, `dst` are dense channels-last N×C×H×W.
  init(src: DNNLMemory, dst: DNNLMemory, weight: Tensor, bias: [Float], n: Int, h: Int, w: Int) {
    precondition(weight.rank == 4 && weight.shape[2] == 3 && weight.shape[3] == 3)
    (cout, cin) = (weight.shape[0], weight.shape[1])
    (self.src, self.dst, self.n, self.h, self.w) = (src, dst, n, h, w)
    let padded = (cout + 7) / 8 * 8
    let u = Self.allocate(25 * cin * padded)
    let (o, i) = (Int32(cout), Int32(cin))
    weight.data.withUnsafeBufferPointer { tl_wino_weights(o, i, $0.baseAddress, u) }
    transformed = u
    self.bias = Self.allocate(padded)
    self.bias.update(from: bias, count: cout)
    scratchFloats = tl_wino_scratch_floats(Int32(cin), Int32(cout))
  }

  /// 64-byte aligned, zeroed.
  private static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
    let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 16) * 4, alignment: 64)
    return raw.initializeMemory(as: Float.self, repeating: 0, count: max(count, 16))
  }

  func run() {
    while scratch.count < OpenMP.maxThreads { scratch.append(Self.allocate(scratchFloats)) }
    let tiles = n * ((h + 2) / 3) * ((w + 2) / 3)
    let (n, h, w, cin, cout) = (Int32(n), Int32(h), Int32(w), Int32(cin), Int32(cout))
    let (from, to, u, b, areas) = (src.floats, dst.floats, transformed, bias, scratch)
    OpenMP.parallel { t, count in
      let r = OpenMP.slice(tiles, t, count)
      tl_wino(r.lowerBound, r.upperBound, n, h, w, cin, cout, from, u, b, to, areas[t])
    }
  }

  deinit {
    transformed.deallocate()
    bias.deallocate()
    scratch.forEach { $0.deallocate() }
  }
}
