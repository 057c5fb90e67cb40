import Testing
import TwinLiteImageIO

/// A JPEG that libjpeg can decode only in part (cut short: "Premature end of JPEG file") is an
/// error naming the file, not an image whose missing rows are grey; `acceptWarnings` decodes it and
/// keeps the warning. CMYK/YCCK files decode (to OpenCV's colours) instead of being refused.
@Suite struct JPEGDamagedDataIsAnErrorTests {
  func frame() throws -> [UInt8] {
    var pixels = [UInt8](repeating: 0, count: 64 * 48 * 3)
    for i in 0..<pixels.count { pixels[i] = UInt8((i * 7) % 251) }
    return try JPEGEncoder(quality: 90).encodeRGB(width: 64, height: 48, pixels: pixels)
  }

  @Test func cutShortIsDamagedByDefault() throws {
    let jpeg = try frame()
    let cut = Array(jpeg.prefix(jpeg.count * 3 / 5))
    let damaged = ImageIOError.damaged(file: "cut.jpg", format: "JPEG", message: "Premature end of JPEG file")
    #expect(throws: damaged) {
      try JPEGDecoder().decode(cut, file: "cut.jpg")
    }
    let lenient = try JPEGDecoder()
    lenient.acceptWarnings = true
    let image = try lenient.decode(cut, file: "cut.jpg")
    #expect(image.width == 64 && image.height == 48)
    #expect(lenient.lastWarning == "Premature end of JPEG file")
    _ = try lenient.decode(jpeg)
    #expect(lenient.lastWarning == nil)
  }

  @Test func ycckDecodesToOpenCVsFormula() throws {
    let image = try JPEGDecoder().decode(JPEGTestImages.ycck(width: 40, height: 24), order: .rgb)
    #expect(image.width == 40 && image.height == 24)
    // Pixel (0, 0) was C 0, M 0, Y 30, K 60: OpenCV's k − ((255 − v)·k >> 8) gives R 1, G 1, B 8
    // (within JPEG rounding).
    let rgb = image.pixels.prefix(3).map(Int.init)
    #expect(abs(rgb[0] - 1) <= 4 && abs(rgb[1] - 1) <= 4 && abs(rgb[2] - 8) <= 4, "\(rgb)")
  }
}
