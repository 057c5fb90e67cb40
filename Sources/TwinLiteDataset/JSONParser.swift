/// A small recursive-descent JSON parser over raw bytes (a slice of a memory-mapped file).
///
/// Written for label files: no intermediate `String` of the input, a fast exact path for
/// decimal numbers, and byte offsets in errors.
package struct JSONParser {
  package let bytes: UnsafeRawBufferPointer
  package var position: Int
  private let end: Int
  private var depth = 0
  private static let maxDepth = 512
  /// No array in a BDD100K label element comes near this (the largest are polygons of a few hundred
  /// vertices); the 2018/2020 top-level frame lists are split by the streaming scanner, not parsed here.
  package static let maxArrayCount = 100_000

  /// Parses `bytes[range]`; offsets in errors are relative to `bytes`.
  package init(bytes: UnsafeRawBufferPointer, range: Range<Int>) {
    self.bytes = bytes
    self.position = range.lowerBound
    self.end = range.upperBound
  }

  /// Parses exactly one value filling the range (whitespace around it allowed).
  package static func parse(
    _ bytes: UnsafeRawBufferPointer, range: Range<Int>
  ) throws(JSONSyntaxError) -> JSONValue {
    var parser = JSONParser(bytes: bytes, range: range)
    let value = try parser.parseValue()
    parser.skipWhitespace()
    if parser.position != parser.end {
      throw JSONSyntaxError(offset: parser.position, reason: "unexpected data after the value")
    }
    return value
  }

  package static func parse(_ array: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
    let result = array.withUnsafeBytes { raw in
      Result { () throws(JSONSyntaxError) in try parse(raw, range: 0..<raw.count) }
    }
    return try result.get()
  }

  @inline(__always)
  private func peek() -> UInt8? { position < end ? bytes[position] : nil }

  package mutating func skipWhitespace() {
    while position < end {
      switch bytes[position] {
      case 0x20, 0x0A, 0x0D, 0x09: position += 1
      default: return
      }
    }
  }

  private func fail(_ reason: String) -> JSONSyntaxError {
    JSONSyntaxError(offset: position, reason: reason)
  }

  package mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
    skipWhitespace()
    guard let byte = peek() else { throw fail("unexpected end of input") }
    switch byte {
    case UInt8(ascii: "{"): return try parseObject()
    case UInt8(ascii: "["): return try parseArray()
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"):
      try expectLiteral("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try expectLiteral("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try expectLiteral("null")
      return .null
    case UInt8(ascii: "N"):
      try expectLiteral("NaN")
      return .number(.nan)
    case UInt8(ascii: "I"):
      try expectLiteral("Infinity")
      return .number(.infinity)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
    default: throw fail("unexpected character '\(Character(Unicode.Scalar(byte)))'")
    }
  }

  private mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
    let count = literal.utf8CodeUnitCount
    guard position + count <= end else { throw fail("truncated literal") }
    let matches = literal.withUTF8Buffer { expected in
      (0..<count).allSatisfy { bytes[position + $0] == expected[$0] }
    }
    guard matches else { throw fail("invalid literal") }
    position += count
  }

  private mutating func enter() throws(JSONSyntaxError) {
    depth += 1
    if depth > Self.maxDepth { throw fail("nesting deeper than \(Self.maxDepth)") }
  }

  private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
    try enter()
    defer { depth -= 1 }
    position += 1
    var fields: [String: JSONValue] = [:]
    skipWhitespace()
    if peek() == UInt8(ascii: "}") {
      position += 1
      return .object(fields)
    }
    while true {
      skipWhitespace()
      guard peek() == UInt8(ascii: "\"") else { throw fail("expected a string key") }
      let key = try parseString()
      skipWhitespace()
      guard peek() == UInt8(ascii: ":") else { throw fail("expected ':'") }
      position += 1
      fields[key] = try parseValue()
      skipWhitespace()
      switch peek() {
      case UInt8(ascii: ","): position += 1
      case UInt8(ascii: "}"):
        position += 1
        return .object(fields)
      default: throw fail("expected ',' or '}'")
      }
    }
  }

  private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
    try enter()
    defer { depth -= 1 }
    position += 1
    var items: [JSONValue] = []
    skipWhitespace()
    if peek() == UInt8(ascii: "]") {
      position += 1
      return .array(items)
    }
    let start = position
    var count = 0
    while true {
      // Past the limit, values are still parsed (to report the true count) but not kept, so a
      // hostile array costs time linear in its size and bounded memory.
      let value = try parseValue()
      count += 1
      if count <= Self.maxArrayCount {
        items.append(value)
      } else if count == Self.maxArrayCount + 1 {
        items = []
      }
      skipWhitespace()
      switch peek() {
      case UInt8(ascii: ","): position += 1
      case UInt8(ascii: "]"):
        position += 1
        guard count <= Self.maxArrayCount else {
          throw JSONSyntaxError(
            offset: start, reason: "array of \(count) elements, more than the \(Self.maxArrayCount) allowed")
        }
        return .array(items)
      default: throw fail("expected ',' or ']'")
      }
    }
  }

  package mutating func parseString() throws(JSONSyntaxError) -> String {
    position += 1  // opening quote
    let start = position
    // Fast path: no escapes.
    while position < end {
      let byte = bytes[position]
      if byte == UInt8(ascii: "\"") {
        // JSON text is UTF-8 (RFC 8259): a lossy decode would silently rename categories and frames.
        let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
        guard let text = String(validating: raw, as: UTF8.self) else {
          throw JSONSyntaxError(offset: start, reason: "string is not valid UTF-8")
        }
        position += 1
        return text
      }
      if byte == UInt8(ascii: "\\") { break }
      if byte < 0x20 { throw fail("control character in string") }
      position += 1
    }
    var utf8 = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<position]))
    while position < end {
      let byte = bytes[position]
      position += 1
      switch byte {
      case UInt8(ascii: "\""):
        guard let text = String(validating: utf8, as: UTF8.self) else {
          throw JSONSyntaxError(offset: start, reason: "string is not valid UTF-8")
        }
        return text
      case UInt8(ascii: "\\"):
        guard let escape = peek() else { throw fail("truncated escape") }
        position += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
          var scalar = try parseHex4()
          if (0xD800..<0xDC00).contains(scalar), position + 1 < end,
            bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
          {
            position += 2
            let low = try parseHex4()
            guard (0xDC00..<0xE000).contains(low) else { throw fail("invalid surrogate pair") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          }
          // A lone surrogate is not a character: U+FFFD would silently rename the frame.
          guard let character = Unicode.Scalar(scalar) else { throw fail("lone surrogate in \\u escape") }
          utf8.append(contentsOf: Array(String(character).utf8))
        default: throw fail("invalid escape")
        }
      default:
        if byte < 0x20 { throw fail("control character in string") }
        utf8.append(byte)
      }
    }
    throw fail("unterminated string")
  }

  private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
    guard position + 4 <= end else { throw fail("truncated \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[position]
      let digit: UInt32
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
      default: throw fail("invalid \\u escape")
      }
      value = value << 4 | digit
      position += 1
    }
    return value
  }

  private static let exactPowers: [Double] = (0...22).map { exponent in
    var value = 1.0
    for _ in 0..<exponent { value *= 10 }
    return value
  }

  /// Numbers with ≤ 15 significant digits and a small exponent are converted exactly
  /// (one correctly rounded multiply or divide); the rest go through the standard library.
  private mutating func parseNumber() throws(JSONSyntaxError) -> Double {
    let start = position
    var negative = false
    if peek() == UInt8(ascii: "-") {
      negative = true
      position += 1
      if peek() == UInt8(ascii: "I") {
        try expectLiteral("Infinity")
        return -.infinity
      }
    }
    var mantissa: UInt64 = 0
    var digits = 0
    var exponent = 0
    var sawDigit = false
    while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
      sawDigit = true
      if digits < 19 {
        mantissa = mantissa * 10 + UInt64(byte - UInt8(ascii: "0"))
        if mantissa != 0 { digits += 1 }
      } else {
        exponent += 1
        digits += 1
      }
      position += 1
    }
    guard sawDigit else { throw fail("invalid number") }
    if peek() == UInt8(ascii: ".") {
      position += 1
      var sawFraction = false
      while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
        sawFraction = true
        if digits < 19 {
          mantissa = mantissa * 10 + UInt64(byte - UInt8(ascii: "0"))
          if mantissa != 0 { digits += 1 }
          exponent -= 1
        } else {
          digits += 1
        }
        position += 1
      }
      guard sawFraction else { throw fail("invalid number") }
    }
    if let byte = peek(), byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
      position += 1
      var exponentNegative = false
      if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
        exponentNegative = sign == UInt8(ascii: "-")
        position += 1
      }
      var value = 0
      var sawExponent = false
      while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
        sawExponent = true
        if value < 100_000 { value = value * 10 + Int(byte - UInt8(ascii: "0")) }
        position += 1
      }
      guard sawExponent else { throw fail("invalid number") }
      exponent += exponentNegative ? -value : value
    }
    if digits <= 15 && mantissa < (1 << 53) && abs(exponent) <= 22 {
      var value = Double(mantissa)
      value = exponent >= 0 ? value * Self.exactPowers[exponent] : value / Self.exactPowers[-exponent]
      return negative ? -value : value
    }
    let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    guard let value = Double(text) else { throw JSONSyntaxError(offset: start, reason: "invalid number") }
    return value
  }
}
