import Foundation
import TwinLiteCatalog
import TwinLiteCore

/// `twinlite-prep merge OUT`: folds the workers' fragments and shard folders into one
/// `OUT/catalog.sqlite` and the final layout.
///
/// One process writes the new catalog, on local disk; it then replaces `OUT/catalog.sqlite` with
/// one rename, so readers see the old catalog or the new one, never a mix. Shard and frame rows
/// come from each shard's `_SUCCESS` (the same rows a single-machine run records), runs from the
/// fragments. Idempotent: a rerun rebuilds the same catalog and re-publishes the same links.
public enum DistributedMerge {
  public static func merge(
    out: URL, workerCount: Int?, localDirectory: String, run: RunInfo, durable: Bool = true
  ) throws -> PipelineSummary {
    let started = Date()
    let lock = try OutputLock.acquire(out: out, mode: .exclusive)
    defer { withExtendedLifetime(lock) {} }
    let scan = try WorkerScan.scan(out: out, workerCount: workerCount)
    guard scan.missing.isEmpty else {
      throw DistributedError.incomplete(out: out.path, workers: scan.missing, reasons: scan.reasons)
    }
    let fragments = (0..<scan.workerCount).compactMap { scan.fragments[$0] }
    guard let dataset = fragments.first?.dataset else { throw DistributedError.noFragments(out: out.path) }
    let scratch = "\(localDirectory)/twinlite-merge-\(FileOps.randomSuffix())"
    try FileOps.makeDirectories(scratch)
    defer { try? FileOps.removeTree(scratch) }
    let local = "\(scratch)/catalog.sqlite"
    var summary = try build(
      at: local, fragments: fragments, dataset: dataset, layout: ShardLayout(out: out), run: run)
    summary.seconds = Date().timeIntervalSince(started)
    try install(local, out: out, summary: summary, durable: durable)
    return summary
  }

  /// Writes the merged catalog at `path` (local) and publishes every shard's links.
  private static func build(
    at path: String, fragments: [FragmentInfo], dataset: DatasetInfo, layout: ShardLayout, run: RunInfo
  ) throws -> PipelineSummary {
    let catalog = try Catalog.open(at: URL(fileURLWithPath: path))
    try catalog.storePlan(dataset, shards: [], frames: [])
    var runOfShard: [Int: Int64] = [:]
    for fragment in fragments {
      var last: Int64?
      for row in fragment.runs {
        let id = try catalog.beginRun(row.info)
        if let ended = row.endedAt {
          try catalog.finishRun(
            id: id, endedAt: ended, exitCode: row.exitCode ?? 1, converted: row.converted,
            failed: row.failed, skipped: row.skipped)
        }
        last = id
      }
      for shard in fragment.shards { runOfShard[shard] = last }
    }
    let mergeRun = try catalog.beginRun(run)
    var summary = PipelineSummary(
      out: layout.out.path, frames: dataset.frameCount, shards: dataset.shardCount, shardsBuilt: 0,
      shardsSkipped: dataset.shardCount, converted: 0, failed: 0, skipped: 0, seconds: 0,
      framesPerSecond: 0, planHash: dataset.planHash, failures: [], exitCode: 0)
    let out = try ContainedDirectory(path: layout.out.path)
    for index in 0..<dataset.shardCount {
      let name = ShardPlan.shardName(index, of: dataset.shardCount)
      if let problem = WorkerScan.shardProblem(index, dataset: dataset, layout: layout) {
        throw PipelineError.badShard(path: layout.shardPath(name), reason: problem)
      }
      // A worker's marker is read like any input: rows that break the name rule are dropped.
      let path = layout.shardSuccessPath(name)
      let shard = FrameRowCheck.trusted(
        try JSONFiles.decode(ShardSuccess.self, from: path), file: path, shard: layout.shardRelative(name))
      guard shard.shard.index == index, shard.shard.name == name else {
        throw PipelineError.badShard(path: path, reason: "marker of another shard (\(shard.shard.index))")
      }
      try catalog.recordShard(
        shard.shard, frames: shard.frames, labelFiles: shard.labelFiles ?? [], runID: runOfShard[index])
      try PrepPipeline<FrameJobs>.publish(shard.frames, out: out)
      try catalog.setShardState(index, .published)
      summary.failures += shard.rejected
      summary.skipped += shard.frames.count
      summary.converted += shard.frames.filter { $0.status == .converted }.count
      summary.addLabelCounts(of: shard.frames)
      for frame in shard.frames where frame.status == .failed {
        summary.failures.append(
          PipelineFailure(frame: frame.id, shard: index, error: frame.error ?? "unknown"))
      }
    }
    summary.failed = summary.failures.count
    summary.exitCode = PipelineSummary.exitCode(failed: summary.failed)
    try catalog.finishRun(
      id: mergeRun, endedAt: Date(), exitCode: Int(summary.exitCode), converted: 0,
      failed: summary.failed, skipped: summary.skipped)
    try catalog.checkpoint()
    return summary
  }

  /// Replaces OUT/catalog.sqlite by the finished local file (one rename), then marks OUT done.
  private static func install(_ local: String, out: URL, summary: PipelineSummary, durable: Bool) throws {
    let layout = ShardLayout(out: out)
    try FileOps.unlinkIfPresent(layout.successPath)
    // An old catalog's WAL must not be replayed onto the new file.
    let target = layout.catalogURL.path
    for suffix in ["-wal", "-shm"] { try FileOps.unlinkIfPresent(target + suffix) }
    try FileOps.installCopy(of: local, at: target, durable: durable)
    let staging = layout.successPath + ".tmp"
    try FileOps.unlinkIfPresent(staging)
    try FileOps.writeNew(staging, try JSONFiles.encode(summary))
    try FileOps.rename(staging, layout.successPath)
  }
}
