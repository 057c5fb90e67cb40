extension DetectionFrame {
  /// The 2018 per-image document, one line plus a newline:
  /// `{"name", "attributes", "frames": [{"timestamp", "objects": [{"category", "id", "attributes",
  /// "box2d": {"x1", "y1", "x2", "y2"}}]}]}`. Keys of attribute objects are sorted, so equal
  /// frames give equal bytes on every machine.
  public var yolopJSON: [UInt8] {
    var out = JSONText()
    out.raw("{\"name\":")
    out.string(name)
    out.raw(",\"attributes\":")
    out.value(.object(attributes))
    out.raw(",\"frames\":[{\"timestamp\":")
    out.number(timestamp)
    out.raw(",\"objects\":[")
    for (index, box) in boxes.enumerated() {
      if index > 0 { out.raw(",") }
      out.raw("{\"category\":")
      out.string(box.category)
      out.raw(",\"id\":\(box.id),\"attributes\":")
      out.value(.object(box.attributes))
      out.raw(",\"box2d\":{\"x1\":")
      out.number(box.x1)
      out.raw(",\"y1\":")
      out.number(box.y1)
      out.raw(",\"x2\":")
      out.number(box.x2)
      out.raw(",\"y2\":")
      out.number(box.y2)
      out.raw("}}")
    }
    out.raw("]}]}\n")
    return out.bytes
  }
}

/// A minimal JSON writer for parsed values (UTF-8 out, sorted object keys).
struct JSONText {
  var bytes: [UInt8] = []

  mutating func raw(_ text: String) { bytes += text.utf8 }

  /// Integral values as integers (`10000`, not `10000.0`); others in Swift's shortest form that
  /// reads back to the same Double (`735.902983`, `1e-05`). Non-finite values are never written:
  /// the decoder rejects them.
  mutating func number(_ value: Double) {
    if value == value.rounded(), abs(value) < 1e15 {
      raw(String(Int64(value)))
    } else {
      raw(value.description)
    }
  }

  mutating func string(_ text: String) {
    bytes.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): raw("\\\"")
      case UInt8(ascii: "\\"): raw("\\\\")
      case 0x0A: raw("\\n")
      case 0x0D: raw("\\r")
      case 0x09: raw("\\t")
      case 0..<0x20:
        let hex = String(byte, radix: 16)
        raw("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
      default: bytes.append(byte)
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }

  mutating func value(_ value: JSONValue) {
    switch value {
    case .null: raw("null")
    case .bool(let flag): raw(flag ? "true" : "false")
    case .number(let number):
      if number.isFinite { self.number(number) } else { raw("null") }
    case .string(let text): string(text)
    case .array(let items):
      raw("[")
      for (index, item) in items.enumerated() {
        if index > 0 { raw(",") }
        self.value(item)
      }
      raw("]")
    case .object(let fields):
      raw("{")
      for (index, key) in fields.keys.sorted().enumerated() {
        if index > 0 { raw(",") }
        string(key)
        raw(":")
        self.value(fields[key]!)
      }
      raw("}")
    }
  }
}
