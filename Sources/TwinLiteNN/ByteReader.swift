import TwinLiteCore

/// Bounds-checked little-endian reads from a byte buffer; every read past the end throws.
struct ByteReader {
  let bytes: [UInt8]
  var offset: Int
  /// Builds the error thrown when a read would run past the end.
  let truncated: (Int) -> CheckpointError

  init(_ bytes: [UInt8], offset: Int = 0, truncated: @escaping (Int) -> CheckpointError) {
    self.bytes = bytes
    self.offset = offset
    self.truncated = truncated
  }

  var remaining: Int { bytes.count - offset }
  var atEnd: Bool { offset >= bytes.count }

  mutating func u8() throws -> UInt8 {
    guard offset < bytes.count else { throw truncated(offset) }
    defer { offset += 1 }
    return bytes[offset]
  }

  mutating func uint(_ size: Int) throws -> UInt64 {
    guard size <= 8, offset >= 0, remaining >= size else { throw truncated(offset) }
    var value: UInt64 = 0
    for i in 0..<size { value |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
    offset += size
    return value
  }

  mutating func u16() throws -> Int { Int(try uint(2)) }
  mutating func u32() throws -> Int { Int(try uint(4)) }
  mutating func u64() throws -> UInt64 { try uint(8) }

  mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
    guard count >= 0, remaining >= count else { throw truncated(offset) }
    defer { offset += count }
    return bytes[offset..<(offset + count)]
  }
}

extension Array where Element == UInt8 {
  /// Little-endian unsigned integer at `at` (caller checked the bounds).
  func le(_ at: Int, _ size: Int) -> UInt64 {
    var value: UInt64 = 0
    for i in 0..<size { value |= UInt64(self[at + i]) << (8 * UInt64(i)) }
    return value
  }
}

/// The product of `dims`, or nil when it is negative or overflows (hostile shapes must not trap).
func checkedElementCount(_ dims: [Int]) -> Int? {
  var product = 1
  for d in dims {
    guard d >= 0 else { return nil }
    let (next, overflow) = product.multipliedReportingOverflow(by: d)
    if overflow { return nil }
    product = next
  }
  return product
}

/// The content of the checkpoint or array file at `path` (a regular file of at most `limit` bytes).
func readWeightsFile(_ path: String, limit: Int) throws(CheckpointError) -> [UInt8] {
  do { return try RegularFile.read(path, limit: limit) } catch {
    throw .unreadable(source: path, reason: error.reason)
  }
}
