import Foundation

/// File writes that never leave a partial file under its final name: write a hidden temporary
/// beside the target, then rename it into place.
public enum AtomicFile {
  public static func write(_ bytes: [UInt8], to path: String) throws(PrepError) {
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
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

  public static func makeDirectory(_ path: String) throws(PrepError) {
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      throw .output(file: path, reason: "cannot create folder: \(error.localizedDescription)")
    }
  }
}
