import TwinLiteCore

/// Independent PNG byte-level helpers for tests: a hand-made encoder (stored deflate blocks, no
/// libpng) and a chunk reader, so the tests do not check libpng against itself.
enum PNGBytes {
  static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xffff_ffff
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xedb8_8320 : crc >> 1 }
    }
    return ~crc
  }

  static func bigEndian(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff), UInt8(value & 0xff)]
  }

  static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
    let body = Array(type.utf8) + data
    return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
  }

  /// A PNG with filter 0 on every row and a stored (uncompressed) zlib stream.
  static func handmade(
    width: Int, height: Int, bitDepth: UInt8, colorType: UInt8, rows: [[UInt8]], palette: [UInt8] = []
  ) -> [UInt8] {
    var raw = [UInt8]()
    for row in rows { raw += [0] + row }
    var zlib: [UInt8] = [0x78, 0x01]
    var offset = 0
    repeat {
      let count = min(65_535, raw.count - offset)
      let final: UInt8 = offset + count == raw.count ? 1 : 0
      zlib += [
        final, UInt8(count & 0xff), UInt8(count >> 8), UInt8(~count & 0xff), UInt8((~count >> 8) & 0xff),
      ]
      zlib += raw[offset..<(offset + count)]
      offset += count
    } while offset < raw.count
    var a: UInt32 = 1
    var b: UInt32 = 0
    for byte in raw {
      a = (a + UInt32(byte)) % 65_521
      b = (b + a) % 65_521
    }
    zlib += bigEndian((b << 16) | a)
    let header = bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [bitDepth, colorType, 0, 0, 0]
    var png: [UInt8] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
    png += chunk("IHDR", header)
    if !palette.isEmpty { png += chunk("PLTE", palette) }
    png += chunk("IDAT", zlib) + chunk("IEND", [])
    return png
  }

  /// The chunks of a PNG file as (type, data, offset of the chunk's length field).
  static func chunks(_ png: [UInt8]) -> [(type: String, data: [UInt8], offset: Int)] {
    var result: [(String, [UInt8], Int)] = []
    var offset = 8
    while offset + 12 <= png.count {
      let length = png[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
      let type = String(decoding: png[(offset + 4)..<(offset + 8)], as: UTF8.self)
      let data = Array(png[(offset + 8)..<min(png.count, offset + 8 + length)])
      result.append((type, data, offset))
      offset += 12 + length
    }
    return result
  }

  /// The scanlines (filter byte included) of a level-0 PNG, whose zlib stream holds only stored blocks.
  static func storedScanlines(_ png: [UInt8], rowBytes: Int) -> [[UInt8]]? {
    let zlib = chunks(png).filter { $0.type == "IDAT" }.flatMap(\.data)
    var raw = [UInt8]()
    var i = 2
    while i < zlib.count - 4 {
      let header = zlib[i]
      guard (header >> 1) & 3 == 0 else { return nil }  // not a stored block
      let count = Int(zlib[i + 1]) | Int(zlib[i + 2]) << 8
      raw += zlib[(i + 5)..<(i + 5 + count)]
      i += 5 + count
      if header & 1 == 1 { break }
    }
    guard raw.count % (rowBytes + 1) == 0 else { return nil }
    return stride(from: 0, to: raw.count, by: rowBytes + 1).map { Array(raw[$0..<($0 + rowBytes + 1)]) }
  }

  /// A deterministic pseudo-random mask of 0/255 blobs (xorshift), for round trips.
  static func blobMask(width: Int, height: Int, seed: UInt64) -> Mask {
    var state = seed | 1
    var mask = Mask(width: width, height: height)
    for _ in 0..<40 {
      state ^= state << 13
      state ^= state >> 7
      state ^= state << 17
      let cx = Int(state % UInt64(width))
      let cy = Int((state >> 20) % UInt64(height))
      let r = Int((state >> 40) % 60) + 3
      for y in max(0, cy - r)..<min(height, cy + r) {
        for x in max(0, cx - r)..<min(width, cx + r) where (x - cx) * (x - cx) + (y - cy) * (y - cy) < r * r {
          mask[x, y] = 255
        }
      }
    }
    return mask
  }
}
