import CTwinLiteJPEG
import TwinLiteImageIO

/// JPEG files made in memory for the decoder tests: block images, YCCK files (TurboJPEG writes
/// CMYK input as YCCK) and EXIF APP1 segments spliced in after SOI.
enum JPEGTestImages {
  /// Six 8×8 blocks, 3 wide and 2 high (24×16), each its own colour: any flip or turn moves them.
  static let blockColours: [[UInt8]] = [
    [220, 30, 30], [30, 200, 30], [30, 30, 220], [20, 20, 20], [235, 235, 235], [220, 220, 30],
  ]

  static func blocks() throws -> [UInt8] {
    var pixels = [UInt8](repeating: 0, count: 24 * 16 * 3)
    for y in 0..<16 {
      for x in 0..<24 {
        let colour = blockColours[(y / 8) * 3 + x / 8]
        for c in 0..<3 { pixels[3 * (y * 24 + x) + c] = colour[c] }
      }
    }
    return try JPEGEncoder(quality: 95, subsampling: .s444).encodeRGB(width: 24, height: 16, pixels: pixels)
  }

  /// `jpeg` with an APP1 segment holding `payload` right after SOI.
  static func withAPP1(_ jpeg: [UInt8], _ payload: [UInt8]) -> [UInt8] {
    let length = payload.count + 2
    return [0xFF, 0xD8, 0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload + jpeg.dropFirst(2)
  }

  /// `Exif\0\0` and a TIFF header with one IFD0 whose entries are `(tag, type, count, value)`;
  /// `value` is the 4-byte field as a number (a SHORT sits in its first two bytes).
  static func exif(bigEndian: Bool = false, _ entries: [(tag: Int, type: Int, count: Int, value: Int)])
    -> [UInt8]
  {
    func u16(_ v: Int) -> [UInt8] {
      bigEndian ? [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)]
    }
    func u32(_ v: Int) -> [UInt8] {
      let bytes = (0..<4).map { UInt8(v >> (8 * $0) & 0xFF) }
      return bigEndian ? bytes.reversed() : bytes
    }
    var tiff: [UInt8] = (bigEndian ? Array("MM".utf8) : Array("II".utf8)) + u16(42) + u32(8)
    tiff += u16(entries.count)
    for e in entries {
      // SHORT values are left-aligned in the 4-byte field.
      let field = e.type == 3 ? u16(e.value) + [0, 0] : u32(e.value)
      tiff += u16(e.tag) + u16(e.type) + u32(e.count) + field
    }
    tiff += u32(0)
    return Array("Exif".utf8) + [0, 0] + tiff
  }

  /// A YCCK JPEG of `width`×`height` from CMYK pixels that vary across the frame.
  static func ycck(width: Int, height: Int) -> [UInt8] {
    var cmyk = [UInt8](repeating: 0, count: width * height * 4)
    for y in 0..<height {
      for x in 0..<width {
        let i = 4 * (y * width + x)
        cmyk[i] = UInt8(255 * x / (width - 1))
        cmyk[i + 1] = UInt8(255 * y / (height - 1))
        cmyk[i + 2] = UInt8((x / 8 + y / 8) % 2 * 180 + 30)
        cmyk[i + 3] = UInt8(60 + (x + y) % 150)
      }
    }
    guard let handle = tjInitCompress() else { return [] }
    defer { tjDestroy(handle) }
    var output: UnsafeMutablePointer<UInt8>? = nil
    var size: UInt = 0
    let status = cmyk.withUnsafeBufferPointer {
      tjCompress2(
        handle, $0.baseAddress, Int32(width), Int32(width * 4), Int32(height), Int32(TJPF_CMYK.rawValue),
        &output, &size, Int32(TJSAMP_444.rawValue), 95, 0)
    }
    defer { if let output { tjFree(output) } }
    guard status == 0, let output else { return [] }
    return [UInt8](UnsafeBufferPointer(start: output, count: Int(size)))
  }
}
