/// xxHash64 (Yann Collet's XXH64 algorithm, seed 0 by default), written from the published
/// specification. Used for output-file fingerprints: about 8 bytes per step, several GB/s, and
/// checkable with the standard `xxhsum -H1` tool. Non-cryptographic.
public enum XXH64 {
  static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
  static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
  static let p3: UInt64 = 0x1656_67B1_9E37_79F9
  static let p4: UInt64 = 0x85EB_CA77_C2B2_AE63
  static let p5: UInt64 = 0x27D4_EB2F_1656_67C5

  @inline(__always) static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }

  @inline(__always) static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
    rotl(acc &+ input &* p2, 31) &* p1
  }

  @inline(__always) static func merge(_ acc: UInt64, _ value: UInt64) -> UInt64 {
    (acc ^ round(0, value)) &* p1 &+ p4
  }

  /// Hash of a byte array.
  public static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
    bytes.withUnsafeBytes { hash($0, seed: seed) }
  }

  /// Hash of the UTF-8 bytes of a string.
  public static func hash(_ string: String, seed: UInt64 = 0) -> UInt64 {
    var copy = string
    return copy.withUTF8 { hash(UnsafeRawBufferPointer($0), seed: seed) }
  }

  /// Hash of raw memory.
  public static func hash(_ buffer: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
    let count = buffer.count
    guard let base = buffer.baseAddress else { return avalanche(seed &+ p5) }
    var offset = 0
    var h: UInt64
    @inline(__always) func read64(_ at: Int) -> UInt64 {
      UInt64(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt64.self))
    }
    if count >= 32 {
      var v1 = seed &+ p1 &+ p2
      var v2 = seed &+ p2
      var v3 = seed
      var v4 = seed &- p1
      while offset + 32 <= count {
        v1 = round(v1, read64(offset))
        v2 = round(v2, read64(offset + 8))
        v3 = round(v3, read64(offset + 16))
        v4 = round(v4, read64(offset + 24))
        offset += 32
      }
      h = rotl(v1, 1) &+ rotl(v2, 7) &+ rotl(v3, 12) &+ rotl(v4, 18)
      h = merge(h, v1)
      h = merge(h, v2)
      h = merge(h, v3)
      h = merge(h, v4)
    } else {
      h = seed &+ p5
    }
    h &+= UInt64(count)
    return tail(h, UnsafeRawBufferPointer(rebasing: buffer[offset...]))
  }

  @inline(__always) static func avalanche(_ value: UInt64) -> UInt64 {
    var h = value
    h ^= h >> 33
    h &*= p2
    h ^= h >> 29
    h &*= p3
    h ^= h >> 32
    return h
  }
}
