internal import CTwinLiteZlib
import Foundation

/// A read-only zip archive held in memory: central directory, stored and deflate entries.
///
/// PyTorch checkpoints are zips of stored entries; `numpy.savez_compressed` files are deflated.
/// Sizes are bounded by `Limits`, and entry names that could escape a folder are rejected.
public struct ZipArchive: Sendable {
  /// Upper bounds that protect against hostile or damaged files.
  public struct Limits: Sendable {
    public var maxArchiveBytes: Int
    public var maxEntries: Int
    public var maxEntryBytes: Int

    public init(maxArchiveBytes: Int = 4 << 30, maxEntries: Int = 100_000, maxEntryBytes: Int = 2 << 30) {
      self.maxArchiveBytes = maxArchiveBytes
      self.maxEntries = maxEntries
      self.maxEntryBytes = maxEntryBytes
    }
  }

  public struct Entry: Sendable {
    public let name: String
    public let method: Int
    public let crc32: UInt32
    public let compressedSize: Int
    public let uncompressedSize: Int
    let localHeaderOffset: Int
  }

  public let source: String
  public let entries: [Entry]
  let bytes: [UInt8]
  let limits: Limits

  public init(contentsOf path: String, limits: Limits = Limits()) throws {
    try self.init(bytes: readWeightsFile(path, limit: limits.maxArchiveBytes), source: path, limits: limits)
  }

  public init(bytes: [UInt8], source: String, limits: Limits = Limits()) throws {
    self.source = source
    self.bytes = bytes
    self.limits = limits
    guard bytes.count <= limits.maxArchiveBytes else {
      throw CheckpointError.tooLarge(
        source: source, what: "archive", size: bytes.count, limit: limits.maxArchiveBytes)
    }
    self.entries = try ZipArchive.readCentralDirectory(bytes, source: source, limits: limits)
  }

  public var names: [String] { entries.map(\.name) }

  public func entry(named name: String) -> Entry? { entries.first { $0.name == name } }

  /// The uncompressed bytes of `name`.
  public func read(_ name: String) throws -> [UInt8] {
    guard let entry = entry(named: name) else {
      throw CheckpointError.missingEntry(source: source, entry: name)
    }
    return try read(entry)
  }

  public func read(_ entry: Entry) throws -> [UInt8] {
    let start = try dataStart(of: entry)
    guard start + entry.compressedSize <= bytes.count else {
      throw CheckpointError.malformedZip(source: source, reason: "entry '\(entry.name)' runs past the end")
    }
    let raw = bytes[start..<(start + entry.compressedSize)]
    let out: [UInt8]
    switch entry.method {
    case 0:
      guard entry.compressedSize == entry.uncompressedSize else {
        throw CheckpointError.corruptEntry(
          source: source, entry: entry.name, reason: "stored entry with differing sizes")
      }
      out = Array(raw)
    case 8:
      // The output buffer is allocated up front: refuse sizes deflate cannot reach (≤ 1032:1), so a
      // few hundred hostile bytes cannot cost gigabytes.
      let (reachable, overflow) = entry.compressedSize.multipliedReportingOverflow(by: 1032)
      guard overflow || entry.uncompressedSize <= reachable + 64 else {
        throw CheckpointError.corruptEntry(
          source: source, entry: entry.name,
          reason: "declares \(entry.uncompressedSize) bytes from \(entry.compressedSize) compressed bytes "
            + "(deflate expands at most 1032x)")
      }
      out = try inflate(raw, expected: entry.uncompressedSize, entry: entry.name)
    default:
      throw CheckpointError.unsupportedCompression(source: source, entry: entry.name, method: entry.method)
    }
    let crc = out.withUnsafeBufferPointer { buffer -> UInt32 in
      UInt32(CTwinLiteZlib.crc32(0, buffer.baseAddress, uInt(buffer.count)))
    }
    guard crc == entry.crc32 else {
      throw CheckpointError.corruptEntry(source: source, entry: entry.name, reason: "CRC-32 mismatch")
    }
    return out
  }

  // MARK: - Parsing

  private func dataStart(of entry: Entry) throws -> Int {
    let at = entry.localHeaderOffset
    guard at >= 0, at + 30 <= bytes.count, bytes.le(at, 4) == 0x0403_4b50 else {
      throw CheckpointError.malformedZip(source: source, reason: "bad local header for '\(entry.name)'")
    }
    let nameLength = Int(bytes.le(at + 26, 2))
    let extraLength = Int(bytes.le(at + 28, 2))
    return at + 30 + nameLength + extraLength
  }

