import TwinLiteCore

/// Binary max filter with a (2r+1)×(2r+1) square kernel, separable (rows then columns):
/// a 2-px line becomes 2 + 2r px wide. Non-zero pixels take the value 255.
package enum MaskDilation {
  package static func dilate(_ mask: inout Mask, radius: Int) {
    guard radius > 0, mask.width > 0, mask.height > 0 else { return }
    let width = mask.width
    let height = mask.height
    var temp = [UInt8](repeating: 0, count: width * height)
    mask.pixels.withUnsafeMutableBufferPointer { pixels in
      temp.withUnsafeMutableBufferPointer { scratch in
        // Horizontal pass: spread each run of set pixels r to each side.
        for row in 0..<height {
          let src = pixels.baseAddress! + row * width
          let dst = scratch.baseAddress! + row * width
          var x = 0
          while x < width {
            if src[x] == 0 {
              x += 1
              continue
            }
            let runStart = x
            while x < width && src[x] != 0 { x += 1 }
            let lo = max(0, runStart - radius)
            let hi = min(width, x + radius)
            (dst + lo).update(repeating: 255, count: hi - lo)
          }
        }
        // Vertical pass: OR of rows within r (sliding count per column would be faster; rows are cheap).
        for row in 0..<height {
          let dst = pixels.baseAddress! + row * width
          dst.update(repeating: 0, count: width)
          let lo = max(0, row - radius)
          let hi = min(height - 1, row + radius)
          for source in lo...hi {
            let src = scratch.baseAddress! + source * width
            for x in 0..<width { dst[x] |= src[x] }
          }
        }
      }
    }
  }
}
