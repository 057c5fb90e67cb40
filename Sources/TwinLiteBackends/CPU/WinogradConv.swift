internal import CTwinLiteDNNL
import TwinLiteCore

/// The backend's own Winograd F(m×m, 3×3) convolution (stride 1, padding 1, m = 4 or 3) with PReLU
/// fused, on channels-last buffers (`tl_wino`): candidates for b1/b2/b3 at every ISA (oneDNN 2.6
/// has Winograd only on AVX-512, and even there the own kernels can be faster, as they need no
/// separate PReLU pass and no padding to 16 channels).
final class WinogradConv {
  let src: DNNLMemory, dst: DNNLMemory
  /// Output tile edge m.
  let tile: Int
  let n: Int, h: Int, w: Int, cin: Int, cout: Int
  private let transformed: UnsafeMutablePointer<Float>
  private let bias: UnsafeMutablePointer<Float>
  /// PReLU slopes (cout rounded up to 8), or nil for the bare convolution.
  private let slopes: UnsafeMutablePointer<Float>?
  private let scratchFloats: Int
  /// One scratch area per OpenMP thread, grown before a run when the team is larger.
  private var scratch: [UnsafeMutablePointer<Float>] = []

  /// The implementation name, e.g. `twinlite_wino_4x3:avx2`.
  static func implementation(tile: Int) -> String {
    "twinlite_wino_\(tile)x3:" + DNNLRuntime.kernelVariant
  }

  /// `weight` is OIHW 3×3; `src`, `dst` are dense channels-last N×C×H×W; `slopes`: one per output
  /// channel, applied after the bias.
  init(
    tile: Int, src: DNNLMemory, dst: DNNLMemory, weight: Tensor, bias: [Float], slopes: [Float]?,
    n: Int, h: Int, w: Int
  ) {
    precondition(weight.rank == 4 && weight.shape[2] == 3 && weight.shape[3] == 3)
    precondition(tile == 3 || tile == 4, "tl_wino has 3×3 and 4×4 output tiles")
    (cout, cin) = (weight.shape[0], weight.shape[1])
    (self.tile, self.src, self.dst, self.n, self.h, self.w) = (tile, src, dst, n, h, w)
    let padded = (cout + 7) / 8 * 8
    let (m, o, i) = (Int32(tile), Int32(cout), Int32(cin))
    let u = Self.allocate(tl_wino_weight_floats(m, i, o))
    weight.data.withUnsafeBufferPointer { tl_wino_weights(m, o, i, $0.baseAddress, u) }
    transformed = u
    self.bias = Self.allocate(padded)
    self.bias.update(from: bias, count: cout)
    if let slopes {
      self.slopes = Self.allocate(padded)
      self.slopes!.update(from: slopes, count: cout)
    } else {
      self.slopes = nil
    }
    scratchFloats = tl_wino_scratch_floats(m, i, o)
  }

  /// 64-byte aligned, zeroed.
  private static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
    let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 16) * 4, alignment: 64)
    return raw.initializeMemory(as: Float.self, repeating: 0, count: max(count, 16))
  }

  func run() {
    while scratch.count < OpenMP.maxThreads { scratch.append(Self.allocate(scratchFloats)) }
    let tiles = n * ((h + tile - 1) / tile) * ((w + tile - 1) / tile)
    let (m, n, h, w, cin, cout) = (Int32(tile), Int32(n), Int32(h), Int32(w), Int32(cin), Int32(cout))
    let (from, to, u, b, s, areas) = (src.floats, dst.floats, transformed, bias, slopes, scratch)
    OpenMP.parallel { t, count in
      let r = OpenMP.slice(tiles, t, count)
      tl_wino(m, r.lowerBound, r.upperBound, n, h, w, cin, cout, from, u, b, s, to, areas[t])
    }
  }

  deinit {
    transformed.deallocate()
    bias.deallocate()
    slopes?.deallocate()
    scratch.forEach { $0.deallocate() }
  }
}
