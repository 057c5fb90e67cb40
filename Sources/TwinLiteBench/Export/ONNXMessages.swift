import TwinLiteCore

// The subset of onnx.proto (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto) an inference
// graph of TwinLiteNet needs. Field numbers are the ones in onnx.proto.

/// An attribute value of a node.
enum ONNXAttribute {
  case int(Int64)
  case ints([Int64])
  case float(Float)

  func encode(name: String, into w: inout ProtobufWriter) {
    w.string(1, name)
    switch self {
    case .float(let value):
      w.float(2, value)
      w.int(20, 1)  // AttributeType.FLOAT
    case .int(let value):
      w.int(3, value)
      w.int(20, 2)  // INT
    case .ints(let values):
      for v in values { w.int(8, v) }
      w.int(20, 7)  // INTS
    }
  }
}

/// NodeProto.
struct ONNXNode {
  var opType: String
  var name: String
  var inputs: [String]
  var outputs: [String]
  var attributes: [(String, ONNXAttribute)] = []

  func encode(into w: inout ProtobufWriter) {
    for input in inputs { w.string(1, input) }
    for output in outputs { w.string(2, output) }
    w.string(3, name)
    w.string(4, opType)
    for (key, value) in attributes { w.message(5) { value.encode(name: key, into: &$0) } }
  }
}

/// TensorProto holding a constant: float32 or int64, stored little-endian in `raw_data`.
struct ONNXInitializer {
  enum Values {
    case float([Float])
    case int64([Int64])
  }

  var name: String
  var dims: [Int]
  var values: Values

  func encode(into w: inout ProtobufWriter) {
    for d in dims { w.int(1, Int64(d)) }
    var raw: [UInt8] = []
    switch values {
    case .float(let data):
      w.int(2, 1)  // DataType.FLOAT
      raw.reserveCapacity(data.count * 4)
      for v in data { withUnsafeBytes(of: v.bitPattern.littleEndian) { raw.append(contentsOf: $0) } }
    case .int64(let data):
      w.int(2, 7)  // DataType.INT64
      for v in data { withUnsafeBytes(of: v.littleEndian) { raw.append(contentsOf: $0) } }
    }
    w.string(8, name)
    w.bytes(9, raw)
  }
}

/// ValueInfoProto of a float32 graph input or output; a `nil` dimension is symbolic (`dimParam`).
struct ONNXValueInfo {
  var name: String
  var dims: [Int?]
  var dimParam = "N"

  func encode(into w: inout ProtobufWriter) {
    w.string(1, name)
    w.message(2) { type in  // TypeProto
      type.message(1) { tensor in  // TypeProto.Tensor
        tensor.int(1, 1)  // elem_type FLOAT
        tensor.message(2) { shape in  // TensorShapeProto
          for d in dims {
            shape.message(1) { dim in
              if let d { dim.int(1, Int64(d)) } else { dim.string(2, dimParam) }
            }
          }
        }
      }
    }
  }
}

/// ModelProto with one graph.
struct ONNXModel {
  static let irVersion: Int64 = 7  // the IR version that introduced opset 13
  var opset: Int64 = 13
  var graphName = "twinlitenet"
  var producer = "twinlite-bench"
  var docString = ""
  var nodes: [ONNXNode] = []
  var initializers: [ONNXInitializer] = []
  var inputs: [ONNXValueInfo] = []
  var outputs: [ONNXValueInfo] = []

  func serialized() -> [UInt8] {
    var w = ProtobufWriter()
    w.int(1, Self.irVersion)
    w.string(2, producer)
    w.message(7) { g in
      for node in nodes { g.message(1) { node.encode(into: &$0) } }
      g.string(2, graphName)
      for t in initializers { g.message(5) { t.encode(into: &$0) } }
      if !docString.isEmpty { g.string(10, docString) }
      for i in inputs { g.message(11) { i.encode(into: &$0) } }
      for o in outputs { g.message(12) { o.encode(into: &$0) } }
    }
    w.message(8) {
      $0.string(1, "")
      $0.int(2, opset)
    }
    return w.bytes
  }
}
