/// The EXIF orientation of a JPEG as `cv2.imread` (OpenCV 4.6, `grfmt_jpeg.cpp` and `exif.cpp`)
/// finds it, so frames are turned exactly as the official preprocessing turns them.
///
/// OpenCV reads the first APP1 segment before the scan, whatever it holds, skips its first 6 bytes
/// (`Exif\0\0`) and walks IFD0 of the TIFF structure behind them. `II` means little-endian, anything
/// else big-endian; the tag mark must be 42. IFD0 entries are read in order, and the first error
/// (an entry whose data lies outside the segment) ends the walk but keeps what was read before it.
/// Orientation is the SHORT at byte 8 of its entry. Values other than 2…8 leave the image as is.
///
/// See: https://github.com/opencv/opencv/blob/4.6.0/modules/imgcodecs/src/exif.cpp
public enum JPEGExifOrientation {
  /// The orientation value (1…8 in a well-formed file), or nil when OpenCV would find none.
  public static func read(_ jpeg: [UInt8]) -> Int? {
    guard let segment = firstAPP1(jpeg), segment.count > 6 else { return nil }
    return IFD0(Array(segment.dropFirst(6))).orientation()
  }

  /// The payload of the first APP1 (0xFFE1) segment before the first scan, as libjpeg saves it.
  static func firstAPP1(_ bytes: [UInt8]) -> ArraySlice<UInt8>? {
    guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
    var at = 2
    while at + 1 < bytes.count {
      // libjpeg skips anything before the next 0xFF, and fill bytes between 0xFF and the code.
      guard bytes[at] == 0xFF else {
        at += 1
        continue
      }
      let code = bytes[at + 1]
      if code == 0xFF {
        at += 1
        continue
      }
      if code == 0xDA || code == 0xD9 { return nil }
      // Markers without a length field.
      if code == 0x01 || (0xD0...0xD8).contains(code) {
        at += 2
        continue
      }
      guard at + 3 < bytes.count else { return nil }
      let length = Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
      guard length >= 2 else { return nil }
      let end = min(bytes.count, at + 2 + length)
      if code == 0xE1 { return bytes[(at + 4)..<end] }
      at += 2 + length
    }
    return nil
  }

  /// OpenCV's `ExifReader` over the TIFF bytes, reduced to what decides the orientation.
  struct IFD0 {
    let data: [UInt8]
    let littleEndian: Bool

    init(_ data: [UInt8]) {
      self.data = data
      // `getFormat`: 'I' twice is Intel; 'M' twice and anything else read as Motorola order.
      littleEndian = data.count > 1 && data[0] == UInt8(ascii: "I") && data[1] == UInt8(ascii: "I")
    }

    struct OutOfRange: Error {}

    func u16(_ offset: Int) throws(OutOfRange) -> Int {
      guard offset >= 0, offset + 1 < data.count else { throw OutOfRange() }
      let (a, b) = (Int(data[offset]), Int(data[offset + 1]))
      return littleEndian ? a | b << 8 : a << 8 | b
    }

    func u32(_ offset: Int) throws(OutOfRange) -> Int {
      guard offset >= 0, offset + 3 < data.count else { throw OutOfRange() }
      let v = (0..<4).map { Int(data[offset + $0]) }
      let ordered = littleEndian ? v.reversed() : v
      return ordered.reduce(0) { $0 << 8 | $1 }
    }

    /// `u32` at each of `count` rational pairs from the offset stored at byte 8 of the entry.
    func rationals(_ entry: Int, _ count: Int) throws(OutOfRange) {
      var offset = try u32(entry + 8)
      for _ in 0..<count {
        _ = try u32(offset)
        _ = try u32(offset + 4)
        // OpenCV keeps this offset in a uint32_t.
        offset = (offset + 8) & 0xFFFF_FFFF
      }
    }

    /// Reads one entry the way `parseExifEntry` does; throws where OpenCV's reads would throw.
    func readEntry(_ offset: Int) throws(OutOfRange) -> (tag: Int, value: Int) {
      let tag = try u16(offset)
      switch tag {
      case 0x010E, 0x010F, 0x0110, 0x0131, 0x0132, 0x8298:  // strings
        let size = try u32(offset + 4)
        // The data sits at absolute byte 8 (sic) when it fits the field, else at the stored offset.
        var start = 8
        if size > 4 { start = try u32(offset + 8) }
        guard start <= data.count, start + size <= data.count else { throw OutOfRange() }
      case 0x011A, 0x011B: try rationals(offset, 1)
      case 0x013E: try rationals(offset, 2)
      case 0x013F, 0x0214: try rationals(offset, 6)
      case 0x0211: try rationals(offset, 3)
      case 0x0112, 0x0128, 0x0213: return (tag, try u16(offset + 8))
      default: break
      }
      return (tag, 0)
    }

    func orientation() -> Int? {
      do {
        guard try u16(2) == 42 else { return nil }
        let start = try u32(4)
        let count = try u16(start)
        for index in 0..<count {
          let entry = try readEntry(start + 2 + 12 * index)
          // The first entry with a tag wins (`std::map::insert`).
          if entry.tag == 0x0112 { return entry.value }
        }
      } catch {}
      return nil
    }
  }
}
