import Foundation
import TwinLiteCatalog

extension PipelineOptions {
  /// Makes these options those of `worker`: only its shards of the single-machine plan, and no
  /// shared catalog (its record goes into a fragment instead; see `writeFragment`).
  public mutating func assign(_ worker: WorkerAssignment, frames: [PlanFrame]) {
    let planShards = ShardPlan(frames: frames, shardSize: max(1, shardSize), shardCount: shardCount)
      .shardCount
    onlyShards = Set(worker.shards(planShardCount: planShards))
    sharedCatalog = false
  }
}

extension PrepPipeline {
  /// Refuses (before touching OUT) a worker whose plan or options differ from what OUT already
  /// holds: a merged or local catalog, other workers' fragments, or complete shard folders.
  func checkWorkerPlan() throws {
    let mine = "plan \(plan.planHash), options \(optionsHash), \(plan.shardCount) shards"
    func differs(_ dataset: DatasetInfo) -> Bool {
      dataset.planHash != plan.planHash || dataset.optionsHash != optionsHash
        || dataset.shardCount != plan.shardCount
    }
    func theirs(_ dataset: DatasetInfo) -> String {
      "plan \(dataset.planHash), options \(dataset.optionsHash), \(dataset.shardCount) shards"
    }
    if FileOps.exists(layout.catalogURL.path),
      let dataset = try? Catalog.openReadOnly(at: layout.catalogURL).dataset(), differs(dataset)
    {
      throw DistributedError.planDrift(
        out: options.out.path, reason: "\(layout.catalogURL.path) has \(theirs(dataset)); this worker \(mine)"
      )
    }
    for fragment in FragmentLayout(out: options.out).fragments() {
      guard let dataset = try? Catalog.openReadOnly(at: URL(fileURLWithPath: fragment.path)).dataset(),
        differs(dataset)
      else { continue }
      throw DistributedError.planDrift(
        out: options.out.path, reason: "\(fragment.path) has \(theirs(dataset)); this worker \(mine)")
    }
    if let foreign = foreignShard() {
      throw DistributedError.planDrift(
        out: options.out.path,
        reason: "shards/\(foreign.name) has plan \(foreign.manifest.planHash), options "
          + "\(foreign.manifest.optionsHash); this worker \(mine)")
    }
  }

  /// Runs this worker's shards, then writes its catalog fragment. The summary's exit code is
  /// that of a local run (0 or 3); the CLI maps 3 to 65 for workers.
  public func runWorker(_ worker: WorkerAssignment, localDirectory: String) throws -> PipelineSummary {
    precondition(!options.sharedCatalog, "PrepPipeline.runWorker: options must come from assign(_:frames:)")
    let summary = try run()
    try writeFragment(worker, summary: summary, localDirectory: localDirectory)
    return summary
  }

  /// Builds the worker's catalog fragment (same schema as `catalog.sqlite`: its run, the
  /// dataset, its shards, frames and outputs) on local disk, then copies it into
  /// `OUT/catalog.d/` and renames it into place. Only this process ever writes that SQLite file,
  /// and never over the network: the shared folder only receives a finished copy.
  public func writeFragment(
    _ worker: WorkerAssignment, summary: PipelineSummary, localDirectory: String
  ) throws {
    let scratch = "\(localDirectory)/twinlite-\(worker.name)-\(FileOps.randomSuffix())"
    try FileOps.makeDirectories(scratch)
    defer { try? FileOps.removeTree(scratch) }
    let local = "\(scratch)/\(worker.name).sqlite"
    try buildFragment(at: local, summary: summary)
    try Catalog.leaveWriteAheadLog(at: URL(fileURLWithPath: local))
    try FileOps.installCopy(
      of: local, at: FragmentLayout(out: options.out).fragmentPath(worker), durable: options.durable)
  }

  /// The fragment database; the catalog is closed (and its WAL folded in) when this returns.
  private func buildFragment(at path: String, summary: PipelineSummary) throws {
    let catalog = try Catalog.open(at: URL(fileURLWithPath: path))
    let runID = try catalog.beginRun(options.run)
    let selected = Set(selectedShards)
    try catalog.storePlan(
      datasetInfo, shards: plannedShardRows.filter { selected.contains($0.index) },
      frames: plannedFrameRows.filter { selected.contains($0.shard) })
    for index in selectedShards {
      // Files were checked when the shard was built or kept: manifests and markers suffice here.
      guard case .current(let complete) = inspectShard(index, checkFiles: false) else {
        throw PipelineError.badShard(
          path: layout.shardPath(plan.shardName(index)), reason: "not complete after the worker built it")
      }
      try catalog.recordShard(
        complete.shard, frames: complete.frames, labelFiles: complete.labelFiles ?? [], runID: runID)
    }
    try catalog.finishRun(
      id: runID, endedAt: Date(), exitCode: Int(summary.exitCode), converted: summary.converted,
      failed: summary.failed, skipped: summary.skipped)
    try catalog.checkpoint()
  }
}
