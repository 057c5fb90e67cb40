import Foundation
import TwinLiteCore

#if canImport(Glibc)
  import Glibc
#endif

extension ContainedDirectory {
  /// Places the existing file `source` (an image already vetted by the converter) at the new name
  /// `relative` below this folder, as `transfer` says.
  func place(_ source: String, at relative: String, _ transfer: FileTransfer) throws {
    if transfer != .copy {
      let linked = Result { () throws(ContainedPathError) in try link(source, at: relative) }
      guard case .failure(let error) = linked else { return }
      guard let code = error.errno, Self.linkRefused(code) else { throw error }
      // Another file system: a link to the absolute (already resolved) source, or the copy below.
      if transfer == .linkOrSymlink {
        let cwd = FileManager.default.currentDirectoryPath
        return try symlink(to: source.hasPrefix("/") ? source : cwd + "/" + source, at: relative)
      }
    }
    try writeNew(relative, try FileOps.read(source))
  }
}
