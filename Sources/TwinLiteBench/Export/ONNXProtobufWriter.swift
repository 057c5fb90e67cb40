/// A minimal protocol-buffers encoder: just the wire types the ONNX messages here use.
///
/// Spec: https://protobuf.dev/programming-guides/encoding/ . Repeated scalars are written unpacked,
/// the proto2 default that `onnx.proto` declares; every parser also accepts this form.
package struct ProtobufWriter {
  package init() {}

  package private(set) var bytes: [UInt8] = []

  /// Base-128 varint; negative `Int64`s take ten bytes (two's complement), as protobuf requires.
  package mutating func varint(_ value: UInt64) {
    var v = value
    while v >= 0x80 {
      bytes.append(UInt8(v & 0x7F) | 0x80)
      v >>= 7
    }
    bytes.append(UInt8(v))
  }

  package mutating func key(_ field: Int, wireType: UInt64) { varint(UInt64(field) << 3 | wireType) }

  package mutating func int(_ field: Int, _ value: Int64) {
    key(field, wireType: 0)
    varint(UInt64(bitPattern: value))
  }

  package mutating func float(_ field: Int, _ value: Float) {
    key(field, wireType: 5)
    withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
  }

  package mutating func bytes(_ field: Int, _ data: [UInt8]) {
    key(field, wireType: 2)
    varint(UInt64(data.count))
    bytes.append(contentsOf: data)
  }

  package mutating func string(_ field: Int, _ text: String) { bytes(field, Array(text.utf8)) }

  package mutating func message(_ field: Int, _ build: (inout ProtobufWriter) -> Void) {
    var inner = ProtobufWriter()
    build(&inner)
    bytes(field, inner.bytes)
  }
}
