import Foundation

/// File writes that never leave a partial file under its final name: write a hidden temporary
/// beside the target, then rename it into place.
public enum AtomicFile {
  public static func write(_ bytes: [UInt8], to path: String) throws(PrepError) {
    let temporary = URL(fileURLWithPath: temporaryPath(for: path))
    do {
      try Data(bytes).write(to: temporary)
      if rename(temporary.path, path) != 0 {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: temporary)
        throw PrepError.output(file: path, reason: reason)
      }
    } catch let error as PrepError {
      throw error
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw .output(file: path, reason: "\(error.localizedDescription)")
    }
  }

  /// A hidden name beside `path`, unique to this process and call.
  public static func temporaryPath(for path: String) -> String {
    let slash = path.lastIndex(of: "/")
    let directory = slash.map { String(path[..<$0]) } ?? "."
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    return "\(directory)/.\(name).tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
  }

  public static func makeDirectory(_ path: String) throws(PrepError) {
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      throw .output(file: path, reason: "cannot create folder: \(error.localizedDescription)")
    }
  }
}
