import Testing
import TwinLiteCore
import TwinLiteImageIO

/// Masks written by `PNGMaskEncoder` decode through libpng (`PNGDecoder`) to exactly the input.
@Suite struct PNGMaskEncoderRoundTripTests {
  private func roundTrip(_ mask: Mask, _ label: String) throws {
    let png = try PNGMaskEncoder.encode(mask)
    let image: PNGImage
    do {
      image = try PNGDecoder.decode(png)
    } catch {
      Issue.record("\(label): \(error)")
      return
    }
    #expect(image.colorType == .gray && image.bitDepth == 8, "\(label)")
    #expect(image.width == mask.width && image.height == mask.height, "\(label)")
    #expect(image.pixels == mask.pixels, "\(label)")
  }

  @Test func constantMasks() throws {
    for value: UInt8 in [0, 255, 1] {
      try roundTrip(Mask(width: 1280, height: 720, fill: value), "fill \(value)")
    }
  }

  @Test func binaryNoiseWorstCase() throws {
    var random = MaskTestRandom(seed: 1)
    let mask = Mask(width: 1280, height: 720, pixels: random.bytes(1280 * 720, from: [0, 255]))
    try roundTrip(mask, "0/255 noise")
  }

  @Test func smallClassValuesAndAllByteValues() throws {
    var random = MaskTestRandom(seed: 2)
    let few = Mask(
      width: 1280, height: 720, pixels: random.runs(1280 * 720, from: [0, 1, 2, 255], maxRun: 40))
    try roundTrip(few, "bdd100k-like runs")
    let any = Mask(
      width: 1280, height: 720, pixels: random.bytes(1280 * 720, from: (0...255).map { UInt8($0) }))
    try roundTrip(any, "uniform bytes")
  }

  @Test func renderedLikeMasksWithRepeatedRows() throws {
    try roundTrip(MaskSamples.lanes(width: 1280, height: 720), "lanes")
    var random = MaskTestRandom(seed: 3)
    // Every row repeated 1...5 times: the row-copy matches at distance width + 1.
    var pixels: [UInt8] = []
    while pixels.count < 1280 * 720 {
      let row = random.runs(1280, from: [0, 255], maxRun: 300)
      for _ in 0..<(Int(random.next() % 5) + 1) where pixels.count < 1280 * 720 { pixels += row }
    }
    try roundTrip(Mask(width: 1280, height: 720, pixels: pixels), "repeated rows")
  }

  @Test func oddWidthsAndSingleRows() throws {
    var random = MaskTestRandom(seed: 4)
    for width in [1, 2, 3, 7, 8, 9, 255, 256, 257, 258, 259, 1281] {
      for height in [1, 2, 5] {
        let runs = Mask(
          width: width, height: height,
          pixels: random.runs(width * height, from: [0, 255], maxRun: 600))
        try roundTrip(runs, "\(width)x\(height) runs")
        let noise = Mask(
          width: width, height: height, pixels: random.bytes(width * height, from: [0, 3, 255]))
        try roundTrip(noise, "\(width)x\(height) noise")
        try roundTrip(MaskSamples.lanes(width: width, height: height), "\(width)x\(height) lanes")
      }
    }
  }

  @Test func rowCopyDistanceLimits() throws {
    // Rows of 32767 pixels are 32768 bytes with the filter byte: the longest copy distance DEFLATE
    // allows. One pixel wider and the encoder must fall back to runs.
    var random = MaskTestRandom(seed: 5)
    for width in [32_767, 32_768] {
      let row = random.runs(width, from: [0, 255], maxRun: 5)
      let mask = Mask(width: width, height: 3, pixels: row + row + row)
      try roundTrip(mask, "width \(width)")
    }
  }

  @Test func writerUsesTheMaskEncoderOnlyForTheMaskPreset() throws {
    let mask = MaskSamples.lanes(width: 640, height: 360)
    let own = try PNGMaskEncoder.encode(mask)
    #expect(try PNGWriter(options: .masks).encode(mask) == own)
    #expect(try PNGWriter().encodeGray(width: 640, height: 360, pixels: mask.pixels) == own)
    let libpng = try PNGWriter(options: .libpngMasks).encode(mask)
    #expect(libpng != own)
    #expect(try PNGDecoder.decodeMask(libpng) == mask)
    #expect(PNGWriteOptions.masks.usesMaskEncoder && !PNGWriteOptions.libpngMasks.usesMaskEncoder)
    #expect(
      !PNGWriteOptions(level: 6).usesMaskEncoder && !PNGWriteOptions.libpngDefault.usesMaskEncoder)
  }

  @Test func wideMasksAndTheWidthLimit() throws {
    // PNGDecoder reads widths up to 65536; the encoder takes up to 2^20 (no row copies past 32767).
    var random = MaskTestRandom(seed: 6)
    let row = random.runs(65_536, from: [0, 255], maxRun: 9000)
    try roundTrip(Mask(width: 65_536, height: 3, pixels: row + row + row.reversed()), "wide")
    let tooWide = Mask(width: PNGMaskEncoder.maxWidth + 1, height: 1)
    #expect(throws: ImageIOError.self) { try PNGMaskEncoder.encode(tooWide) }
  }
}
