/// Finds the elements of a top-level JSON array one at a time without decoding them.
///
/// It tracks nesting, strings and escapes only; each element's bytes are parsed later on their own,
/// so a 1 GB file is processed with memory bounded by its largest element.
package struct JSONArrayScanner {
  package let bytes: UnsafeRawBufferPointer
  fileprivate var position = 0
  private var started = false
  private var finished = false

  package init(bytes: UnsafeRawBufferPointer) {
    self.bytes = bytes
  }

  /// Byte offset of the scan, for progress reporting.
  package var offset: Int { position }

  private mutating func skipWhitespace() {
    while position < bytes.count {
      switch bytes[position] {
      case 0x20, 0x0A, 0x0D, 0x09: position += 1
      default: return
      }
    }
  }

  /// The byte range of the next element, or nil after the closing `]`.
  package mutating func next() throws(JSONSyntaxError) -> Range<Int>? {
    if finished { return nil }
    skipWhitespace()
    if !started {
      // Skip a UTF-8 byte-order mark.
      if bytes.count >= position + 3, bytes[position] == 0xEF, bytes[position + 1] == 0xBB,
        bytes[position + 2] == 0xBF
      {
        position += 3
        skipWhitespace()
      }
      guard position < bytes.count, bytes[position] == UInt8(ascii: "[") else {
        throw JSONSyntaxError(offset: position, reason: "expected a JSON array ('[')")
      }
      position += 1
      started = true
      skipWhitespace()
      if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
        position += 1
        try finish()
        return nil
      }
    } else {
      guard position < bytes.count else {
        throw JSONSyntaxError(offset: position, reason: "unexpected end of input inside the array")
      }
      switch bytes[position] {
      case UInt8(ascii: ","):
        position += 1
        skipWhitespace()
      case UInt8(ascii: "]"):
        position += 1
        try finish()
        return nil
      default:
        throw JSONSyntaxError(offset: position, reason: "expected ',' or ']' between array elements")
      }
    }
    let start = position
    try skipValue()
    let range = start..<position
    skipWhitespace()
    return range
  }

  private mutating func finish() throws(JSONSyntaxError) {
    finished = true
    skipWhitespace()
    if position != bytes.count {
      throw JSONSyntaxError(offset: position, reason: "unexpected data after the top-level array")
    }
  }

  /// Skips one value; structure is checked only as far as nesting and strings go.
  fileprivate mutating func skipValue() throws(JSONSyntaxError) {
    guard position < bytes.count else {
      throw JSONSyntaxError(offset: position, reason: "unexpected end of input")
    }
    let first = bytes[position]
    if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
      var depth = 0
      while position < bytes.count {
        let byte = bytes[position]
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
          depth += 1
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
          depth -= 1
          if depth == 0 {
            position += 1
            return
          }
        case UInt8(ascii: "\""):
          try skipString()
          continue
        default:
          break
        }
        position += 1
      }
      throw JSONSyntaxError(offset: position, reason: "unterminated array or object")
    }
    if first == UInt8(ascii: "\"") {
      try skipString()
      return
    }
    // Scalar: up to the next delimiter.
    let start = position
    scalar: while position < bytes.count {
      switch bytes[position] {
      case UInt8(ascii: ","), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09: break scalar
      default: position += 1
      }
    }
    if position == start {
      throw JSONSyntaxError(offset: position, reason: "expected a value")
    }
  }

  private mutating func skipString() throws(JSONSyntaxError) {
    let start = position
    position += 1
    while position < bytes.count {
      let byte = bytes[position]
      if byte == UInt8(ascii: "\\") {
        position += 2
        continue
      }
      position += 1
      if byte == UInt8(ascii: "\"") { return }
    }
    throw JSONSyntaxError(offset: start, reason: "unterminated string")
  }
}

extension JSONArrayScanner {
  /// The offset just past the value that starts at `start` (structure-only skip).
  package static func endOfValue(in bytes: UnsafeRawBufferPointer, at start: Int) throws(JSONSyntaxError)
    -> Int
  {
    var scanner = JSONArrayScanner(bytes: bytes)
    scanner.position = start
    try scanner.skipValue()
    return scanner.position
  }
}

extension JSONParser {
  /// A top-level string field as found: its text, or the raw bytes between its quotes when they
  /// are not UTF-8 (kept to name the element in an error, never used as a name).
  package enum TopLevelString: Sendable, Equatable {
    case text(String)
    case notUTF8([UInt8])
  }

  /// The string value of `key` in the object filling `range`, without decoding the other fields.
  /// Returns nil when the value is not an object, lacks the key, or the key is not a decodable
  /// string for another reason than UTF-8 (a bad escape: the element's decoder reports it).
  package static func topLevelString(
    _ key: String, in bytes: UnsafeRawBufferPointer, range: Range<Int>
  ) -> TopLevelString? {
    var parser = JSONParser(bytes: bytes, range: range)
    parser.skipWhitespace()
    guard parser.position < range.upperBound, bytes[parser.position] == UInt8(ascii: "{") else { return nil }
    parser.position += 1
    do {
      while true {
        parser.skipWhitespace()
        guard parser.position < range.upperBound, bytes[parser.position] == UInt8(ascii: "\"") else {
          return nil
        }
        let name = try parser.parseString()
        parser.skipWhitespace()
        guard parser.position < range.upperBound, bytes[parser.position] == UInt8(ascii: ":") else {
          return nil
        }
        parser.position += 1
        parser.skipWhitespace()
        if name == key {
          guard parser.position < range.upperBound, bytes[parser.position] == UInt8(ascii: "\"") else {
            return nil
          }
          let start = parser.position
          do {
            return .text(try parser.parseString())
          } catch {
            let end = try JSONArrayScanner.endOfValue(in: bytes, at: start)
            let raw = Array(UnsafeRawBufferPointer(rebasing: bytes[(start + 1)..<max(start + 1, end - 1)]))
            return String(validating: raw, as: UTF8.self) == nil ? .notUTF8(raw) : nil
          }
        }
        parser.position = try JSONArrayScanner.endOfValue(in: bytes, at: parser.position)
        parser.skipWhitespace()
        guard parser.position < range.upperBound, bytes[parser.position] == UInt8(ascii: ",") else {
          return nil
        }
        parser.position += 1
      }
    } catch {
      return nil
    }
  }
}
