/// Which part of the plan one worker of a distributed run builds.
///
/// Worker `index` of `count` builds the plan's shards `s` with `s % count == index`. The plan is
/// the one a single-machine run makes (shard count from `--shard-size`), so the shard folders,
/// masks and catalog rows are the same whichever way the run was split. With more workers than
/// shards, some workers build nothing (and still report, so `missing` sees them done).
public struct WorkerAssignment: Sendable, Equatable, CustomStringConvertible {
  public let index: Int
  public let count: Int

  /// Environment variables that may carry the index, first one set wins (after `--worker-index`).
  /// `TWINLITE_SHARD_INDEX` is the older name, still read.
  public static let indexVariables = [
    "TWINLITE_WORKER_INDEX", "TWINLITE_SHARD_INDEX", "SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX",
    "AWS_BATCH_JOB_ARRAY_INDEX",
  ]
  /// The only variables that may carry the count, first one set wins (`TWINLITE_SHARD_COUNT` is
  /// the older name): `SLURM_ARRAY_TASK_COUNT` is 1 when a single index is re-run, and
  /// Kubernetes has no count variable.
  public static let countVariables = ["TWINLITE_WORKER_COUNT", "TWINLITE_SHARD_COUNT"]

  /// The worker count from the environment, or nil when no count variable is set.
  public static func environmentCount(_ environment: [String: String]) throws(DistributedError) -> Int? {
    for name in countVariables {
      guard let text = environment[name], !text.isEmpty else { continue }
      guard let value = Int(text) else { throw .invalidWorker("\(name)=\(text) is not a number") }
      return value
    }
    return nil
  }

  public init(index: Int, count: Int) throws(DistributedError) {
    guard (1...ShardPlan.maximumShardCount).contains(count) else {
      throw .invalidWorker("--worker-count must be in 1...\(ShardPlan.maximumShardCount), got \(count)")
    }
    guard (0..<count).contains(index) else {
      throw .invalidWorker("worker index \(index) is outside 0..<\(count)")
    }
    self.index = index
    self.count = count
  }

  /// The worker this process is, or nil for a single-machine run (no count given anywhere).
  /// A count without any index is an error, except count 1 (index 0).
  public static func resolve(index: Int?, count: Int?, environment: [String: String]) throws(DistributedError)
    -> WorkerAssignment?
  {
    let fromEnvironment = count == nil ? try environmentCount(environment) : nil
    guard let resolvedCount = count ?? fromEnvironment else {
      if index != nil {
        throw .invalidWorker("--worker-index needs --worker-count (or \(countVariables[0]))")
      }
      return nil
    }
    if let index { return try WorkerAssignment(index: index, count: resolvedCount) }
    for name in indexVariables {
      guard let text = environment[name], !text.isEmpty else { continue }
      guard let value = Int(text) else { throw .invalidWorker("\(name)=\(text) is not a number") }
      return try WorkerAssignment(index: value, count: resolvedCount)
    }
    if resolvedCount == 1 { return try WorkerAssignment(index: 0, count: 1) }
    throw .invalidWorker(
      "no worker index: pass --worker-index or set one of " + indexVariables.joined(separator: ", "))
  }

  /// Plan shards this worker builds, ascending.
  public func shards(planShardCount: Int) -> [Int] {
    Array(stride(from: index, to: planShardCount, by: count))
  }

  /// `worker-00003-of-00008`: the name of its catalog fragment.
  public var name: String { "worker-\(ShardPlan.pad5(index))-of-\(ShardPlan.pad5(count))" }

  public var description: String { "worker \(index) of \(count)" }
}
