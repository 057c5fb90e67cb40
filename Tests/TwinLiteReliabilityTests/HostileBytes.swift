import Foundation

/// Byte builders for hostile checkpoints: zip archives (stored or a hand-made deflate bomb), protocol-2
/// pickles and safetensors headers. Written here so every byte is deliberate (no Python, no torch).
enum HostileBytes {
  static func le(_ value: Int, _ size: Int) -> [UInt8] {
    (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
  }

  static let crcTable: [UInt32] = (0..<256).map { n in
    var c = UInt32(n)
    for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }

  static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xff)] ^ (c >> 8) }
    return c ^ 0xFFFF_FFFF
  }

  struct ZipEntry {
    var name: String
    var data: [UInt8]
    /// 0 stored, 8 deflate (then `data` is the deflate stream).
    var method = 0
    /// Overrides of what the headers declare.
    var declaredSize: Int? = nil
    var crc: UInt32? = nil
  }

  static func zip(_ entries: [ZipEntry]) -> [UInt8] {
    var out: [UInt8] = []
    var central: [UInt8] = []
    for e in entries {
      let offset = out.count
      let crc = Int(e.crc ?? crc32(e.data))
      let size = e.declaredSize ?? e.data.count
      let name = Array(e.name.utf8)
      out += le(0x0403_4b50, 4) + le(20, 2) + le(0, 2) + le(e.method, 2) + le(0, 4) + le(crc, 4)
      out += le(e.data.count, 4) + le(size, 4) + le(name.count, 2) + le(0, 2) + name + e.data
      central +=
        le(0x0201_4b50, 4) + le(20, 2) + le(20, 2) + le(0, 2) + le(e.method, 2) + le(0, 4) + le(crc, 4)
      central += le(e.data.count, 4) + le(size, 4) + le(name.count, 2) + le(0, 2) + le(0, 2)
      central += le(0, 2) + le(0, 2) + le(0, 4) + le(offset, 4) + name
    }
    let directory = out.count
    out += central
    out += le(0x0605_4b50, 4) + le(0, 2) + le(0, 2) + le(entries.count, 2) + le(entries.count, 2)
    out += le(central.count, 4) + le(directory, 4) + le(0, 2)
    return out
  }

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

  /// Protocol-2 pickle opcodes.
  struct Pickle {
    var bytes: [UInt8] = [0x80, 2]
    mutating func op(_ b: UInt8) { bytes.append(b) }
    mutating func global(_ module: String, _ name: String) {
      bytes += [0x63] + Array("\(module)\n\(name)\n".utf8)
    }
    mutating func string(_ s: String) { bytes += [0x58] + le(s.utf8.count, 4) + Array(s.utf8) }
    mutating func int(_ v: Int) {
      if v >= 0 && v < 256 {
        bytes += [0x4b, UInt8(v)]
      } else if v >= Int(Int32.min) && v <= Int(Int32.max) {
        bytes += [0x4a] + le(v, 4)
      } else {
        bytes += [0x8a, 8] + le(v, 8)  // LONG1
      }
    }
    mutating func tuple(_ values: [Int]) {
      op(0x28)
      values.forEach { int($0) }
      op(0x74)
    }

    /// `key: _rebuild_tensor_v2(('storage', torch.<type>, key, 'cpu', numel), offset, size, stride, …)`
    mutating func tensor(
      _ key: String, type: String = "FloatStorage", storage: String = "0", numel: Int, offset: Int = 0,
      size: [Int], stride: [Int]
    ) {
      string(key)
      global("torch._utils", "_rebuild_tensor_v2")
      op(0x28)
      op(0x28)
      string("storage")
      global("torch", type)
      string(storage)
      string("cpu")
      int(numel)
      op(0x74)
      op(0x51)  // BINPERSID
      int(offset)
      tuple(size)
      tuple(stride)
      op(0x89)
      global("collections", "OrderedDict")
      op(0x29)
      op(0x52)
      op(0x74)
      op(0x52)
    }

    /// `OrderedDict` holding what `body` adds, then STOP.
    static func stateDict(_ body: (inout Pickle) -> Void) -> [UInt8] {
      var p = Pickle()
      p.global("collections", "OrderedDict")
      p.op(0x29)
      p.op(0x52)
      p.op(0x28)
      body(&p)
      p.op(0x75)
      p.op(0x2e)
      return p.bytes
    }

    /// `callable(argument)` as GLOBAL + TUPLE1 + REDUCE, then STOP: what a malicious pickle does.
    static func call(_ module: String, _ name: String, _ argument: String) -> [UInt8] {
      var p = Pickle()
      p.global(module, name)
      p.string(argument)
      p.op(0x85)  // TUPLE1
      p.op(0x52)  // REDUCE
      p.op(0x2e)
      return p.bytes
    }
  }

  /// A torch-style archive around a pickle and its storages.
  static func checkpoint(_ pickle: [UInt8], storages: [String: [UInt8]] = [:]) -> [UInt8] {
    var entries = [ZipEntry(name: "archive/data.pkl", data: pickle)]
    for (key, data) in storages.sorted(by: { $0.key < $1.key }) {
      entries.append(ZipEntry(name: "archive/data/\(key)", data: data))
    }
    entries.append(ZipEntry(name: "archive/version", data: Array("3\n".utf8)))
    return zip(entries)
  }

  static func floats(_ values: [Float]) -> [UInt8] { values.flatMap { le(Int($0.bitPattern), 4) } }
}
