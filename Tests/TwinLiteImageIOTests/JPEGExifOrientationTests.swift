import Testing
import TwinLiteImageIO

/// EXIF orientation is applied as `cv2.imread` applies it (without needing OpenCV here): the eight
/// values turn the frame as the EXIF specification says, in either byte order, and OpenCV's reading
/// rules decide which tag counts (only the first APP1 segment, IFD0 read in order up to the first
/// entry it cannot read, values outside 2…8 ignored).
@Suite struct JPEGExifOrientationTests {
  /// Where output pixel (x, y) comes from in the 24×16 source, per orientation (EXIF spec, 0x0112).
  static func source(_ orientation: Int, x: Int, y: Int) -> (x: Int, y: Int) {
    let (w, h) = (24, 16)
    switch orientation {
    case 2: return (w - 1 - x, y)
    case 3: return (w - 1 - x, h - 1 - y)
    case 4: return (x, h - 1 - y)
    case 5: return (y, x)
    case 6: return (y, h - 1 - x)
    case 7: return (w - 1 - y, h - 1 - x)
    case 8: return (w - 1 - y, x)
    default: return (x, y)
    }
  }

  func decode(_ bytes: [UInt8]) throws -> InterleavedImage { try JPEGDecoder().decode(bytes, order: .rgb) }

  /// Checks the centre of each 8×8 output block against the source block it must come from.
  func expectTurned(
    _ image: InterleavedImage, _ orientation: Int, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let turned = orientation >= 5
    #expect([image.width, image.height] == (turned ? [16, 24] : [24, 16]), sourceLocation: sourceLocation)
    guard image.pixels.count == 24 * 16 * 3 else { return }
    for by in 0..<(image.height / 8) {
      for bx in 0..<(image.width / 8) {
        let (x, y) = (8 * bx + 4, 8 * by + 4)
        let s = Self.source(orientation, x: x, y: y)
        let expected = JPEGTestImages.blockColours[(s.y / 8) * 3 + s.x / 8]
        let got = Array(image.pixels[(3 * (y * image.width + x))..<(3 * (y * image.width + x) + 3)])
        let close = zip(got, expected).allSatisfy { abs(Int($0) - Int($1)) <= 12 }
        #expect(
          close, "orientation \(orientation), block (\(bx), \(by)): \(got) vs \(expected)",
          sourceLocation: sourceLocation)
      }
    }
  }

  @Test(arguments: 1...8, [false, true])
  func orientationTurnsTheFrame(orientation: Int, bigEndian: Bool) throws {
    let jpeg = JPEGTestImages.withAPP1(
      try JPEGTestImages.blocks(), JPEGTestImages.exif(bigEndian: bigEndian, [(0x0112, 3, 1, orientation)]))
    #expect(JPEGExifOrientation.read(jpeg) == orientation)
    expectTurned(try decode(jpeg), orientation)
  }

  @Test func outOfRangeValueAndNoExifLeaveTheFrame() throws {
    let plain = try JPEGTestImages.blocks()
    #expect(JPEGExifOrientation.read(plain) == nil)
    expectTurned(try decode(plain), 1)
    let nine = JPEGTestImages.withAPP1(plain, JPEGTestImages.exif([(0x0112, 3, 1, 9)]))
    expectTurned(try decode(nine), 1)
  }

  @Test func onlyTheFirstAPP1SegmentIsRead() throws {
    let exif = JPEGTestImages.exif([(0x0112, 3, 1, 6)])
    let rotated = JPEGTestImages.withAPP1(try JPEGTestImages.blocks(), exif)
    // XMP (or anything) in an APP1 before the EXIF one hides it from OpenCV.
    let hidden = JPEGTestImages.withAPP1(rotated, Array("http://ns.adobe.com/xap/1.0/\0<x/>".utf8))
    #expect(JPEGExifOrientation.read(hidden) == nil)
    expectTurned(try decode(hidden), 1)
  }

  @Test func anUnreadableEntryEndsTheWalk() throws {
    let plain = try JPEGTestImages.blocks()
    // A Make string (0x010F) whose 1000 bytes would lie past the segment: OpenCV stops there.
    let badString = (tag: 0x010F, type: 2, count: 1000, value: 8)
    let before = JPEGTestImages.withAPP1(plain, JPEGTestImages.exif([badString, (0x0112, 3, 1, 3)]))
    #expect(JPEGExifOrientation.read(before) == nil)
    let after = JPEGTestImages.withAPP1(plain, JPEGTestImages.exif([(0x0112, 3, 1, 3), badString]))
    #expect(JPEGExifOrientation.read(after) == 3)
    expectTurned(try decode(after), 3)
    let ignoring = try JPEGDecoder()
    ignoring.applyOrientation = false
    expectTurned(try ignoring.decode(after, order: .rgb), 1)
  }
}
