import Foundation
import TwinLiteCatalog
import TwinLiteCore

/// The sharded, resumable, crash-safe prep driver.
///
/// Per shard: convert its frames on `threads` threads into `.tmp-shard-…`, write `manifest.json`
/// and the outputs, write `_SUCCESS` last, rename the folder into place, record the shard in the
/// catalog (one transaction), hard-link its files into the final layout, mark it published. A
/// crash at any point leaves either a temp folder (deleted and rebuilt next run) or a complete
/// shard whose catalog rows and links the next run completes from `_SUCCESS`.
public struct PrepPipeline<Conversion: FrameConversion>: Sendable {
  public let input: PipelineInput
  public let conversion: Conversion
  public let options: PipelineOptions
  public let plan: ShardPlan
  public let layout: ShardLayout
  public let optionsHash: String
  /// Position in `input.frames` of each frame id (the first, for a repeated id).
  let inputIndex: [String: Int]

  /// Plans the input. Throws `invalidOption` for out-of-range values.
  public init(input: PipelineInput, conversion: Conversion, options: PipelineOptions) throws {
    guard options.shardSize >= 1 else {
      throw PipelineError.invalidOption(name: "shard-size", reason: "must be at least 1")
    }
    guard options.threads >= 1 else {
      throw PipelineError.invalidOption(name: "threads", reason: "must be at least 1")
    }
    if let count = options.shardCount, !(1...ShardPlan.maximumShardCount).contains(count) {
      throw PipelineError.invalidOption(
        name: "shard-count", reason: "must be in 1...\(ShardPlan.maximumShardCount), got \(count)")
    }
    self.input = input
    self.conversion = conversion
    self.options = options
    let plan = ShardPlan(frames: input.frames, shardSize: options.shardSize, shardCount: options.shardCount)
    if let only = options.onlyShards, let bad = only.first(where: { $0 < 0 || $0 >= plan.shardCount }) {
      throw PipelineError.invalidOption(
        name: "shard-index", reason: "\(bad) is outside 0..<\(plan.shardCount)")
    }
    self.plan = plan
    layout = ShardLayout(out: options.out)
    optionsHash = StableHash.hex(XXH64.hash(input.outputOptions))
    inputIndex = Dictionary(input.frames.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
  }

  /// Shard indices this run builds.
  public var selectedShards: [Int] {
    (0..<plan.shardCount).filter { options.onlyShards?.contains($0) ?? true }
  }

  /// Runs the whole pipeline. Frame failures do not throw (see `PipelineSummary.exitCode`).
  public func run() throws -> PipelineSummary {
    let started = Date()
    // Workers must agree with OUT's plan: refused before anything in OUT is touched.
    if !options.sharedCatalog { try checkWorkerPlan() }
    let lock = try OutputLock.acquire(
      out: options.out, mode: options.sharedCatalog ? .exclusive : .shared, wait: options.wait,
      waiting: { holder in
        StandardError.write(
          "twinlite-prep: \(options.out.path) is in use by \(holder); waiting up to "
            + "\(Int(options.wait)) s\n")
      })
    defer { withExtendedLifetime(lock) {} }
    try FileOps.makeDirectories(layout.shardsPath)
    // A shard worker of a distributed run (sharedCatalog false) never opens OUT/catalog.sqlite:
    // its shard's `_SUCCESS` is its catalog fragment, folded in later by one merging process.
    let catalog = options.sharedCatalog ? try CatalogAccess.open(out: options.out) : nil
    if let catalog { try checkStoredPlan(catalog) }
    // The folder is not complete while this run works on it; the marker returns at the end.
    if catalog != nil { try FileOps.unlinkIfPresent(layout.successPath) }
    let runID = try catalog?.beginRun(options.run)
    try catalog?.storePlan(datasetInfo, shards: plannedShardRows, frames: plannedFrameRows)
    let selected = selectedShards
    let names = Set(selected.map(plan.shardName))
    // Only folders whose owners are gone: another process's live temp folder is never touched.
    for abandoned in layout.abandonedFolders(for: options.onlyShards == nil ? nil : names) {
      try FileOps.removeTree(abandoned)
    }
    let stored = Dictionary(uniqueKeysWithValues: try (catalog?.shards() ?? []).map { ($0.index, $0) })
    let total = selected.reduce(0) { $0 + plan.members[$1].count }
    let progress = ProgressReporter(total: total, mode: options.progress)
    progress.start()
    var summary = PipelineSummary(
      out: options.out.path, frames: total, shards: selected.count, shardsBuilt: 0, shardsSkipped: 0,
      converted: 0, failed: 0, skipped: 0, seconds: 0, framesPerSecond: 0, planHash: plan.planHash,
      failures: [], exitCode: 0)
    let committer = ShardCommitter()
    do {
      for index in selected {
        let result: ShardSuccess
        switch options.force ? .rebuild(reason: nil) : inspectShard(index, checkFiles: true) {
        case .current(let complete):
          let refreshed = try refreshProvenance(complete)
          result = refreshed.shard
          if let catalog {
            // Rows are recorded again when the catalog's differ from the shard's own.
            let row = stored[index]
            let state = refreshed.changed || row?.outputHash != complete.shard.outputHash ? nil : row?.state
            try committer.submit { try adoptShard(result, catalog: catalog, state: state) }
          }
          summary.shardsSkipped += 1
          summary.skipped += complete.frames.count
          progress.addSkipped(complete.frames.count)
        case .rebuild(let reason):
          if let reason {
            summary.rebuilt.append(PipelineRebuild(shard: plan.shardName(index), reason: reason))
          }
          let converted = try convertShard(index, progress: progress)
          result = converted.result
          // One shard commits while the next converts; at most one commit is in flight.
          try committer.submit {
            try commitShard(converted.folder, converted.result, catalog: catalog, runID: runID)
          }
          summary.shardsBuilt += 1
          summary.converted += result.shard.converted
        }
        for frame in result.frames where frame.status == .failed {
          summary.failures.append(
            PipelineFailure(frame: frame.id, shard: index, error: frame.error ?? "unknown"))
        }
        summary.addLabelCounts(of: result.frames)
        summary.failures += result.rejected
      }
      try committer.finish()
    } catch {
      try? committer.finish()
      progress.stop()
      if let catalog, let runID {
        try? catalog.finishRun(
          id: runID, endedAt: Date(), exitCode: 1, converted: summary.converted,
          failed: summary.failures.count, skipped: summary.skipped)
      }
      throw error
    }
    progress.stop()
    summary.failed = summary.failures.count
    summary.seconds = Date().timeIntervalSince(started)
    summary.framesPerSecond = Double(summary.converted) / max(summary.seconds, 1e-9)
    summary.exitCode = PipelineSummary.exitCode(failed: summary.failed)
    summary.profile = options.profile?.snapshot
    guard let catalog, let runID else { return summary }
    try catalog.finishRun(
      id: runID, endedAt: Date(), exitCode: Int(summary.exitCode),
      converted: summary.converted, failed: summary.failed, skipped: summary.skipped)
    if try catalog.shards().allSatisfy({ $0.state == .published }) {
      // Written aside and renamed: no partial marker under the final name.
      let staging = layout.successPath + ".tmp"
      try FileOps.unlinkIfPresent(staging)
      try FileOps.writeNew(staging, try JSONFiles.encode(summary))
      try FileOps.rename(staging, layout.successPath)
    }
    try catalog.checkpoint()
    return summary
  }

  var datasetInfo: DatasetInfo {
    DatasetInfo(
      root: input.root, format: input.format, frameCount: plan.frames.count, planHash: plan.planHash,
      shardCount: plan.shardCount, shardSize: options.shardSize, optionsHash: optionsHash)
  }

  var plannedShardRows: [ShardRow] {
    (0..<plan.shardCount).map {
      ShardRow(index: $0, name: plan.shardName($0), state: .pending, frameCount: plan.members[$0].count)
    }
  }

  var plannedFrameRows: [FrameRow] {
    plan.members.enumerated().flatMap { shard, members in
      members.map {
        FrameRow(
          name: plan.frames[$0].name, split: plan.frames[$0].split, shard: shard,
          status: .pending)
      }
    }
  }

  /// Brings a complete shard folder into the catalog and final layout: rows from its
  /// `_SUCCESS` (unless already recorded), links (always: idempotent, and it repairs deleted
  /// final-layout files), state `published`. Resume uses it for shards that finished before a
  /// crash; a `merge` of distributed shard folders is this, for every shard.
  public func adoptShard(_ shard: ShardSuccess, catalog: Catalog, state: ShardState?) throws {
    if state == nil || state == .pending {
      try catalog.recordShard(
        shard.shard, frames: shard.frames, labelFiles: shard.labelFiles ?? [], runID: nil)
    }
    try publish(shard)
    if state != .published {
      try catalog.setShardState(shard.shard.index, .published)
    }
  }

  /// A different stored plan or options hash means the folder holds another dataset's outputs.
  func checkStoredPlan(_ catalog: Catalog) throws {
    guard let stored = try catalog.dataset() else { return try checkShardManifests() }
    guard stored.planHash != plan.planHash || stored.optionsHash != optionsHash else { return }
    guard options.force else {
      throw PipelineError.planMismatch(
        out: options.out.path,
        stored: "plan \(stored.planHash), options \(stored.optionsHash), \(stored.frameCount) frames",
        current: "plan \(plan.planHash), options \(optionsHash), \(plan.frames.count) frames")
    }
    // --force on another plan: remove what the catalog says this tool made, then start over.
    // Only rows that obey the name rule, and only through OUT's own folders.
    let folder = try ContainedDirectory(path: layout.out.path)
    for frame in try catalog.frames() where FrameRowCheck.problem(frame, shard: nil) == nil {
      for output in frame.outputs { try folder.unlink(output.path) }
    }
    try FileOps.removeTree(layout.shardsPath)
    try FileOps.unlinkIfPresent(layout.successPath)
    try FileOps.makeDirectories(layout.shardsPath)
  }
}
