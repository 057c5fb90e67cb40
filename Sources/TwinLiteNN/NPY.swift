import Foundation
import TwinLiteCore

/// NumPy `.npy` (v1–v3) reading of little-endian float32/float64/int64/int32 C-order arrays, and
/// float32 C-order writing; `.npz` reading (a zip of `.npy` files, stored or deflated).
public enum NPY {
  public static func read(contentsOf path: String) throws -> Tensor {
    try decode(readWeightsFile(path, limit: ZipArchive.Limits().maxArchiveBytes), source: path)
  }

  public static func decode(_ bytes: [UInt8], source: String) throws -> Tensor {
    func bad(_ reason: String) -> CheckpointError { .malformedNPY(source: source, reason: reason) }
    let magic: [UInt8] = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]
    guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw bad("missing \\x93NUMPY magic") }
    let major = bytes[6]
    let headerLength: Int
    let headerStart: Int
    switch major {
    case 1:
      headerLength = Int(bytes.le(8, 2))
      headerStart = 10
    case 2, 3:
      guard bytes.count >= 12 else { throw bad("truncated header") }
      headerLength = Int(bytes.le(8, 4))
      headerStart = 12
    default: throw bad("unsupported version \(major)")
    }
    guard headerStart + headerLength <= bytes.count,
      let header = String(bytes: bytes[headerStart..<(headerStart + headerLength)], encoding: .utf8)
    else { throw bad("truncated header") }
    guard let descr = field(header, "descr"), let fortran = field(header, "fortran_order"),
      let shapeText = field(header, "shape")
    else { throw bad("header lacks descr/fortran_order/shape: \(header)") }
    guard fortran == "False" else { throw bad("Fortran-order arrays are not read") }
    let dtypes: [String: StorageDType] = [
      "'<f4'": .float32, "'<f8'": .float64, "'<i8'": .int64,
      "'<i4'": .int32, "'<f2'": .float16,
    ]
    guard let dtype = dtypes[descr] else { throw bad("element type \(descr) is not read") }
    let inner = shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "() "))
    var shape: [Int] = []
    for part in inner.split(separator: ",") {
      let text = part.trimmingCharacters(in: .whitespaces)
      if text.isEmpty { continue }
      guard let v = Int(text), v >= 0 else { throw bad("bad shape \(shapeText)") }
      shape.append(v)
    }
    guard let count = checkedElementCount(shape), count <= TorchCheckpoint.maxElements else {
      throw bad("shape \(shape) is out of range")
    }
    let start = headerStart + headerLength
    guard bytes.count - start == count * dtype.byteSize else {
      throw bad("payload is \(bytes.count - start) bytes, shape \(shape) needs \(count * dtype.byteSize)")
    }
    let payload = bytes[start...]
    var values = [Float](repeating: 0, count: count)
    if dtype == .float32 {
      values.withUnsafeMutableBytes { out in
        payload.withUnsafeBytes { out.copyMemory(from: $0) }
      }
    } else {
      for i in 0..<count { values[i] = ElementConversion.float32(payload, at: i, dtype: dtype) }
    }
    return Tensor(shape: shape, data: values)
  }

  /// The value text of `'name': value` in a numpy header dict literal.
  private static func field(_ header: String, _ name: String) -> String? {
    guard let range = header.range(of: "'\(name)':") else { return nil }
    var rest = header[range.upperBound...].drop { $0 == " " }
    if rest.first == "(" {
      guard let close = rest.firstIndex(of: ")") else { return nil }
      return String(rest[...close])
    }
    if let comma = rest.firstIndex(where: { $0 == "," || $0 == "}" }) { rest = rest[..<comma] }
    return rest.trimmingCharacters(in: .whitespaces)
  }

  /// A version 1.0 `.npy` file of `tensor` as little-endian float32 in C order.
  public static func encode(_ tensor: Tensor) -> [UInt8] {
    let shapeText =
      tensor.shape.count == 1
      ? "(\(tensor.shape[0]),)"
      : "(" + tensor.shape.map(String.init).joined(separator: ", ") + ")"
    var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
    // Magic (6) + version (2) + length (2) + header, padded with spaces to 64 bytes, ending in \n.
    let unpadded = 10 + header.utf8.count + 1
    header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
    var out: [UInt8] = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]
    let length = header.utf8.count
    out += [UInt8(length & 0xff), UInt8(length >> 8)]
    out += Array(header.utf8)
    tensor.data.withUnsafeBytes { out += $0 }
    return out
  }

  public static func write(_ tensor: Tensor, to path: String) throws {
    do { try Data(encode(tensor)).write(to: URL(fileURLWithPath: path)) } catch {
      throw CheckpointError.unreadable(source: path, reason: "cannot write: \(error.localizedDescription)")
    }
  }

  /// All arrays of an `.npz`, keyed by entry name without `.npy`.
  public static func readArchive(contentsOf path: String) throws -> [String: Tensor] {
    let archive = try ZipArchive(contentsOf: path)
    var out: [String: Tensor] = [:]
    for entry in archive.entries where entry.name.hasSuffix(".npy") {
      out[String(entry.name.dropLast(4))] = try decode(
        try archive.read(entry), source: "\(path):\(entry.name)")
    }
    return out
  }
}
