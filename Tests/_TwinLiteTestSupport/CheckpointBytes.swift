/// Byte builders for checkpoint tests: little-endian integers, zip archives (stored entries, or a
/// caller-made deflate stream), and protocol-2 pickles. Every byte is deliberate, so malformed and
/// hostile inputs can be made precisely (no Python, no torch).
public enum CheckpointBytes {
  /// The low `size` bytes of `value`, least significant first (two's complement for negatives).
  public static func le(_ value: Int, _ size: Int) -> [UInt8] {
    (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
  }

  static let crcTable: [UInt32] = (0..<256).map { n in
    var c = UInt32(n)
    for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }

  /// The zip (IEEE) CRC-32 of `bytes`.
  public static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xff)] ^ (c >> 8) }
    return c ^ 0xFFFF_FFFF
  }

  /// Float32 values as little-endian bytes.
  public static func floats(_ values: [Float]) -> [UInt8] { values.flatMap { le(Int($0.bitPattern), 4) } }

  /// One zip entry as the archive writer lays it out.
  public struct ZipEntry: Sendable {
    public var name: String
    public var data: [UInt8]
    /// 0 stored, 8 deflate (then `data` is the deflate stream).
    public var method: Int
    /// Overrides of what the headers declare.
    public var declaredSize: Int?
    public var crc: UInt32?

    public init(
      name: String, data: [UInt8], method: Int = 0, declaredSize: Int? = nil, crc: UInt32? = nil
    ) {
      self.name = name
      self.data = data
      self.method = method
      self.declaredSize = declaredSize
      self.crc = crc
    }
  }

  /// A zip archive: local headers with data, the central directory, then the end record.
  public static func zip(_ entries: [ZipEntry]) -> [UInt8] {
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

  /// Emits protocol-2 pickle opcodes.
  public struct Pickle: Sendable {
    public var bytes: [UInt8] = [0x80, 2]

    public init() {}

    public mutating func op(_ b: UInt8) { bytes.append(b) }
    public mutating func global(_ module: String, _ name: String) {
      bytes += [0x63] + Array("\(module)\n\(name)\n".utf8)
    }
    public mutating func string(_ s: String) { bytes += [0x58] + le(s.utf8.count, 4) + Array(s.utf8) }
    /// BININT1 for 0..<256, BININT for the rest of Int32, LONG1 (8 bytes) beyond.
    public mutating func int(_ v: Int) {
      if v >= 0 && v < 256 {
        bytes += [0x4b, UInt8(v)]
      } else if v >= Int(Int32.min) && v <= Int(Int32.max) {
        bytes += [0x4a] + le(v, 4)
      } else {
        bytes += [0x8a, 8] + le(v, 8)  // LONG1
      }
    }
    public mutating func tuple(_ values: [Int]) {
      op(0x28)
      values.forEach { int($0) }
      op(0x74)
    }

    /// `key: _rebuild_tensor_v2(('storage', torch.<type>, storage, 'cpu', numel), offset, size, stride,
    /// False, OrderedDict())`
    public mutating func tensor(
      _ key: String, type: String = "FloatStorage", storage: String = "0", numel: Int, offset: Int = 0,
      size: [Int], stride: [Int]
    ) {
      string(key)
      global("torch._utils", "_rebuild_tensor_v2")
      op(0x28)  // MARK (args)
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
      op(0x89)  // False
      global("collections", "OrderedDict")
      op(0x29)
      op(0x52)
      op(0x74)  // TUPLE
      op(0x52)  // REDUCE
    }

    /// A full state-dict pickle: `OrderedDict` holding what `body` adds, then STOP.
    public static func stateDict(_ body: (inout Pickle) -> Void) -> [UInt8] {
      var p = Pickle()
      p.global("collections", "OrderedDict")
      p.op(0x29)
      p.op(0x52)
      p.op(0x28)
      body(&p)
      p.op(0x75)  // SETITEMS
      p.op(0x2e)  // STOP
      return p.bytes
    }

    /// `callable(argument)` as GLOBAL + TUPLE1 + REDUCE, then STOP: what a malicious pickle does.
    public static func call(_ module: String, _ name: String, _ argument: String) -> [UInt8] {
      var p = Pickle()
      p.global(module, name)
      p.string(argument)
      p.op(0x85)  // TUPLE1
      p.op(0x52)  // REDUCE
      p.op(0x2e)
      return p.bytes
    }
  }
}
