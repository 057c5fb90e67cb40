/// What comparing one job gave: per head, the counts or the problem.
typealias DiffOutcome = [(head: MaskHead, result: Result<HeadFrameCounts, DiffFrameProblem>)]

/// Sums the outcomes of a plan per split and head, and keeps the frames that can rank as worst.
struct DiffTally {
  var heads: [String: [MaskHead: HeadAccumulator]] = [:]
  var frames: [String: Int] = [:]
  var errors: [DiffFrameProblem] = []
  /// Compared frames with foreground in A or B (the others have no IoU).
  var ranked: [(job: DiffJob, head: MaskHead, counts: HeadFrameCounts)] = []

  init(plan: DiffPlan, outcomes: [DiffOutcome]) {
    for item in plan.unmatched {
      let side = item.onlyIn == "A" ? \HeadAccumulator.onlyInA : \HeadAccumulator.onlyInB
      heads[item.split, default: [:]][item.head, default: HeadAccumulator()][keyPath: side] += 1
    }
    for (job, outcome) in zip(plan.jobs, outcomes) {
      var counted = false
      for (head, result) in outcome {
        switch result {
        case .success(let counts):
          heads[job.split, default: [:]][head, default: HeadAccumulator()].add(counts)
          if counts.union > 0 { ranked.append((job, head, counts)) }
          counted = true
        case .failure(let problem):
          heads[job.split, default: [:]][head, default: HeadAccumulator()].errors += 1
          errors.append(problem)
        }
      }
      if counted { frames[job.split, default: 0] += 1 }
    }
  }

  func summary(split: String) -> DiffSplitSummary {
    let found = heads[split] ?? [:]
    return DiffSplitSummary(
      split: split, frames: frames[split] ?? 0,
      drivable: found[.drivable, default: HeadAccumulator()].summary,
      lane: found[.lane, default: HeadAccumulator()].summary)
  }

  /// Every split's accumulators merged, per head.
  var total: [MaskHead: HeadAccumulator] {
    var result: [MaskHead: HeadAccumulator] = [:]
    for perHead in heads.values {
      for (head, accumulator) in perHead { result[head, default: HeadAccumulator()].merge(accumulator) }
    }
    return result
  }
}
