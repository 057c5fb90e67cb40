import Foundation
import TwinLiteCatalog
import TwinLiteCore

/// What `twinlite-prep repair OUT` did.
public struct RepairSummary: Sendable, Codable {
  public var out: String
  /// Complete shards whose rows were recorded and files published.
  public var shardsRecovered: Int
  /// Planned shards without a usable folder: left `pending` for the next run to build.
  public var shardsPending: Int
  public var frames: Int
  /// Where the old catalog was moved (nil when there was none).
  public var previousCatalog: String?
  /// Shard folders that could not be used, with the reason.
  public var skipped: [String]
}

/// Rebuilds `OUT/catalog.sqlite` from the shard folders, whose `_SUCCESS` files hold every
/// shard, frame, output and label-file row. The old catalog (damaged, or lost rows) is moved
/// aside, never deleted; the new one is written under a hidden name and renamed into place.
/// Run history is not in the shards: the new catalog has one `runs` row, this repair.
public enum CatalogRepair {
  public static func repair(out: URL, run: RunInfo, wait: Double = 0) throws -> RepairSummary {
    let lock = try OutputLock.acquire(out: out, mode: .exclusive, wait: wait)
    defer { withExtendedLifetime(lock) {} }
    let layout = ShardLayout(out: out)
    var skipped: [String] = []
    var shards: [(manifest: ShardManifest, success: ShardSuccess)] = []
    for entry in FileOps.listDirectory(layout.shardsPath).sorted() where entry.hasPrefix("shard-") {
      do {
        let manifest = try JSONFiles.decode(ShardManifest.self, from: layout.shardManifestPath(entry))
        guard FileOps.exists(layout.shardSuccessPath(entry)) else {
          skipped.append("\(layout.shardPath(entry)): incomplete (no _SUCCESS)")
          continue
        }
        let path = layout.shardSuccessPath(entry)
        let success = FrameRowCheck.trusted(
          try JSONFiles.decode(ShardSuccess.self, from: path), file: path, shard: layout.shardRelative(entry))
        skipped += success.rejected.map { "\($0.frame): \($0.error)" }
        shards.append((manifest, success))
      } catch {
        skipped.append("\(error)")
      }
    }
    guard let first = shards.first else {
      throw PipelineError.invalidOption(
        name: "out", reason: "\(layout.shardsPath): no complete shard folder to rebuild the catalog from")
    }
    let plans = Set(shards.map { "plan \($0.manifest.planHash), options \($0.manifest.optionsHash)" })
    guard plans.count == 1 else {
      throw PipelineError.planMismatch(
        out: out.path, stored: "shards of \(plans.count) plans: \(plans.sorted().joined(separator: "; "))",
        current: "repair needs one; remove the shard folders of the others")
    }
    let dataset =
      shards.compactMap { $0.success.dataset }.first
      ?? DatasetInfo(
        root: "(unknown: shards of an older tool)", format: "unknown",
        frameCount: shards.reduce(0) { $0 + $1.manifest.frameCount }, planHash: first.manifest.planHash,
        shardCount: first.manifest.shardCount, shardSize: 0, optionsHash: first.manifest.optionsHash)

    let scratch = "\(out.path)/.repair-\(FileOps.randomSuffix())"
    try FileOps.makeDirectories(scratch)
    defer { try? FileOps.removeTree(scratch) }
    let local = "\(scratch)/catalog.sqlite"
    let frames = try build(
      at: local, dataset: dataset, shards: shards.map { $0.success }, layout: layout, run: run)
    let previous = try install(local, layout: layout)
    return RepairSummary(
      out: out.path, shardsRecovered: shards.count, shardsPending: dataset.shardCount - shards.count,
      frames: frames, previousCatalog: previous, skipped: skipped)
  }

  /// Writes the catalog at `path` and publishes every shard's links; returns the frame count.
  private static func build(
    at path: String, dataset: DatasetInfo, shards: [ShardSuccess], layout: ShardLayout, run: RunInfo
  ) throws -> Int {
    let catalog = try Catalog.open(at: URL(fileURLWithPath: path))
    let runID = try catalog.beginRun(run)
    let planned = (0..<dataset.shardCount).map {
      ShardRow(
        index: $0, name: ShardPlan.shardName($0, of: dataset.shardCount), state: .pending, frameCount: 0)
    }
    try catalog.storePlan(dataset, shards: planned, frames: [])
    var frames = 0
    let out = try ContainedDirectory(path: layout.out.path)
    for shard in shards {
      try catalog.recordShard(
        shard.shard, frames: shard.frames, labelFiles: shard.labelFiles ?? [], runID: runID)
      try PrepPipeline<FrameJobs>.publish(shard.frames, out: out)
      try catalog.setShardState(shard.shard.index, .published)
      frames += shard.frames.count
    }
    try catalog.finishRun(id: runID, endedAt: Date(), exitCode: 0, converted: 0, failed: 0, skipped: frames)
    try catalog.checkpoint()
    return frames
  }

  /// Moves the old catalog (and its WAL) aside, renames the new one in; returns where the old went.
  private static func install(_ local: String, layout: ShardLayout) throws -> String? {
    let target = layout.catalogURL.path
    var previous: String?
    if FileOps.exists(target) {
      let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
      let aside = "\(target).damaged-\(stamp)"
      try FileOps.rename(target, aside)
      previous = aside
    }
    for suffix in ["-wal", "-shm"] {
      if FileOps.exists(target + suffix), let previous {
        try FileOps.rename(target + suffix, previous + suffix)
      }
      try FileOps.unlinkIfPresent(target + suffix)
    }
    try FileOps.unlinkIfPresent(layout.successPath)
    try FileOps.rename(local, target)
    return previous
  }
}
