import TwinLiteCatalog
#if canImport(Glibc)
import Glibc
#endif

extension PrepPipeline {
  /// Publishes a complete shard into the final layout as hard links (copies across devices).
  ///
  /// Each final name appears atomically: a fresh `link` is atomic, and a name that already
  /// points elsewhere is replaced by `rename` from a hidden `.NAME.publish` link. Idempotent, so
  /// an interrupted publish is simply redone.
  func publish(_ shard: ShardSuccess) throws {
    for frame in shard.frames where frame.status == .converted {
      for output in frame.outputs {
        try Self.publishFile(layout.absolute(output.shardPath), to: layout.absolute(output.path))
      }
    }
  }

  static func publishFile(_ source: String, to target: String) throws {
    var result = link(source, target)
    if result != 0 && errno == ENOENT {
      let parent = String(target[..<(target.lastIndex(of: "/") ?? target.endIndex)])
      try FileOps.makeDirectories(parent)
      result = link(source, target)
    }
    if result == 0 { return }
    let code = errno
    if code == EEXIST && FileOps.sameFile(source, target) { return }
    guard code == EEXIST || code == EXDEV || code == EPERM || code == EMLINK else {
      throw PipelineError.io(path: target, operation: "link from \(source)", errno: code)
    }
    let slash = target.lastIndex(of: "/") ?? target.startIndex
    let staging = "\(target[..<slash])/.\(target[target.index(after: slash)...]).publish"
    try FileOps.unlinkIfPresent(staging)
    try FileOps.linkOrCopy(source, staging)
    try FileOps.rename(staging, target)
  }
}
