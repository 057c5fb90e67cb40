import Foundation
import TwinLiteCatalog

/// What one worker's fragment says it built.
public struct FragmentInfo: Sendable {
  public var worker: WorkerAssignment
  public var path: String
  public var dataset: DatasetInfo
  public var runs: [RunRow]
  /// Plan shards the fragment records, ascending.
  public var shards: [Int]
}

/// Which workers of a distributed run are complete: a worker is complete when its fragment is in
/// `OUT/catalog.d/` and every shard it lists has `_SUCCESS` and a manifest of the same plan.
/// Deleting a shard folder (or its marker) makes its worker incomplete again. Work is
/// proportional to the fragments present, not to the worker count: workers without a fragment
/// are kept as ranges.
public struct WorkerScan: Sendable {
  public let out: URL
  public let workerCount: Int
  /// Readable fragments of this worker count, by worker index.
  public var fragments: [Int: FragmentInfo] = [:]
  /// Incomplete workers as ascending, disjoint ranges, with one reason per problem.
  public var missing: [ClosedRange<Int>] = []
  public var reasons: [String] = []

  /// Scans OUT. `workerCount` nil: taken from the fragments present (they must agree).
  public static func scan(out: URL, workerCount: Int?) throws -> WorkerScan {
    let layout = FragmentLayout(out: out)
    if let stray = layout.strayFragments().first {
      throw DistributedError.strayFragment(path: stray.path, reason: stray.reason)
    }
    let present = layout.fragments()
    let count: Int
    if let workerCount {
      guard (1...ShardPlan.maximumShardCount).contains(workerCount) else {
        throw DistributedError.invalidWorker(
          "--worker-count must be in 1...\(ShardPlan.maximumShardCount), got \(workerCount)")
      }
      count = workerCount
    } else {
      let counts = Set(present.map { $0.count })
      guard let only = counts.first else { throw DistributedError.noFragments(out: out.path) }
      guard counts.count == 1 else {
        throw DistributedError.mismatch(
          out: out.path, reason: "fragments of \(counts.sorted()) workers; pass --worker-count")
      }
      count = only
    }
    var scan = WorkerScan(out: out, workerCount: count)
    let paths = Dictionary(
      present.filter { $0.count == count }.map { ($0.index, $0.path) }, uniquingKeysWith: { a, _ in a })
    var reference: DatasetInfo?
    var next = 0
    for index in paths.keys.sorted() {
      if index > next { scan.flag(next...(index - 1), "no fragment") }
      next = index + 1
      let path = paths[index]!
      let info: FragmentInfo
      do {
        info = try readFragment(path, worker: WorkerAssignment(index: index, count: count))
      } catch {
        scan.flag(index...index, "\(error)")
        continue
      }
      if let reference, !reference.samePlan(as: info.dataset) {
        throw DistributedError.mismatch(
          out: out.path,
          reason: "\(path) has plan \(info.dataset.planHash) / options \(info.dataset.optionsHash) / "
            + "\(info.dataset.shardCount) shards, others \(reference.planHash) / \(reference.optionsHash) / "
            + "\(reference.shardCount)")
      }
      reference = reference ?? info.dataset
      scan.fragments[index] = info
      let expected = info.worker.shards(planShardCount: info.dataset.shardCount)
      if info.shards != expected {
        scan.flag(index...index, "fragment lists shards \(info.shards), expected \(expected)")
      }
      for shard in info.shards {
        if let problem = shardProblem(shard, dataset: info.dataset, layout: ShardLayout(out: out)) {
          scan.flag(index...index, problem)
        }
      }
    }
    if next < count { scan.flag(next...(count - 1), "no fragment") }
    return scan
  }

  private mutating func flag(_ workers: ClosedRange<Int>, _ reason: String) {
    if let last = missing.last, last.upperBound + 1 >= workers.lowerBound {
      missing[missing.count - 1] = last.lowerBound...max(last.upperBound, workers.upperBound)
    } else {
      missing.append(workers)
    }
    let who =
      workers.count == 1
      ? "worker \(workers.lowerBound)" : "workers \(workers.lowerBound)-\(workers.upperBound)"
    reasons.append("\(who): \(reason)")
  }

  static func readFragment(_ path: String, worker: WorkerAssignment) throws -> FragmentInfo {
    let catalog = try Catalog.openReadOnly(at: URL(fileURLWithPath: path))
    guard let dataset = try catalog.dataset() else {
      throw DistributedError.badFragment(path: path, reason: "no dataset row")
    }
    return FragmentInfo(
      worker: worker, path: path, dataset: dataset, runs: try catalog.runs(),
      shards: try catalog.shards().map(\.index).sorted())
  }

  /// Why shard `index` of the fragment's plan is not complete in OUT, or nil.
  static func shardProblem(_ index: Int, dataset: DatasetInfo, layout: ShardLayout) -> String? {
    let name = ShardPlan.shardName(index, of: dataset.shardCount)
    guard FileOps.exists(layout.shardSuccessPath(name)) else { return "\(name): no _SUCCESS" }
    guard let manifest = try? JSONFiles.decode(ShardManifest.self, from: layout.shardManifestPath(name))
    else {
      return "\(name): unreadable manifest.json"
    }
    guard manifest.shardIndex == index, manifest.shardCount == dataset.shardCount,
      manifest.planHash == dataset.planHash, manifest.optionsHash == dataset.optionsHash
    else { return "\(name): manifest of another plan or options" }
    let path = layout.shardSuccessPath(name)
    guard let read = try? JSONFiles.decode(ShardSuccess.self, from: path) else {
      return "\(name): unreadable _SUCCESS"
    }
    let success = FrameRowCheck.trusted(read, file: path, shard: layout.shardRelative(name))
    // Sizes only (no hashing): what merge needs to publish the shard is all there.
    for frame in success.frames where frame.status == .converted {
      for output in frame.outputs {
        let path = layout.absolute(output.shardPath)
        guard let size = try? FileOps.size(path), size == output.size else {
          return "\(name): \(output.shardPath) missing or of another size"
        }
      }
    }
    return nil
  }
}

extension DatasetInfo {
  func samePlan(as other: DatasetInfo) -> Bool {
    planHash == other.planHash && optionsHash == other.optionsHash && shardCount == other.shardCount
  }
}
