import Foundation
import TwinLiteCore

extension Safetensors {
  /// Serialises `dict` as safetensors: every tensor F32 (little-endian), keys sorted, data in key
  /// order, the JSON header padded with spaces so that the data starts 8-byte aligned.
  /// `metadata` goes to `__metadata__` (string values only, as the format requires).
  public static func serialise(_ dict: StateDict, metadata: [String: String] = [:]) -> [UInt8] {
    var entries: [String] = []
    var offset = 0
    for key in dict.keys {
      let t = dict[key]!
      let shape = t.shape.map(String.init).joined(separator: ",")
      let offsets = "[\(offset),\(offset + 4 * t.count)]"
      entries.append(
        "\(jsonString(key)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":\(offsets)}")
      offset += 4 * t.count
    }
    if !metadata.isEmpty {
      let pairs = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }
      entries.insert("\"__metadata__\":{\(pairs.joined(separator: ","))}", at: 0)
    }
    var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
    while (8 + header.count) % 8 != 0 { header.append(0x20) }
    var out = [UInt8]()
    out.reserveCapacity(8 + header.count + offset)
    withUnsafeBytes(of: UInt64(header.count).littleEndian) { out.append(contentsOf: $0) }
    out.append(contentsOf: header)
    for key in dict.keys {
      for v in dict[key]!.data {
        withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) }
      }
    }
    return out
  }

  /// A JSON string literal: quotes, backslashes and control characters escaped.
  static func jsonString(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
      default: out.unicodeScalars.append(u)
      }
    }
    return out + "\""
  }
}
