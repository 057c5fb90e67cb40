import Testing
import TwinLiteImageIO

/// JPEGEncoder output decodes (TurboJPEG decoder) to the same size and nearly the same pixels.
@Suite struct JPEGEncoderRoundTripTests {
  /// A smooth colour ramp with a few hard edges, like a road scene.
  func scene(width: Int, height: Int) -> [UInt8] {
    var rgb = [UInt8](repeating: 0, count: width * height * 3)
    for y in 0..<height {
      for x in 0..<width {
        let i = (y * width + x) * 3
        let road = y > height / 2 && abs(x - width / 2) < (y - height / 2)
        rgb[i] = road ? 80 : UInt8(100 + 100 * y / height)
        rgb[i + 1] = road ? 80 : UInt8(150 + 70 * x / width)
        rgb[i + 2] = road ? 85 : 230
      }
    }
    return rgb
  }

  @Test func encodeThenDecodeIsCloseAndSized() throws {
    let (w, h) = (320, 180)
    let pixels = scene(width: w, height: h)
    let jpeg = try JPEGEncoder(quality: 95, subsampling: .s444).encodeRGB(width: w, height: h, pixels: pixels)
    #expect(jpeg.prefix(3) == [0xff, 0xd8, 0xff])
    let image = try JPEGDecoder().decode(jpeg, order: .rgb)
    #expect(image.width == w && image.height == h && image.pixels.count == pixels.count)
    let error = zip(image.pixels, pixels).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
    #expect(Double(error) / Double(pixels.count) < 2.0)
  }

  @Test func lowerQualityGivesSmallerFiles() throws {
    let pixels = scene(width: 256, height: 256)
    let high = try JPEGEncoder(quality: 95).encodeRGB(width: 256, height: 256, pixels: pixels)
    let low = try JPEGEncoder(quality: 30).encodeRGB(width: 256, height: 256, pixels: pixels)
    #expect(low.count < high.count)
  }

  @Test func wrongPixelCountIsRejected() throws {
    #expect(throws: ImageIOError.self) {
      try JPEGEncoder().encodeRGB(width: 10, height: 10, pixels: [UInt8](repeating: 0, count: 299))
    }
  }
}
