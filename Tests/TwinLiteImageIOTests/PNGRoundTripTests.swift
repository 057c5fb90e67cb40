import Testing
import TwinLiteCore
import TwinLiteImageIO
import _TwinLiteTestSupport

@Suite struct PNGRoundTripTests {
  @Test func grayMaskRoundTripsBitExactWithEveryStrategy() throws {
    let mask = PNGBytes.blobMask(width: 1280, height: 720, seed: 7)
    #expect(mask.nonZeroCount > 10_000)
    for strategy in PNGStrategy.allCases {
      for level in [0, 1, 9] {
        let writer = PNGWriter(options: PNGWriteOptions(level: level, strategy: strategy, filters: .none))
        let decoded = try PNGDecoder.decodeMask(writer.encode(mask))
        #expect(decoded == mask, "strategy \(strategy) level \(level)")
      }
    }
  }

  @Test func allByteValuesRoundTripThroughGrayAndAdaptiveFilters() throws {
    var mask = Mask(width: 257, height: 3)
    for i in 0..<mask.pixels.count { mask.pixels[i] = UInt8((i * 37) & 0xff) }
    for options in [PNGWriteOptions.masks, .libpngDefault] {
      let image = try PNGDecoder.decode(PNGWriter(options: options).encode(mask))
      #expect(image.colorType == .gray && image.bitDepth == 8 && image.channels == 1)
      #expect(image.pixels == mask.pixels)
    }
  }

  @Test func paletteIndicesAndPaletteRoundTrip() throws {
    var indices = Mask(width: 64, height: 32)
    for y in 0..<32 { for x in 0..<64 { indices[x, y] = UInt8((x / 8 + y / 8) % 3) } }
    let palette: [UInt8] = [219, 94, 86, 86, 211, 219, 0, 0, 0]
    let bytes = try PNGWriter().encodePalette(indices, palette: palette)
    let image = try PNGDecoder.decode(bytes)
    #expect(image.colorType == .palette)
    #expect(image.palette == palette)
    #expect(image.pixels == indices.pixels)
    #expect(try PNGDecoder.decodeMask(bytes) == indices)
  }

  @Test func paletteIndexOutsidePaletteIsRejected() {
    let indices = Mask(width: 4, height: 4, fill: 3)
    #expect(throws: ImageIOError.self) { try PNGWriter().encodePalette(indices, palette: [0, 0, 0]) }
  }

  @Test func rgbRoundTrips() throws {
    let (w, h) = (33, 17)
    let pixels: [UInt8] = (0..<(w * h * 3)).map { (i: Int) -> UInt8 in UInt8((i * 11 + i / 7) & 0xff) }
    let image = try PNGDecoder.decode(PNGWriter().encodeRGB(width: w, height: h, pixels: pixels))
    #expect(image.colorType == .rgb && image.channels == 3)
    #expect(image.width == w && image.height == h && image.pixels == pixels)
  }

  @Test func writeToFileThenReadBack() throws {
    let dir = try Fixtures.temporaryDirectory("png-file")
    let path = dir.appendingPathComponent("mask.png").path
    let mask = PNGBytes.blobMask(width: 320, height: 180, seed: 3)
    let writer = PNGWriter()
    try writer.write(mask, to: path)
    #expect(try PNGDecoder.readMask(path: path) == mask)
    // A reused writer gives identical bytes for identical input.
    let second = try writer.encode(mask)
    #expect(second == (try writer.encode(mask)))
  }

  @Test func handMadeLowBitDepthFilesDecode() throws {
    // 1-bit gray: samples scale to 0/255. 2-bit palette: indices unpack to one byte each.
    let gray = PNGBytes.handmade(
      width: 10, height: 2, bitDepth: 1, colorType: 0,
      rows: [[0b1010_0000, 0b0100_0000], [0xff, 0xc0]])
    let g = try PNGDecoder.decodeMask(gray)
    #expect(g.pixels == [255, 0, 255, 0, 0, 0, 0, 0, 0, 255] + [UInt8](repeating: 255, count: 10))
    let pal = PNGBytes.handmade(
      width: 4, height: 1, bitDepth: 2, colorType: 3, rows: [[0b00_01_10_01]],
      palette: [0, 0, 0, 1, 1, 1, 2, 2, 2])
    #expect(try PNGDecoder.decodeMask(pal).pixels == [0, 1, 2, 1])
  }

  @Test func officialSemsegMaskDecodesToItsDocumentedCarCount() throws {
    let path = Fixtures.path("fixtures/bdd100k/bdd100k__bdd100k/tests/label/testcases/semseg_mask.png")
    let mask = try PNGDecoder.readMask(path: path)
    #expect(mask.width == 1280 && mask.height == 720)
    #expect(mask.pixels.filter { $0 == 13 }.count == 121_254)
    // Re-encoding with the fast settings and decoding gives the same pixels.
    #expect(try PNGDecoder.decodeMask(PNGWriter().encode(mask)) == mask)
  }
}
