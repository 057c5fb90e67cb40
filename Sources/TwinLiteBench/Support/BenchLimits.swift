import Foundation

/// Upper bounds on the counts a user can ask for, so no value can exhaust memory or threads before
/// the work starts; `MemoryEstimate` bounds the batch by what the machine can hold.
public enum BenchLimits {
  public static let maxRuns = 1_000_000
  public static let maxBatch = 4096
  /// More OpenMP threads than this only adds contention (and each costs a stack).
  public static var maxThreads: Int { max(256, 4 * ProcessInfo.processInfo.activeProcessorCount) }

  /// The first value out of range, naming its option; nil when all are fine.
  public static func problem(
    threads: Int? = nil, batch: Int? = nil, runs: Int? = nil, warmup: Int? = nil, limit: Int? = nil
  ) -> BenchError? {
    let checks: [(String, Int?, ClosedRange<Int>)] = [
      ("threads", threads, 1...maxThreads), ("batch", batch, 1...maxBatch), ("runs", runs, 1...maxRuns),
      ("warmup", warmup, 0...maxRuns), ("limit", limit, 1...Int.max),
    ]
    for (name, value, range) in checks {
      guard let value, !range.contains(value) else { continue }
      let bound = value < range.lowerBound ? "at least \(range.lowerBound)" : "at most \(range.upperBound)"
      return .invalidOption(name: name, reason: "must be \(bound), got \(value)")
    }
    return nil
  }
}
