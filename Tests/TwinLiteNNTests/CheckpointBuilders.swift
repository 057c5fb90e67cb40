import Foundation
import TwinLiteNN
import _TwinLiteTestSupport

/// Test-only builders for zip archives, pickles and safetensors files, so malformed inputs can be
/// made precisely.
enum CRC32 {
  static let table: [UInt32] = (0..<256).map { n in
    var c = UInt32(n)
    for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }

  static func of(_ bytes: [UInt8]) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for b in bytes { c = table[Int((c ^ UInt32(b)) & 0xff)] ^ (c >> 8) }
    return c ^ 0xFFFF_FFFF
  }
}

func le(_ value: Int, _ size: Int) -> [UInt8] { (0..<size).map { UInt8((value >> (8 * $0)) & 0xff) } }

/// A zip of stored (uncompressed) entries.
func makeZip(_ entries: [(name: String, data: [UInt8])]) -> [UInt8] {
  var out: [UInt8] = []
  var central: [UInt8] = []
  for (name, data) in entries {
    let offset = out.count
    let crc = Int(CRC32.of(data))
    let nameBytes = Array(name.utf8)
    out += le(0x0403_4b50, 4) + le(20, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(crc, 4)
    out += le(data.count, 4) + le(data.count, 4) + le(nameBytes.count, 2) + le(0, 2) + nameBytes + data
    central += le(0x0201_4b50, 4) + le(20, 2) + le(20, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(crc, 4)
    central += le(data.count, 4) + le(data.count, 4) + le(nameBytes.count, 2) + le(0, 2) + le(0, 2)
    central += le(0, 2) + le(0, 2) + le(0, 4) + le(offset, 4) + nameBytes
  }
  let directoryOffset = out.count
  out += central
  out += le(0x0605_4b50, 4) + le(0, 2) + le(0, 2) + le(entries.count, 2) + le(entries.count, 2)
  out += le(central.count, 4) + le(directoryOffset, 4) + le(0, 2)
  return out
}

/// Emits protocol-2 pickle opcodes.
struct PickleBuilder {
  var bytes: [UInt8] = [0x80, 2]

  mutating func op(_ b: UInt8) { bytes.append(b) }
  mutating func global(_ module: String, _ name: String) {
    bytes += [0x63] + Array("\(module)\n\(name)\n".utf8)
  }
  mutating func string(_ s: String) { bytes += [0x58] + le(s.utf8.count, 4) + Array(s.utf8) }
  mutating func int(_ v: Int) {
    if v < 256 {
      bytes += [0x4b, UInt8(v)]
    } else if v < 65_536 {
      bytes += [0x4d] + le(v, 2)
    } else {
      bytes += [0x4a] + le(v, 4)
    }
  }
  mutating func tuple(_ values: [Int]) {
    op(0x28)
    values.forEach { int($0) }
    op(0x74)
  }

  /// `key: _rebuild_tensor_v2(('storage', torch.<type>, storageKey, 'cpu', numel), offset, size, stride,
  /// False, OrderedDict())`
  mutating func tensor(
    key: String, type: String, storage: String, numel: Int, offset: Int = 0, size: [Int],
    stride: [Int]
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

  /// A full state-dict pickle: `OrderedDict` with the given tensors.
  static func stateDict(_ build: (inout PickleBuilder) -> Void) -> [UInt8] {
    var p = PickleBuilder()
    p.global("collections", "OrderedDict")
    p.op(0x29)
    p.op(0x52)
    p.op(0x28)
    build(&p)
    p.op(0x75)  // SETITEMS
    p.op(0x2e)  // STOP
    return p.bytes
  }
}

func floatBytes(_ values: [Float]) -> [UInt8] { values.flatMap { le(Int($0.bitPattern), 4) } }

/// Writes `bytes` to a fresh temporary file and returns its path.
func temporaryFile(_ name: String, _ bytes: [UInt8]) throws -> String {
  let url = try Fixtures.temporaryDirectory("nn").appendingPathComponent(name)
  try Data(bytes).write(to: url)
  return url.path
}

/// The error thrown by `body`, which must throw a `CheckpointError`.
func checkpointError(_ body: () throws -> Void) -> CheckpointError? {
  do { try body() } catch let error as CheckpointError { return error } catch { return nil }
  return nil
}
