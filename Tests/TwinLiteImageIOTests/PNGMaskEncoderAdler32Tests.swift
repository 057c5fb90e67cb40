import CTwinLiteZlib
import Testing
import TwinLiteImageIO

/// The encoder's run-based closed-form adler32 equals the definition (RFC 1950) computed byte by byte.
@Suite struct PNGMaskEncoderAdler32Tests {
  private func plainAdler32(_ bytes: [UInt8], start: UInt32 = 1) -> UInt32 {
    var a = start & 0xffff
    var b = start >> 16
    for byte in bytes {
      a = (a + UInt32(byte)) % 65_521
      b = (b + a) % 65_521
    }
    return b << 16 | a
  }

  @Test func matchesAPlainLoopOnRandomData() {
    var random = MaskTestRandom(seed: 10)
    for count in [0, 1, 2, 7, 8, 9, 15, 16, 17, 1000, 5552, 5553, 100_000] {
      let noise = random.bytes(count, from: (0...255).map { UInt8($0) })
      #expect(PNGMaskEncoder.adler32(noise) == plainAdler32(noise), "noise \(count)")
      let runs = random.runs(count, from: [0, 1, 254, 255], maxRun: 3000)
      #expect(PNGMaskEncoder.adler32(runs) == plainAdler32(runs), "runs \(count)")
    }
  }

  @Test func continuesFromAStartValueAndAgreesWithZlib() {
    var random = MaskTestRandom(seed: 11)
    let bytes = random.runs(50_000, from: [0, 255, 7], maxRun: 500)
    let start = plainAdler32(random.bytes(999, from: [255, 128]))
    #expect(PNGMaskEncoder.adler32(bytes, start: start) == plainAdler32(bytes, start: start))
    let zlib = bytes.withUnsafeBufferPointer {
      UInt32(adler32(uLong(start), $0.baseAddress, uInt($0.count)))
    }
    #expect(PNGMaskEncoder.adler32(bytes, start: start) == zlib)
  }

  @Test func longRunsBeyondOneSegment() {
    // Longer than the encoder's 2^20-byte exact-arithmetic segment, all 255: the largest sums.
    let bytes = [UInt8](repeating: 255, count: (1 << 20) * 2 + 12_345)
    #expect(PNGMaskEncoder.adler32(bytes) == plainAdler32(bytes))
    var random = MaskTestRandom(seed: 12)
    let runs = random.runs((1 << 20) + 77, from: [0, 255], maxRun: 200_000)
    #expect(PNGMaskEncoder.adler32(runs) == plainAdler32(runs))
  }
}
