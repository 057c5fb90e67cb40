#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A folder entry as the file system stores it: Linux names are bytes, and a downloaded tree may
/// hold names that are not UTF-8, which Foundation would show with U+FFFD (a name that does not exist).
struct DirectoryEntry: Sendable {
  let bytes: [UInt8]
  /// The name, nil when its bytes are not UTF-8.
  var name: String? { String(validating: bytes, as: UTF8.self) }
  /// The name for sorting and messages (U+FFFD for bytes that are not UTF-8).
  var display: String { String(decoding: bytes, as: UTF8.self) }
}

extension InputDetector {
  /// Entries of `directory` ending in `suffix` (not hidden), sorted; empty when unreadable.
  static func entries(_ directory: String, suffix: String) -> [DirectoryEntry] {
    guard let stream = opendir(directory) else { return [] }
    defer { closedir(stream) }
    let tail = Array(suffix.utf8)
    var found: [DirectoryEntry] = []
    while let entry = readdir(stream) {
      let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
      guard bytes.first != UInt8(ascii: "."), bytes.count >= tail.count,
        bytes.suffix(tail.count).elementsEqual(tail)
      else { continue }
      found.append(DirectoryEntry(bytes: bytes))
    }
    return found.sorted { $0.display < $1.display }
  }
}
