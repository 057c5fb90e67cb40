import Foundation
import Testing
import TwinLiteCore
import TwinLiteImageIO
import _TwinLiteTestSupport

/// Broken files come back as `ImageIOError`s naming the file, never as a crash.
@Suite struct PNGCorruptInputTests {
  let valid: [UInt8]

  init() throws {
    valid = try PNGWriter().encode(PNGBytes.blobMask(width: 300, height: 200, seed: 9))
  }

  @Test func truncatedFileIsReportedWithItsName() throws {
    let dir = try Fixtures.temporaryDirectory("png-corrupt")
    for cut in [valid.count / 2, valid.count - 13, 40] {
      let path = dir.appendingPathComponent("cut\(cut).png").path
      try Data(valid.prefix(cut)).write(to: URL(fileURLWithPath: path))
      #expect(throws: ImageIOError.truncated(file: path, format: "PNG")) {
        try PNGDecoder.readMask(path: path)
      }
    }
  }

  @Test func badSignatureAndEmptyFile() {
    #expect(throws: ImageIOError.notThisFormat(file: "x.png", format: "PNG")) {
      try PNGDecoder.decode(Array("GIF89a not a png at all".utf8), name: "x.png")
    }
    #expect(throws: ImageIOError.notThisFormat(file: "e.png", format: "PNG")) {
      try PNGDecoder.decode([], name: "e.png")
    }
  }

  @Test func flippedByteInImageDataIsCorrupt() throws {
    let idat = try #require(PNGBytes.chunks(valid).first { $0.type == "IDAT" })
    var broken = valid
    broken[idat.offset + 8 + idat.data.count / 2] ^= 0x5a
    do {
      _ = try PNGDecoder.decode(broken, name: "flip.png")
      Issue.record("a flipped IDAT byte decoded without error")
    } catch {
      guard case .corrupt(let file, _, let message) = error else {
        Issue.record("expected .corrupt, got \(error)")
        return
      }
      #expect(file == "flip.png")
      #expect(!message.isEmpty)
      #expect(error.description.hasPrefix("flip.png: corrupt PNG"))
    }
  }

  @Test func badHeaderChecksumIsACRCError() throws {
    var broken = valid
    broken[29] ^= 0xff  // last byte of IHDR's CRC
    #expect(throws: ImageIOError.corrupt(file: "h.png", format: "PNG", message: "IHDR: CRC error")) {
      try PNGDecoder.decode(broken, name: "h.png")
    }
  }

  @Test func missingFileAndDirectory() throws {
    #expect(throws: ImageIOError.fileNotFound(file: "/nonexistent/a.png")) {
      try PNGDecoder.readMask(path: "/nonexistent/a.png")
    }
    let dir = try Fixtures.temporaryDirectory("png-dir")
    #expect(throws: ImageIOError.self) { try PNGDecoder.readMask(path: dir.path) }
  }

  @Test func rgbaIsReportedAsRGBAWhenAMaskIsNeeded() throws {
    let path = Fixtures.path("fixtures/bdd100k/bdd100k__bdd100k/doc/images/lane.png")
    let image = try PNGDecoder.read(path: path)
    #expect(image.colorType == .rgba && image.channels == 4)
    #expect(
      throws: ImageIOError.unsupportedColorType(file: path, colorType: "RGBA", expected: "gray or palette")
    ) {
      try PNGDecoder.readMask(path: path)
    }
    let rgb = try PNGWriter().encodeRGB(width: 2, height: 2, pixels: [UInt8](repeating: 9, count: 12))
    #expect(
      throws: ImageIOError.unsupportedColorType(file: "m", colorType: "RGB", expected: "gray or palette")
    ) {
      try PNGDecoder.decodeMask(rgb, name: "m")
    }
  }

  @Test func writingIntoAMissingDirectoryFailsWithoutLeavingFiles() throws {
    let dir = try Fixtures.temporaryDirectory("png-write")
    let path = dir.appendingPathComponent("missing/sub/out.png").path
    #expect(throws: ImageIOError.self) { try PNGWriter().write(Mask(width: 4, height: 4), to: path) }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
  }
}

/// A header that claims a huge image is rejected before any pixel buffer is allocated.
@Suite struct PNGHugeHeaderTests {
  @Test func absurdDimensionsAreCorruptNotAnAllocation() throws {
    // 60000 x 60000 RGBA = 14 GB decoded; the data itself is one tiny row.
    let png = PNGBytes.handmade(
      width: 60_000, height: 60_000, bitDepth: 8, colorType: 6, rows: [[0, 0, 0, 0]])
    do {
      _ = try PNGDecoder.decode(png, name: "huge.png")
      Issue.record("a 60000x60000 header decoded")
    } catch {
      guard case .corrupt(let file, _, let message) = error else {
        Issue.record("expected .corrupt, got \(error)")
        return
      }
      #expect(file == "huge.png" && message.contains("too large"))
    }
  }
}
