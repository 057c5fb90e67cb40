import Testing
import TwinLiteCore
import TwinLiteImageIO

/// The filter and zlib strategy settings really reach libpng.
@Suite struct PNGWriteSettingsTests {
  @Test func filterNoneWritesFilterByteZeroOnEveryRow() throws {
    let mask = PNGBytes.blobMask(width: 200, height: 50, seed: 11)
    let png = try PNGWriter(options: PNGWriteOptions(level: 0, filters: .none)).encode(mask)
    let rows = try #require(PNGBytes.storedScanlines(png, rowBytes: 200))
    #expect(rows.count == 50)
    #expect(rows.allSatisfy { $0[0] == 0 })
    #expect(rows.map { Array($0.dropFirst()) }.flatMap { $0 } == mask.pixels)
  }

  @Test func subFilterWritesFilterByteOne() throws {
    let mask = PNGBytes.blobMask(width: 64, height: 8, seed: 5)
    let png = try PNGWriter(options: PNGWriteOptions(level: 0, filters: .sub)).encode(mask)
    let rows = try #require(PNGBytes.storedScanlines(png, rowBytes: 64))
    #expect(rows.allSatisfy { $0[0] == 1 })
  }

  @Test func rleStrategyCannotUseLongDistanceMatches() throws {
    // A period-3 pattern has no runs: RLE (distance-1 matches only) barely compresses it, the
    // default strategy matches at distance 3 and compresses it to almost nothing.
    var mask = Mask(width: 600, height: 100)
    for i in 0..<mask.pixels.count { mask.pixels[i] = [0, 100, 200][i % 3] }
    let rle = try PNGWriter(options: PNGWriteOptions(level: 6, strategy: .rle)).encode(mask)
    let deflate = try PNGWriter(options: PNGWriteOptions(level: 6, strategy: .defaultStrategy)).encode(mask)
    #expect(rle.count > 10 * deflate.count, "rle \(rle.count) default \(deflate.count)")
  }

  @Test func adaptiveFiltersBeatNoneOnAGradient() throws {
    var mask = Mask(width: 256, height: 64)
    for y in 0..<64 { for x in 0..<256 { mask[x, y] = UInt8(x) } }
    let none = try PNGWriter(options: PNGWriteOptions(level: 6, strategy: .rle, filters: .none)).encode(mask)
    let sub = try PNGWriter(options: PNGWriteOptions(level: 6, strategy: .rle, filters: .sub)).encode(mask)
    #expect(none.count > 10 * sub.count, "none \(none.count) sub \(sub.count)")
  }
}
