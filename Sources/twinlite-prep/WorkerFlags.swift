import ArgumentParser
import Foundation
import TwinLitePrep

/// Which process of a distributed run this is; absent for a single-machine run.
struct WorkerFlags: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Distributed run: this process's index I, building the shards s with s % N == I (default: "
        + "TWINLITE_WORKER_INDEX, SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX).",
      valueName: "I"))
  var workerIndex: Int?

  @Option(
    help: ArgumentHelp(
      "Distributed run: number of worker processes N (or TWINLITE_WORKER_COUNT; never SLURM_ARRAY_TASK_COUNT).",
      valueName: "N"))
  var workerCount: Int?

  @Option(help: ArgumentHelp(visibility: .hidden))
  var shardIndex: Int?

  @Option(help: ArgumentHelp(visibility: .hidden))
  var shardCount: Int?

  @Option(help: "Worker scratch folder for its catalog fragment (default: $TMPDIR, else /tmp).")
  var localDir: String?

  func validate() throws {
    guard workerIndex == nil || shardIndex == nil, workerCount == nil || shardCount == nil else {
      throw ValidationError(
        "--worker-index/--worker-count and their old names --shard-index/--shard-count "
          + "exclude each other")
    }
    do {
      _ = try assignment()
    } catch {
      throw ValidationError("\(error)")
    }
  }

  /// One line per old flag used.
  var deprecations: [String] {
    (shardIndex == nil ? [] : [Deprecation.line("--shard-index", "--worker-index")])
      + (shardCount == nil ? [] : [Deprecation.line("--shard-count", "--worker-count")])
  }

  /// The worker this process is (flags, then environment), or nil for a single-machine run.
  func assignment() throws(DistributedError) -> WorkerAssignment? {
    try WorkerAssignment.resolve(
      index: workerIndex ?? shardIndex, count: workerCount ?? shardCount,
      environment: ProcessInfo.processInfo.environment)
  }
}
