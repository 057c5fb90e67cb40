import _TwinLiteTestSupport

/// Hostile-checkpoint builders that only this target needs: a hand-made deflate bomb and a torch-style
/// archive. Little-endian bytes, zips and pickles come from `CheckpointBytes` in the test-support module.
enum HostileBytes {
  /// A raw deflate stream (fixed Huffman) of `count` zero bytes: one literal, then back-references
  /// of length 258 at distance 1 — 13 bits per 258 bytes, a ≈160:1 bomb.
  static func deflateZeros(_ count: Int) -> [UInt8] {
    var bytes: [UInt8] = []
    var bit = 0
    func put(_ value: Int, _ bits: Int) {  // LSB first
      for i in 0..<bits {
        if bit % 8 == 0 { bytes.append(0) }
        if value >> i & 1 == 1 { bytes[bytes.count - 1] |= UInt8(1 << (bit % 8)) }
        bit += 1
      }
    }
    func code(_ value: Int, _ bits: Int) {  // Huffman codes go MSB first
      for i in stride(from: bits - 1, through: 0, by: -1) { put(value >> i & 1, 1) }
    }
    put(1, 1)  // BFINAL
    put(1, 2)  // fixed Huffman
    code(0x30, 8)  // literal 0
    var left = count - 1
    while left >= 258 {
      code(0xC5, 8)  // length 258 (symbol 285)
      code(0, 5)  // distance 1
      left -= 258
    }
    for _ in 0..<left { code(0x30, 8) }
    code(0, 7)  // end of block
    return bytes
  }

  /// A torch-style archive around a pickle and its storages.
  static func checkpoint(_ pickle: [UInt8], storages: [String: [UInt8]] = [:]) -> [UInt8] {
    var entries = [CheckpointBytes.ZipEntry(name: "archive/data.pkl", data: pickle)]
    for (key, data) in storages.sorted(by: { $0.key < $1.key }) {
      entries.append(CheckpointBytes.ZipEntry(name: "archive/data/\(key)", data: data))
    }
    entries.append(CheckpointBytes.ZipEntry(name: "archive/version", data: Array("3\n".utf8)))
    return CheckpointBytes.zip(entries)
  }
}
