/// Where a kernel writes (or reads) channels in a channels-last buffer: channel `c` of pixel `p`
/// is at `base[p * stride + offset + c]`. A slice of a wider buffer is how concatenations are
/// formed without a separate copy.
struct ChannelSlice {
  var base: UnsafeMutablePointer<Float>
  var stride: Int
  var offset: Int

  @inline(__always) func row(_ p: Int) -> UnsafeMutablePointer<Float> { base + p * stride + offset }
}

/// Element-wise kernels on channels-last activations, run on the OpenMP team.
enum ChannelKernels {
  /// `dst[p, c] = prelu(src[p, c])` (or a plain copy when `slopes` is nil) for a dense
  /// `pixels × channels` source.
  static func copy(_ src: UnsafePointer<Float>, channels: Int, pixels: Int, to dst: ChannelSlice,
                   slopes: UnsafePointer<Float>?)
  {
    OpenMP.parallel { t, count in
      for p in OpenMP.slice(pixels, t, count) {
        let s = src + p * channels
        let d = dst.row(p)
        if let slopes {
          for c in 0..<channels {
            let v = s[c]
            d[c] = v < 0 ? v * slopes[c] : v
          }
        } else {
          d.update(from: s, count: channels)
        }
      }
    }
  }

  /// Final logits: PReLU on a dense channels-last `n×h×w×2` buffer, written as `n×2×h×w`.
  static func unpackLogits(_ src: UnsafePointer<Float>, n: Int, plane: Int, slopes: (Float, Float),
                           to dst: UnsafeMutablePointer<Float>)
  {
    OpenMP.parallel { t, count in
      for b in 0..<n {
        let s = src + b * plane * 2
        let d0 = dst + b * plane * 2
        let d1 = d0 + plane
        for p in OpenMP.slice(plane, t, count) {
          let v0 = s[2 * p], v1 = s[2 * p + 1]
          d0[p] = v0 < 0 ? v0 * slopes.0 : v0
          d1[p] = v1 < 0 ? v1 * slopes.1 : v1
        }
      }
    }
  }
}
