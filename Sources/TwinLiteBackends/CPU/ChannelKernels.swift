internal import CTwinLiteDNNL

/// Where a kernel writes (or reads) channels: in a channels-last buffer channel `c` of pixel `p`
/// is at `base[p * stride + offset + c]`; in a blocked `nChw<block>c` buffer (`plane` = H·W,
/// `blocks` = ⌈C/block⌉) at `base[((image·blocks + ch/block)·plane + hw)·block + ch%block]`,
/// `ch = offset + c`. A slice of a wider buffer is how concatenations are formed without a copy.
struct ChannelSlice {
  var base: UnsafeMutablePointer<Float>
  var stride: Int
  var offset: Int
  var plane = 0
  var blocks = 0
  var block = 0

  /// Channels `offset…` of a channels-last buffer with `channels` per pixel.
  static func channelsLast(_ base: UnsafeMutablePointer<Float>, channels: Int, offset: Int = 0)
    -> ChannelSlice
  {
    ChannelSlice(base: base, stride: channels, offset: offset)
  }

  /// Channels `offset…` of an `nChw<block>c` buffer of `channels` channels and `plane` pixels per image.
  static func blocked(
    _ base: UnsafeMutablePointer<Float>, channels: Int, plane: Int, offset: Int, block: Int
  ) -> ChannelSlice {
    ChannelSlice(
      base: base, stride: block, offset: offset, plane: plane, blocks: (channels + block - 1) / block,
      block: block)
  }

  var destination: tl_dst {
    tl_dst(
      base: base, stride: stride, plane: plane, blocks: Int32(blocks), offset: Int32(offset),
      block: Int32(block))
  }
}

/// Element-wise kernels on channels-last activations, run on the OpenMP team (loops in C:
/// `twinlite_kernels.h`).
enum ChannelKernels {
  /// `dst[p, c] = prelu(src[p, c])` (or a plain copy when `slopes` is nil) for a dense
  /// `pixels × channels` source.
  static func copy(
    _ src: UnsafePointer<Float>, channels: Int, pixels: Int, to dst: ChannelSlice,
    slopes: UnsafePointer<Float>?
  ) {
    OpenMP.parallel { t, count in
      let r = OpenMP.slice(pixels, t, count)
      tl_copy_channels(r.lowerBound, r.upperBound, Int32(channels), src, dst.destination, slopes)
    }
  }
}
