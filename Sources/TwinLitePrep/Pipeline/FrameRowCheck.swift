import TwinLiteCatalog
import TwinLiteCore

/// The `FrameName` rule for frame rows read back from disk (`_SUCCESS` markers of resumed or
/// merged shards, catalog rows): those files may come from another machine or be edited, and their
/// paths are joined onto OUT, so a row that breaks the rule is reported and never used.
enum FrameRowCheck {
  /// Why `frame` cannot name files under OUT, or nil. `shard` is the shard folder relative to
  /// OUT (`shards/shard-…`) that every `shardPath` must lie in, when known.
  static func problem(_ frame: FrameRow, shard: String?) -> String? {
    if let problem = FrameName.problem(frame.name) {
      return "frame name \(FrameName.quoted(frame.name)) rejected: \(problem)"
    }
    if let problem = FrameName.problem(frame.split, suffix: "") {
      return "split \(FrameName.quoted(frame.split)) rejected: \(problem)"
    }
    for output in frame.outputs {
      do {
        _ = try ContainedDirectory.components(output.path)
        _ = try ContainedDirectory.components(output.shardPath)
      } catch {
        return "\(error)"
      }
      if let shard, output.shardPath != "\(shard)/\(output.path)" {
        return "shard path \(FrameName.quoted(output.shardPath)) is not \(shard)/\(output.path)"
      }
    }
    return nil
  }

  /// `success` without the rows that break the rule; each dropped row becomes a failure naming
  /// `file` (the `_SUCCESS` read), its row index and the problem.
  static func trusted(_ success: ShardSuccess, file: String, shard: String) -> ShardSuccess {
    var kept = success
    kept.frames = []
    for (index, frame) in success.frames.enumerated() {
      guard let problem = problem(frame, shard: shard) else {
        kept.frames.append(frame)
        continue
      }
      kept.rejected.append(
        PipelineFailure(
          frame: FrameName.printable(frame.id), shard: success.shard.index,
          error: "\(file): frame row \(index): \(problem); not recorded or published"))
    }
    return kept
  }
}
