import Foundation

/// Output folders of `twinlite-prep` runs, for comparing two runs byte for byte.
enum OutputTree {
  /// Every regular file under `root` with its bytes, except catalogs and `_SUCCESS` markers
  /// (those hold timings and run ids, which differ between runs by design).
  static func files(_ root: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    guard let walker = FileManager.default.enumerator(atPath: root.path) else { return files }
    for case let relative as String in walker {
      let name = (relative as NSString).lastPathComponent
      if name.hasPrefix("catalog.sqlite") || name == "_SUCCESS" { continue }
      let url = root.appendingPathComponent(relative)
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
        files[relative] = try Data(contentsOf: url)
      }
    }
    return files
  }
}
