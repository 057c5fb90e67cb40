import CTwinLiteZlib
import Testing
import TwinLiteCore
import TwinLiteImageIO

/// The mask encoder's file is a well-formed PNG: IHDR/IDAT/IEND with valid CRCs, and an IDAT that
/// zlib's own `uncompress` (which checks adler32) inflates to filter byte 0 + each row.
@Suite struct PNGMaskEncoderZlibStreamTests {
  private func inflate(_ zlib: [UInt8], expected: Int) -> [UInt8]? {
    var out = [UInt8](repeating: 0, count: expected + 16)
    var length = uLongf(out.count)
    let code = out.withUnsafeMutableBufferPointer { o in
      zlib.withUnsafeBufferPointer { z in
        uncompress(o.baseAddress, &length, z.baseAddress, uLong(z.count))
      }
    }
    guard code == Z_OK else { return nil }
    return Array(out[0..<Int(length)])
  }

  private func checkStream(_ mask: Mask, _ label: String) throws {
    let png = try PNGMaskEncoder.encode(mask)
    #expect(Array(png[0..<8]) == [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    let chunks = PNGBytes.chunks(png)
    #expect(chunks.map(\.type) == ["IHDR", "IDAT", "IEND"], "\(label)")
    for chunk in chunks {
      let stored = png[
        (chunk.offset + 8 + chunk.data.count)..<(chunk.offset + 12 + chunk.data.count)]
      let body = Array(chunk.type.utf8) + chunk.data
      #expect(
        Array(stored) == PNGBytes.bigEndian(PNGBytes.crc32(body)), "\(label) \(chunk.type) CRC")
    }
    let header =
      PNGBytes.bigEndian(UInt32(mask.width)) + PNGBytes.bigEndian(UInt32(mask.height)) + [
        8, 0, 0, 0, 0,
      ]
    #expect(chunks.first?.data == header, "\(label)")
    let zlib = try #require(chunks.first { $0.type == "IDAT" }?.data)
    #expect(
      (UInt16(zlib[0]) << 8 | UInt16(zlib[1])) % 31 == 0 && zlib[0] & 0x0f == 8,
      "\(label) zlib header")
    // One final block (BFINAL = 1), fixed (01) or dynamic (10) Huffman.
    #expect([0b011, 0b101].contains(zlib[2] & 0x07), "\(label): block header")
    var raw: [UInt8] = []
    for y in 0..<mask.height {
      raw.append(0)
      raw += mask.pixels[(y * mask.width)..<((y + 1) * mask.width)]
    }
    let inflated = try #require(inflate(zlib, expected: raw.count), "\(label): uncompress failed")
    #expect(inflated == raw, "\(label)")
  }

  @Test func masksOfEveryKindInflateToTheirScanlines() throws {
    var random = MaskTestRandom(seed: 20)
    try checkStream(Mask(width: 1280, height: 720), "zeros")
    try checkStream(Mask(width: 1280, height: 720, fill: 255), "255")
    try checkStream(MaskSamples.lanes(width: 1280, height: 720), "lanes")
    try checkStream(
      Mask(width: 1281, height: 3, pixels: random.bytes(1281 * 3, from: [0, 255])), "noise")
    try checkStream(Mask(width: 1, height: 1, fill: 9), "1x1")
    let runs = random.runs(3 * 400, from: [0, 1, 2, 3, 255], maxRun: 30)
    try checkStream(Mask(width: 3, height: 400, pixels: runs), "3x400")
  }

  @Test func smallImagesUseTheFixedCodeAndMasksADynamicOne() throws {
    // A dynamic block's header (~40+ bytes) only pays on images with enough symbols.
    let tiny = try PNGMaskEncoder.encode(Mask(width: 3, height: 2, fill: 255))
    let mask = try PNGMaskEncoder.encode(MaskSamples.lanes(width: 1280, height: 720))
    func blockHeader(_ png: [UInt8]) -> UInt8? {
      PNGBytes.chunks(png).first { $0.type == "IDAT" }.map { $0.data[2] & 0x07 }
    }
    #expect(blockHeader(tiny) == 0b011)
    #expect(blockHeader(mask) == 0b101)
  }

  @Test func binaryMasksCompressWellAndNoiseStaysBounded() throws {
    let lanes = try PNGMaskEncoder.encode(MaskSamples.lanes(width: 1280, height: 720))
    #expect(lanes.count < 40_000, "\(lanes.count) bytes")
    // An empty mask: one literal, then 258-byte matches, whose symbols get 1-2 bit codes.
    let empty = try PNGMaskEncoder.encode(Mask(width: 1280, height: 720))
    #expect(empty.count < 1281 * 720 / 258 * 3 / 8 + 100, "\(empty.count) bytes")
    var random = MaskTestRandom(seed: 21)
    let noise = Mask(width: 1280, height: 720, pixels: random.bytes(1280 * 720, from: [0, 255]))
    // The fixed code (0 in 8 bits, 255 in 9) bounds it: 9/8 of the raw scanlines, plus framing.
    #expect(try PNGMaskEncoder.encode(noise).count <= 1281 * 720 * 9 / 8 + 100)
  }
}
