/// The one rule for a frame name (and any other name read from input that becomes a file name).
///
/// A frame name is one path component: not empty, not `.` or `..`, no `/`, `\`, NUL or control
/// character (U+0000–U+001F, U+007F–U+009F), valid UTF-8, and at most 255 bytes together with the
/// extension of the longest file named after it. Label files, PNG map listings and catalogs are
/// downloaded or shared: a name that breaks the rule is refused where it is read, never repaired.
public enum FrameName {
  /// Longest file name on Linux file systems (`NAME_MAX`), in bytes.
  public static let maxFileNameBytes = 255
  /// The extension of a BDD100K frame's image (`NAME.jpg`); masks (`NAME.png`) are as long.
  public static let imageExtension = ".jpg"

  /// Why a name breaks the rule.
  public enum Problem: Sendable, Equatable, CustomStringConvertible {
    case empty
    case dotName
    case separator(Character)
    case nul
    case control(UInt32)
    case tooLong(bytes: Int, suffix: String)
    case notUTF8

    public var description: String {
      switch self {
      case .empty: "is empty"
      case .dotName: "is '.' or '..'"
      case .separator(let c): "contains '\(c)' (a frame name is one path component)"
      case .nul: "contains NUL"
      case .control(let value): "contains control character U+\(hex(value, width: 4))"
      case .tooLong(let bytes, let suffix):
        "is \(bytes) bytes with '\(suffix)', more than the \(FrameName.maxFileNameBytes) a file name can have"
      case .notUTF8: "is not valid UTF-8"
      }
    }
  }

  /// The problem of `name` as a file name stem (the file is `name + suffix`), or nil when it obeys
  /// the rule. Use `suffix: ""` for a whole file or folder name.
  public static func problem(_ name: String, suffix: String = imageExtension) -> Problem? {
    if name.isEmpty { return .empty }
    if name == "." || name == ".." { return .dotName }
    for scalar in name.unicodeScalars {
      switch scalar.value {
      case 0x2F: return .separator("/")
      case 0x5C: return .separator("\\")
      case 0: return .nul
      case 0x01..<0x20, 0x7F..<0xA0: return .control(scalar.value)
      default: continue
      }
    }
    let bytes = name.utf8.count + suffix.utf8.count
    return bytes > maxFileNameBytes ? .tooLong(bytes: bytes, suffix: suffix) : nil
  }

  /// The rule for a name given as raw bytes (a directory entry): UTF-8 first, then as above.
  public static func problem(bytes: [UInt8], suffix: String = imageExtension) -> Problem? {
    guard let name = String(validating: bytes, as: UTF8.self) else { return .notUTF8 }
    return problem(name, suffix: suffix)
  }

  /// `name` quoted for a message: control and format characters, backslashes and quotes escaped,
  /// so a hostile name can neither forge a line of output nor hide what it is.
  public static func quoted(_ name: String) -> String {
    var text = "'"
    for (index, scalar) in name.unicodeScalars.enumerated() {
      // A megabyte of name helps nobody: the start identifies it.
      if index == maxQuoted { return text + "'… (\(name.utf8.count) bytes)" }
      switch scalar.value {
      case 0x5C: text += "\\\\"
      case 0x27: text += "\\'"
      case 0..<0x20, 0x7F..<0xA0, 0xAD, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x206F, 0xFEFF:
        text += "\\u{\(hex(scalar.value, width: 2))}"
      default: text.unicodeScalars.append(scalar)
      }
    }
    return text + "'"
  }

  /// Characters of a name shown in a message.
  static let maxQuoted = 512

  /// `text` as it is when nothing in it needs escaping, else `quoted(text)` (paths in messages).
  public static func printable(_ text: String) -> String {
    let plain = quoted(text)
    return plain.count == text.count + 2 ? text : plain
  }

  /// Raw bytes quoted: valid UTF-8 as `quoted(_:)`, other bytes as `\x{HH}`.
  public static func quoted(bytes: [UInt8]) -> String {
    if let name = String(validating: bytes, as: UTF8.self) { return quoted(name) }
    var text = "'"
    for (index, byte) in bytes.enumerated() {
      if index == maxQuoted { return text + "'… (\(bytes.count) bytes)" }
      if (0x20..<0x7F).contains(byte) && byte != 0x5C && byte != 0x27 {
        text.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        text += "\\x{\(hex(UInt32(byte), width: 2))}"
      }
    }
    return text + "'"
  }
}

private func hex(_ value: UInt32, width: Int) -> String {
  let digits = String(value, radix: 16, uppercase: true)
  return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
