extension InterleavedImage {
  /// The image turned upright for EXIF orientation `value`, with OpenCV's `ExifTransform` steps
  /// (`flip` codes 1 = about the vertical axis, 0 = about the horizontal axis, -1 = both, after a
  /// `transpose` for 5…8). Other values (1, absent, out of range) return the image unchanged.
  public func oriented(exif value: Int?) -> InterleavedImage {
    switch value {
    case 2: return flipped(horizontally: true, vertically: false)
    case 3: return flipped(horizontally: true, vertically: true)
    case 4: return flipped(horizontally: false, vertically: true)
    case 5: return transposed()
    case 6: return transposed().flipped(horizontally: true, vertically: false)
    case 7: return transposed().flipped(horizontally: true, vertically: true)
    case 8: return transposed().flipped(horizontally: false, vertically: true)
    default: return self
    }
  }

  /// Rows become columns: pixel (x, y) moves to (y, x).
  func transposed() -> InterleavedImage {
    var out = [UInt8](repeating: 0, count: pixels.count)
    for y in 0..<height {
      for x in 0..<width {
        let (src, dst) = (3 * (y * width + x), 3 * (x * height + y))
        out[dst] = pixels[src]
        out[dst + 1] = pixels[src + 1]
        out[dst + 2] = pixels[src + 2]
      }
    }
    return InterleavedImage(width: height, height: width, order: order, pixels: out)
  }

  func flipped(horizontally: Bool, vertically: Bool) -> InterleavedImage {
    var out = [UInt8](repeating: 0, count: pixels.count)
    for y in 0..<height {
      let sy = vertically ? height - 1 - y : y
      for x in 0..<width {
        let sx = horizontally ? width - 1 - x : x
        let (src, dst) = (3 * (sy * width + sx), 3 * (y * width + x))
        out[dst] = pixels[src]
        out[dst + 1] = pixels[src + 1]
        out[dst + 2] = pixels[src + 2]
      }
    }
    return InterleavedImage(width: width, height: height, order: order, pixels: out)
  }
}