  private static func readCentralDirectory(
    _ bytes: [UInt8], source: String, limits: Limits
  ) throws -> [Entry] {
    func bad(_ reason: String) -> CheckpointError { .malformedZip(source: source, reason: reason) }
    // End of central directory: 22 bytes plus a comment of at most 65535 bytes.
    guard bytes.count >= 22 else { throw bad("file too short for a zip (\(bytes.count) bytes)") }
    var eocd = -1
    var at = bytes.count - 22
    let lowest = max(0, bytes.count - 22 - 65_535)
    while at >= lowest {
      if bytes.le(at, 4) == 0x0605_4b50 {
        eocd = at
        break
      }
      at -= 1
    }
    guard eocd >= 0 else { throw bad("no end-of-central-directory record (truncated?)") }
    var count = Int(bytes.le(eocd + 10, 2))
    var directorySize = Int(bytes.le(eocd + 12, 4))
    var directoryOffset = Int(bytes.le(eocd + 16, 4))
    // Zip64: a locator sits just before the EOCD and points at the zip64 EOCD record.
    if eocd >= 20, bytes.le(eocd - 20, 4) == 0x0706_4b50 {
      let record = Int(clamping: bytes.le(eocd - 12, 8))
      guard record >= 0, record <= bytes.count - 56, bytes.le(record, 4) == 0x0606_4b50 else {
        throw bad("bad zip64 end-of-central-directory record")
      }
      count = Int(clamping: bytes.le(record + 32, 8))
      directorySize = Int(clamping: bytes.le(record + 40, 8))
      directoryOffset = Int(clamping: bytes.le(record + 48, 8))
    }
    guard count <= limits.maxEntries else {
      throw CheckpointError.tooLarge(
        source: source, what: "entry count", size: count, limit: limits.maxEntries)
    }
    guard directoryOffset >= 0, directorySize >= 0, directoryOffset <= bytes.count,
      directorySize <= bytes.count - directoryOffset
    else {
      throw bad("central directory lies outside the file (truncated?)")
    }
    var reader = ByteReader(bytes, offset: directoryOffset) { _ in bad("central directory is truncated") }
    var entries: [Entry] = []
    entries.reserveCapacity(count)
    for _ in 0..<count {
      guard try reader.u32() == 0x0201_4b50 else { throw bad("bad central directory signature") }
      _ = try reader.take(6)  // versions, flags
      let method = try reader.u16()
      _ = try reader.take(4)  // time, date
      let crc = UInt32(try reader.u32())
      var compressed = try reader.u32()
      var uncompressed = try reader.u32()
      let nameLength = try reader.u16()
      let extraLength = try reader.u16()
      let commentLength = try reader.u16()
      _ = try reader.take(8)  // disk, attributes
      var localOffset = try reader.u32()
      let nameBytes = try reader.take(nameLength)
      var extra = ByteReader(Array(try reader.take(extraLength))) { _ in bad("truncated zip64 extra field") }
      _ = try reader.take(commentLength)
      while extra.remaining >= 4 {
        let tag = try extra.u16()
        let size = try extra.u16()
        var field = ByteReader(Array(try extra.take(size))) { _ in bad("truncated zip64 extra field") }
        guard tag == 0x0001 else { continue }
        if uncompressed == 0xFFFF_FFFF { uncompressed = Int(clamping: try field.u64()) }
        if compressed == 0xFFFF_FFFF { compressed = Int(clamping: try field.u64()) }
        if localOffset == 0xFFFF_FFFF { localOffset = Int(clamping: try field.u64()) }
      }
      guard let name = String(validating: nameBytes, as: UTF8.self) else {
        throw bad("entry name is not UTF-8")
      }
      try checkName(name, source: source)
      guard uncompressed <= limits.maxEntryBytes else {
        throw CheckpointError.tooLarge(
          source: source, what: "entry '\(name)'", size: uncompressed, limit: limits.maxEntryBytes)
      }
      guard localOffset < bytes.count, compressed <= bytes.count else {
        throw bad("entry '\(name)' points outside the file (truncated?)")
      }
      entries.append(
        Entry(
          name: name, method: method, crc32: crc, compressedSize: compressed,
          uncompressedSize: uncompressed, localHeaderOffset: localOffset))
    }
    return entries
  }

  private static func checkName(_ name: String, source: String) throws {
    let parts = name.split(separator: "/", omittingEmptySubsequences: false)
    if name.isEmpty || name.hasPrefix("/") || name.contains("\\") || name.contains("\0")
      || parts.contains("..") || name.contains(":")
    {
      throw CheckpointError.unsafeEntryName(source: source, entry: name)
    }
  }

  private func inflate(_ raw: ArraySlice<UInt8>, expected: Int, entry: String) throws -> [UInt8] {
    var out = [UInt8](repeating: 0, count: expected)
    var input = Array(raw)
    var stream = z_stream()
    // -15: raw deflate, no zlib header (zip stores bare deflate streams).
    guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw CheckpointError.corruptEntry(source: source, entry: entry, reason: "zlib init failed")
    }
    defer { inflateEnd(&stream) }
    let status: Int32 = input.withUnsafeMutableBufferPointer { inBuf in
      out.withUnsafeMutableBufferPointer { outBuf in
        stream.next_in = inBuf.baseAddress
        stream.avail_in = uInt(inBuf.count)
        stream.next_out = outBuf.baseAddress
        stream.avail_out = uInt(outBuf.count)
        return CTwinLiteZlib.inflate(&stream, Z_FINISH)
      }
    }
    guard status == Z_STREAM_END, Int(stream.total_out) == expected else {
      throw CheckpointError.corruptEntry(
        source: source, entry: entry, reason: "deflate stream ended badly (zlib status \(status))")
    }
    return out
  }
}
