import Dispatch
import Foundation
import Synchronization
import TwinLiteCore
import TwinLiteImageIO

/// Settings of `twinlite-prep diff`.
public struct MaskDiffOptions: Sendable {
  /// The split to compare; nil compares every split found in either tree.
  public var split: String?
  /// How many lowest-IoU frames to list per head.
  public var worst: Int
  /// Folder for a side-by-side PNG of each listed frame (nil: none).
  public var overlays: String?
  /// Threads reading and comparing masks.
  public var jobs: Int
  public var progress: ProgressMode

  public init(
    split: String? = nil, worst: Int = 10, overlays: String? = nil,
    jobs: Int = ProcessInfo.processInfo.activeProcessorCount, progress: ProgressMode = .quiet
  ) {
    self.split = split
    self.worst = worst
    self.overlays = overlays
    self.jobs = jobs
    self.progress = progress
  }
}

/// Compares two mask trees frame by frame by name. Streams: each worker holds one frame's masks
/// at a time, and only per-frame counts are kept, so memory does not grow with the masks' size.
public enum MaskTreeDiff {
  public static func run(a: String, b: String, options: MaskDiffOptions) throws(DiffError) -> MaskDiffReport {
    guard options.worst >= 0 else { throw .invalidOption(name: "worst", reason: "must be 0 or more") }
    guard options.jobs >= 1 else { throw .invalidOption(name: "jobs", reason: "must be at least 1") }
    let treeA = try MaskTreeLayout.detect(root: a, side: "A")
    let treeB = try MaskTreeLayout.detect(root: b, side: "B")
    let trees = (a: treeA, b: treeB)
    let splits = try splitsToCompare(trees, requested: options.split)
    if let folder = options.overlays { try makeFolder(folder) }

    let plan = DiffPlan(a: trees.a, b: trees.b, splits: splits)
    var tally = DiffTally(
      plan: plan, outcomes: compare(plan.jobs, threads: options.jobs, progress: options.progress))
    var worst = worstFrames(tally.ranked, count: options.worst)
    if let folder = options.overlays {
      tally.errors += DiffOverlay.write(&worst, trees: trees, folder: folder, jobs: plan.jobs)
    }
    let perSplit = splits.map { tally.summary(split: $0) }
    let total = tally.total
    return MaskDiffReport(
      a: trees.a, b: trees.b, splits: splits, frames: perSplit.map(\.frames).reduce(0, +),
      drivable: total[.drivable, default: HeadAccumulator()].summary,
      lane: total[.lane, default: HeadAccumulator()].summary,
      worst: worst, perSplit: perSplit, unmatched: plan.unmatched, errors: tally.errors)
  }

  static func splitsToCompare(
    _ trees: (a: MaskTreeLayout, b: MaskTreeLayout), requested: String?
  ) throws(DiffError) -> [String] {
    let found = Set(trees.a.splits).union(trees.b.splits)
    let looked = [trees.a, trees.b].flatMap { tree in
      MaskHead.allCases.compactMap { tree.folder($0).map { "\(tree.root)/\($0)/" } }
    }
    if let requested {
      guard found.contains(requested) else {
        throw .splitNotFound(split: requested, looked: looked.map { $0 + requested })
      }
      return [requested]
    }
    guard !found.isEmpty else { throw .noSplits(looked: looked) }
    return found.sorted()
  }

  static func makeFolder(_ path: String) throws(DiffError) {
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      throw .overlayFolder(path: path, reason: (error as NSError).localizedDescription)
    }
  }

  /// Reads and counts every job on `threads` threads; the results are in job order.
  static func compare(_ jobs: [DiffJob], threads: Int, progress mode: ProgressMode) -> [DiffOutcome] {
    let results = Mutex([DiffOutcome](repeating: [], count: jobs.count))
    let next = Atomic(0)
    let progress = ProgressReporter(total: jobs.count, mode: mode)
    progress.start()
    DispatchQueue.concurrentPerform(iterations: max(1, min(threads, jobs.count))) { _ in
      while true {
        let slot = next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard slot < jobs.count else { break }
        let job = jobs[slot]
        let outcome: DiffOutcome = job.pairs.map { pair in (pair.head, compareMasks(job, pair)) }
        let failed = outcome.contains { if case .failure = $0.result { return true } else { return false } }
        results.withLock { $0[slot] = outcome }
        progress.add(done: 1, failed: failed ? 1 : 0)
      }
    }
    progress.stop()
    return results.withLock { $0 }
  }

  static func compareMasks(_ job: DiffJob, _ pair: DiffJob.Pair) -> Result<HeadFrameCounts, DiffFrameProblem>
  {
    func problem(_ file: String, _ text: String) -> DiffFrameProblem {
      DiffFrameProblem(split: job.split, frame: job.frame, head: pair.head, file: file, problem: text)
    }
    let masks: (a: ComparedMask, b: ComparedMask)
    do {
      masks = (try read(pair.a), try read(pair.b))
    } catch {
      return .failure(problem(error.file, error.problem))
    }
    guard masks.a.width == masks.b.width, masks.a.height == masks.b.height else {
      let sizes = (a: "\(masks.a.width)x\(masks.a.height)", b: "\(masks.b.width)x\(masks.b.height)")
      return .failure(problem(pair.b, "mask is \(sizes.b), but A's \(pair.a) is \(sizes.a)"))
    }
    return .success(
      HeadFrameCounts(
        confusion: BinaryConfusion(prediction: masks.a.values, truth: masks.b.values),
        aLargest: masks.a.largest, bLargest: masks.b.largest))
  }

  struct ReadFailure: Error {
    let file: String
    let problem: String
  }

  static func read(_ path: String) throws(ReadFailure) -> ComparedMask {
    do {
      return try ComparedMask.read(path: path)
    } catch {
      // ImageIOError's text starts with the file; the problem is kept without it.
      let text = error.description
      let problem = text.hasPrefix(path + ": ") ? String(text.dropFirst(path.count + 2)) : text
      throw ReadFailure(file: path, problem: problem)
    }
  }

  /// The `count` lowest-IoU frames of each head: IoU ascending, then the most differing pixels.
  static func worstFrames(
    _ ranked: [(job: DiffJob, head: MaskHead, counts: HeadFrameCounts)], count: Int
  ) -> [DiffWorstFrame] {
    MaskHead.allCases.flatMap { head in
      ranked.filter { $0.head == head }
        .sorted { x, y in
          let (ix, iy) = (x.counts.iou ?? 1, y.counts.iou ?? 1)
          if ix != iy { return ix < iy }
          let dx = x.counts.union - x.counts.confusion.truePositives
          let dy = y.counts.union - y.counts.confusion.truePositives
          if dx != dy { return dx > dy }
          return (x.job.split, x.job.frame) < (y.job.split, y.job.frame)
        }
        .prefix(count)
        .map { item in
          let c = item.counts.confusion
          return DiffWorstFrame(
            split: item.job.split, frame: item.job.frame, head: head, iou: item.counts.iou ?? 1,
            aPixels: c.truePositives + c.falsePositives, bPixels: c.truePositives + c.falseNegatives,
            intersection: c.truePositives, overlay: nil)
        }
    }
  }
}
