import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Thread-seconds per pipeline stage (`--profile`, or the environment variable
/// `TWINLITE_PREP_PROFILE=1`): cheap enough to leave on
/// (two clock reads per stage per frame), summed over worker threads.
public final class PipelineProfile: Sendable {
  private let seconds = Mutex<[String: Double]>([:])

  public init() {}

  /// Monotonic seconds.
  public static func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
  }

  public func add(_ stage: String, _ elapsed: Double) {
    seconds.withLock { $0[stage, default: 0] += elapsed }
  }

  /// Times `body` as `stage`.
  public func measure<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
    let start = Self.now()
    defer { add(stage, Self.now() - start) }
    return try body()
  }

  public var snapshot: [String: Double] { seconds.withLock { $0 } }
}

extension Optional where Wrapped == PipelineProfile {
  /// Times `body` when profiling, runs it plainly otherwise.
  func measure<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
    guard let profile = self else { return try body() }
    return try profile.measure(stage, body)
  }
}
