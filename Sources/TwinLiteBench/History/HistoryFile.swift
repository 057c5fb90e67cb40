import Foundation

/// Reading and appending `*.jsonl` histories: one `HistoryEntry` per line.
public enum HistoryFile {
  /// Appends `entries` to `path` (created when missing) in one write, so that concurrent appenders
  /// never interleave inside a line.
  public static func append(_ entries: [HistoryEntry], to path: String) throws {
    guard !entries.isEmpty else { return }
    let text = try entries.map { try $0.jsonLine() + "\n" }.joined()
    let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw BenchError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
    defer { close(fd) }
    let bytes = Array(text.utf8)
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    guard written == bytes.count else {
      let reason = written < 0 ? String(cString: strerror(errno)) : "short write (disk full?)"
      throw BenchError.cannotWrite(path: path, reason: reason)
    }
  }

  /// Every entry of `path`: a `.jsonl` file, or a folder whose `*.jsonl` files are read in name order.
  /// A line that is not an entry is an error naming the file and line.
  public static func load(_ path: String) throws -> [HistoryEntry] {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw BenchError.cannotRead(path: path, reason: "no such file or folder")
    }
    guard isFolder.boolValue else { return try loadFile(path) }
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".jsonl") }
    } catch {
      throw BenchError.cannotRead(path: path, reason: "cannot list the folder")
    }
    guard !names.isEmpty else { throw BenchError.cannotRead(path: path, reason: "no *.jsonl history file") }
    return try names.sorted().flatMap { try loadFile((path as NSString).appendingPathComponent($0)) }
  }

  static func loadFile(_ path: String) throws -> [HistoryEntry] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw BenchError.cannotRead(path: path, reason: "cannot read the file")
    }
    let decoder = JSONDecoder()
    var entries: [HistoryEntry] = []
    for (index, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
      if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { continue }
      let location = "\(path):\(index + 1)"
      let entry: HistoryEntry
      do {
        entry = try decoder.decode(HistoryEntry.self, from: Data(line))
      } catch let error as DecodingError {
        throw BenchError.cannotRead(
          path: location, reason: "not a history entry: \(JSONInput.describe(error))")
      }
      guard entry.value.isFinite else {
        throw BenchError.cannotRead(path: location, reason: "value \(entry.value) is not a finite number")
      }
      entries.append(entry)
    }
    return entries
  }
}
