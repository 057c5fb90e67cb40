import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// How progress is shown on stderr.
public enum ProgressMode: Sendable {
  /// A redrawn bar with frames/s and ETA (stderr is a terminal).
  case bar
  /// A plain line every `interval` seconds (logs, CI).
  case lines(interval: Double)
  case quiet

  /// `bar` when stderr is a terminal, plain lines every 5 s otherwise.
  public static func automatic(quiet: Bool) -> ProgressMode {
    if quiet { return .quiet }
    return isatty(2) != 0 ? .bar : .lines(interval: 5)
  }
}

/// Counts frames from any thread and draws progress from its own timer thread.
final class ProgressReporter: Sendable {
  private struct State {
    var done = 0
    var failed = 0
    var skipped = 0
    var stopped = false
  }

  let total: Int
  let mode: ProgressMode
  private let state = Mutex(State())
  private let started = Date()
  private let finished = DispatchSemaphore(value: 0)
  private let wake = DispatchSemaphore(value: 0)

  init(total: Int, mode: ProgressMode) {
    self.total = total
    self.mode = mode
  }

  /// Frames of shards that were already complete: counted as done, not in the rate.
  func addSkipped(_ count: Int) {
    state.withLock {
      $0.done += count
      $0.skipped += count
    }
  }

  func add(done: Int, failed: Int) {
    state.withLock {
      $0.done += done
      $0.failed += failed
    }
  }

  func start() {
    let interval: Double
    switch mode {
    case .quiet: return
    case .bar: interval = 0.2
    case .lines(let seconds): interval = seconds
    }
    let thread = Thread { [self] in
      // Waits on a semaphore, not a sleep, so stop() returns at once.
      while wake.wait(timeout: .now() + interval) == .timedOut {
        if state.withLock({ $0.stopped }) { break }
        draw(final: false)
      }
      finished.signal()
    }
    thread.start()
  }

  func stop() {
    let wasRunning = state.withLock { state -> Bool in
      defer { state.stopped = true }
      return !state.stopped
    }
    switch mode {
    case .quiet: return
    default:
      if wasRunning {
        wake.signal()
        finished.wait()
      }
      draw(final: true)
    }
  }

  private func draw(final: Bool) {
    let (done, failed, skipped) = state.withLock { ($0.done, $0.failed, $0.skipped) }
    let elapsed = max(Date().timeIntervalSince(started), 1e-6)
    let rate = Double(done - skipped) / elapsed
    let eta = rate > 0 ? Double(total - done) / rate : 0
    let failures = failed > 0 ? ", \(failed) failed" : ""
    switch mode {
    case .quiet: return
    case .bar:
      let width = 30
      let filled = total > 0 ? min(width, done * width / total) : width
      let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
      let line =
        "\r[\(bar)] \(done)/\(total) frames \(Self.format(rate)) f/s ETA \(Self.clock(eta))\(failures)"
      StandardError.write(final ? line + "\n" : line)
    case .lines:
      let text = "progress: \(done)/\(total) frames, \(Self.format(rate)) frames/s, ETA \(Self.clock(eta))"
      StandardError.write(text + failures + "\n")
    }
  }

  static func format(_ rate: Double) -> String { String(format: "%.1f", rate) }

  static func clock(_ seconds: Double) -> String {
    let total = Int(seconds.rounded())
    return String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
  }
}
