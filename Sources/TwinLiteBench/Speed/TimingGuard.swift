import Foundation

/// How much else the machine was doing around a timing, and whether the timing can be trusted.
public struct TimingVerdict: Sendable, Equatable {
  /// Other runnable tasks seen just before timing (mean over a short window, this process excluded).
  public var othersRunnable: Double
  /// 1-minute load average at that moment (includes this process's own recent work).
  public var loadAverage: Double?
  public var cores: Int
  /// p90 / median of the timed passes.
  public var spread: Double
  public var busy: Bool

  /// "machine busy: unreliable (…)" for a busy verdict, nil otherwise.
  public var note: String? {
    guard busy else { return nil }
    let load = loadAverage.map { String(format: "load %.1f on %d cores, ", $0, cores) } ?? ""
    return String(
      format: "machine busy: unreliable (%@%.1f other runnable, p90/median %.2f)", load, othersRunnable,
      spread)
  }
}

/// Waits (for a bounded time) for a quiet machine before timing, and retries a timing whose passes
/// spread too much; what it cannot fix it marks instead of hiding.
public struct TimingGuard: Sendable {
  /// Longest total wait and retry time, seconds (0: time once, only judge).
  public var maxWait: Double
  /// Busy above this many other runnable tasks per core.
  public var maxLoadPerCore = 0.5
  /// Busy above this p90 / median.
  public var maxSpread = 1.15
  public var cores = ProcessInfo.processInfo.activeProcessorCount
  /// Other runnable tasks now, and the 1-minute load average (injectable for tests).
  public var sample: @Sendable () -> (others: Double, load: Double?) = { TimingGuard.machineSample() }
  public var sleep: @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }

  public init(maxWait: Double) { self.maxWait = maxWait }

  func isBusy(others: Double) -> Bool { others > Double(cores) * maxLoadPerCore }

  /// Runs `timing` once quiet (or when the wait is spent), again while its spread is too wide and time
  /// remains; returns the least spread result and its verdict.
  public func measure(_ timing: () throws -> SpeedResult) throws -> (SpeedResult, TimingVerdict) {
    try measure(timing) { $0.medianMilliseconds > 0 ? $0.p90Milliseconds / $0.medianMilliseconds : 1 }
  }

  /// The same for any timing whose p90 / median `spread` gives.
  public func measure<Timing>(_ timing: () throws -> Timing, spread: (Timing) -> Double) throws
    -> (Timing, TimingVerdict)
  {
    let deadline = Date().addingTimeInterval(maxWait)
    var kept: (Timing, TimingVerdict)?
    while true {
      var seen = sample()
      while isBusy(others: seen.others), Date() < deadline {
        sleep(min(5, max(deadline.timeIntervalSinceNow, 0)))
        seen = sample()
      }
      let result = try timing()
      let spread = spread(result)
      let verdict = TimingVerdict(
        othersRunnable: seen.others, loadAverage: seen.load, cores: cores, spread: spread,
        busy: isBusy(others: seen.others) || spread > maxSpread)
      if kept == nil || (kept!.1.busy && verdict.spread < kept!.1.spread) { kept = (result, verdict) }
      if !verdict.busy || Date() >= deadline { return kept! }
    }
  }

  /// Mean of `/proc/loadavg`'s runnable count over one second, minus this sampling thread; and the
  /// 1-minute load average. (0, nil) where `/proc` is missing.
  public static func machineSample() -> (others: Double, load: Double?) {
    var total = 0.0
    var load: Double?
    for _ in 0..<10 {
      guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return (0, nil) }
      let fields = text.split(separator: " ")
      load = fields.first.flatMap { Double($0) }
      let running = fields.count > 3 ? fields[3].split(separator: "/").first.flatMap { Double($0) } : nil
      total += max((running ?? 1) - 1, 0)
      Thread.sleep(forTimeInterval: 0.1)
    }
    return (total / 10, load)
  }
}
