import Foundation
import TwinLiteCatalog
import TwinLiteCore

#if canImport(Glibc)
  import Glibc
#endif

/// Fingerprints of the label inputs for the catalog's `label_files` table.
enum LabelFileHasher {
  /// A file: xxh64 of its bytes, streamed (memory stays bounded for multi-GB label files; the
  /// value equals `xxhsum -H1`). A folder (per-image labels, PNG
  /// maps): xxh64 of its sorted "name<TAB>size" listing; contents of per-image files are not read.
  static func info(_ path: String) -> LabelFileInfo {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      return LabelFileInfo(path: path, size: -1, hash: "missing")
    }
    if isDirectory.boolValue {
      let names = FileOps.listDirectory(path).sorted()
      var listing = ""
      var total: Int64 = 0
      for name in names {
        var info = stat()
        let size = stat("\(path)/\(name)", &info) == 0 ? Int64(info.st_size) : -1
        total += max(0, size)
        listing += "\(name)\t\(size)\n"
      }
      return LabelFileInfo(path: path, size: total, hash: StableHash.hex(XXH64.hash(listing)))
    }
    guard let (size, hash) = try? FileOps.hashFile(path) else {
      return LabelFileInfo(path: path, size: -1, hash: "unreadable")
    }
    return LabelFileInfo(path: path, size: size, hash: StableHash.hex(hash))
  }
}
