import Testing
import TwinLiteCore

@Suite struct StableHashTests {
  // Published FNV-1a 64 test vectors (Landon Curt Noll's FNV test suite).
  @Test func fnv1aMatchesPublishedVectors() {
    #expect(StableHash.fnv1a64("") == 0xcbf2_9ce4_8422_2325)
    #expect(StableHash.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
    #expect(StableHash.fnv1a64("foobar") == 0x8594_4171_f739_67e8)
  }

  // Expected values from python-xxhash 3.x: xxhash.xxh64(data).hexdigest().
  @Test(arguments: [
    ("", "ef46db3751d8e999"),
    ("a", "d24ec4f1a98c6e5b"),
    ("abc", "44bc2cf5ad770999"),
    ("twinlite", "306f55d29815f433"),
    ("0123456789abcdef0123456789abcdef0", "e87684f08d6d0816"),
  ])
  func xxh64MatchesReference(input: String, expected: String) {
    #expect(StableHash.hex(XXH64.hash(input)) == expected)
    #expect(StableHash.hex(XXH64.hash(Array(input.utf8))) == expected)
  }

  @Test func xxh64CoversAllTailLengths() {
    // bytes(range(256)) * 3 + b"xyz": 771 bytes, i.e. stripes, 8-, 4- and 1-byte tails.
    let bytes = Array((0..<768).map { UInt8($0 % 256) }) + Array("xyz".utf8)
    #expect(StableHash.hex(XXH64.hash(bytes)) == "e921a1b45bd779f8")
  }

  @Test func hexIsZeroPadded() {
    #expect(StableHash.hex(0x1f) == "000000000000001f")
    #expect(StableHash.hex(.max) == "ffffffffffffffff")
  }
}

@Suite struct XXH64StreamingTests {
  @Test func anyChunkingGivesTheOneShotValue() {
    var rng = SystemRandomNumberGenerator()
    for length in [0, 1, 7, 31, 32, 33, 63, 64, 65, 100, 1000, 70_001] {
      let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
      var hasher = XXH64.Streaming()
      var offset = 0
      while offset < length {
        let take = min(length - offset, Int.random(in: 1...45, using: &rng))
        hasher.update(Array(bytes[offset..<offset + take]))
        offset += take
      }
      #expect(hasher.finalize() == XXH64.hash(bytes), "length \(length)")
    }
  }

  @Test func streamingMatchesReferenceVector() {
    var hasher = XXH64.Streaming()
    hasher.update(Array("0123456789abcdef".utf8))
    hasher.update(Array("0123456789abcdef0".utf8))
    #expect(StableHash.hex(hasher.finalize()) == "e87684f08d6d0816")
  }
}
