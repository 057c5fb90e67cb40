import Glibc

/// Accumulates time per step name (`--profile`): wall time from `ContinuousClock`, or the calling
/// thread's CPU time, which a busy shared machine does not inflate — exact for 1 thread, where
/// every op runs on the calling thread; with more threads it only sees the calling thread's share.
public final class StepTimer {
  public enum Measure: String, Sendable, CaseIterable {
    case wall
    case threadCPU = "thread-cpu"
  }

  public struct Entry: Sendable {
    public let name: String
    public var total: Duration
    public var calls: Int
    /// The fastest single call: what the op costs without interference from other processes.
    public var best: Duration
  }

  private var index: [String: Int] = [:]
  public private(set) var entries: [Entry] = []
  private let clock = ContinuousClock()
  public let measure: Measure

  public init(measure: Measure = .wall) { self.measure = measure }

  private static func threadCPUTime() -> Duration {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return .seconds(t.tv_sec) + .nanoseconds(t.tv_nsec)
  }

  func time<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
    let elapsed: Duration
    let result: T
    if measure == .wall {
      let start = clock.now
      result = try body()
      elapsed = clock.now - start
    } else {
      let start = Self.threadCPUTime()
      result = try body()
      elapsed = Self.threadCPUTime() - start
    }
    if let i = index[name] {
      entries[i].total += elapsed
      entries[i].calls += 1
      entries[i].best = min(entries[i].best, elapsed)
    } else {
      index[name] = entries.count
      entries.append(Entry(name: name, total: elapsed, calls: 1, best: elapsed))
    }
    return result
  }

  public func reset() {
    index = [:]
    entries = []
  }
}
