import Foundation
import TwinLiteCatalog
#if canImport(Glibc)
import Glibc
#endif

/// Fingerprints of the label inputs for the catalog's `label_files` table.
enum LabelFileHasher {
  static let blockSize = 4 << 20

  /// A file: xxh64 chained over 4 MiB blocks (each block hashed with the previous block's hash
  /// as seed), so memory stays bounded for multi-GB label files. A folder (per-image labels, PNG
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
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return LabelFileInfo(path: path, size: -1, hash: "unreadable") }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: blockSize)
    var hash: UInt64 = 0
    var total: Int64 = 0
    while true {
      let got = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, blockSize) }
      if got < 0 && errno == EINTR { continue }
      if got <= 0 { break }
      hash = buffer.withUnsafeBytes { XXH64.hash(UnsafeRawBufferPointer(rebasing: $0[0..<got]), seed: hash) }
      total += Int64(got)
    }
    return LabelFileInfo(path: path, size: total, hash: StableHash.hex(hash))
  }
}
