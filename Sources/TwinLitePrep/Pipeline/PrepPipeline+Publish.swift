import TwinLiteCatalog
import TwinLiteCore

extension PrepPipeline {
  /// Publishes a complete shard into the final layout as hard links (copies across devices).
  ///
  /// Each final name appears atomically: a fresh `link` is atomic, and a name that already
  /// points elsewhere is replaced by `rename` from a hidden staging link. Every name is reached
  /// through OUT's own folders (`ContainedDirectory`): a symbolic link planted in OUT is refused,
  /// a link at a final name is replaced, never followed. Idempotent, so an interrupted publish is
  /// simply redone.
  func publish(_ shard: ShardSuccess) throws {
    try Self.publish(shard.frames, out: try ContainedDirectory(path: layout.out.path))
  }

  static func publish(_ frames: [FrameRow], out: ContainedDirectory) throws {
    for frame in frames where frame.status == .converted {
      for output in frame.outputs { try out.publish(output.shardPath, to: output.path) }
    }
  }
}
