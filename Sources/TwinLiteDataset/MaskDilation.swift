import TwinLiteCore

/// Binary max filter with a (2r+1)×(2r+1) square kernel, separable (rows then columns):
/// a 2-px line becomes 2 + 2r px wide. Non-zero pixels take the value 255.
package enum MaskDilation {
  package static func dilate(_ mask: inout Mask, radius: Int) {
    guard radius > 0, mask.width > 0, mask.height > 0 else { return }
    let width = mask.width
    let height = mask.height
    var temp = [UInt8](repeating: 0, count: width * height)
    var rowUsed = [Bool](repeating: false, count: height)
    mask.pixels.withUnsafeMutableBufferPointer { pixels in
      temp.withUnsafeMutableBufferPointer { scratch in
        // Horizontal pass: spread each run of set pixels r to each side.
        for row in 0..<height {
          let src = pixels.baseAddress! + row * width
          let dst = scratch.baseAddress! + row * width
          var x = 0
          while x < width {
            // Skip zero bytes eight at a time (rows are mostly empty).
            if x & 7 == 0 && x + 8 <= width
              && UnsafeRawPointer(src + x).loadUnaligned(as: UInt64.self) == 0
            {
              x += 8
              continue
            }
            if src[x] == 0 {
              x += 1
              continue
            }
            let runStart = x
            while x < width && src[x] != 0 { x += 1 }
            let lo = max(0, runStart - radius)
            let hi = min(width, x + radius)
            (dst + lo).update(repeating: 255, count: hi - lo)
            rowUsed[row] = true
          }
        }
        // Vertical pass: OR of the non-empty rows within r (lane masks are mostly empty rows).
        for row in 0..<height {
          let dst = pixels.baseAddress! + row * width
          dst.update(repeating: 0, count: width)
          let lo = max(0, row - radius)
          let hi = min(height - 1, row + radius)
          for source in lo...hi where rowUsed[source] {
            let src = scratch.baseAddress! + source * width
            let words = width / 8
            let dstWords = UnsafeMutableRawPointer(dst)
            let srcWords = UnsafeRawPointer(src)
            for w in 0..<words {
              let value =
                dstWords.loadUnaligned(fromByteOffset: w * 8, as: UInt64.self)
                | srcWords.loadUnaligned(fromByteOffset: w * 8, as: UInt64.self)
              dstWords.storeBytes(of: value, toByteOffset: w * 8, as: UInt64.self)
            }
            for x in (words * 8)..<width { dst[x] |= src[x] }
          }
        }
      }
    }
  }
}
