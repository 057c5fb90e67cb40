import Foundation
import Synchronization

/// One frame that failed, with the message naming the file, label and problem.
public struct FrameFailure: Sendable, Equatable, CustomStringConvertible {
  /// `split/NAME`, or the label file for a whole-file failure.
  public var frame: String
  public var message: String

  public init(frame: String, message: String) {
    self.frame = frame
    self.message = message
  }

  public var description: String { "\(frame): \(message)" }
}

/// The outcome of a run.
public struct PrepSummary: Sendable {
  public var frames: Int
  public var converted: Int
  public var failures: [FrameFailure]
  public var seconds: Double
  /// Peak resident set size of the process (getrusage `ru_maxrss`), bytes.
  public var peakRSSBytes: Int
  /// 0 when every frame converted, 3 when some failed.
  public var exitCode: Int32 { failures.isEmpty ? 0 : 3 }

  /// `prep: 16 frames, 16 converted, 0 failed in 1.2 s (13.3 frames/s), peak RSS 41 MiB`.
  public var line: String {
    let rate = seconds > 0 ? Double(converted) / seconds : 0
    return "prep: \(frames) frames, \(converted) converted, \(failures.count) failed in "
      + String(
        format: "%.1f s (%.1f frames/s), peak RSS %.0f MiB", seconds, rate,
        Double(peakRSSBytes) / 1_048_576)
  }
}

/// A small in-process driver: runs `FrameConverter` on `workers` threads, writes each result with
/// `OutputWriter`, collects failures. (The sharded, resumable pipeline wraps the same converter.)
public enum PrepDriver {
  /// Converts `plan` into `out`. `progress` receives (done, total, failed) from worker threads,
  /// at most every ~0.5 s and once at the end.
  public static func run(
    _ plan: FramePlan, options: ConvertOptions, out: String, workers: Int,
    progress: (@Sendable (Int, Int, Int) -> Void)? = nil
  ) throws(PrepError) -> PrepSummary {
    guard workers >= 1 else { throw .invalidOption(name: "workers", reason: "must be at least 1") }
    let start = Date()
    let writer = OutputWriter(out: out, images: options.images)
    try writer.prepareFolders(
      splits: Array(Set(plan.jobs.map(\.split))).sorted(), layout: options.layout,
      detection: plan.jobs.contains { $0.detection != nil })
    let jobs = plan.jobs
    let state = Mutex(State())
    let threads = min(workers, max(jobs.count, 1))
    DispatchQueue.concurrentPerform(iterations: threads) { _ in
      let converter = FrameConverter(options: options)
      while true {
        let index = state.withLock { s -> Int? in
          guard s.next < jobs.count else { return nil }
          defer { s.next += 1 }
          return s.next
        }
        guard let index else { break }
        let job = jobs[index]
        var failure: FrameFailure?
        do throws(PrepError) {
          try writer.write(try converter.convert(job))
        } catch {
          failure = FrameFailure(frame: job.id, message: error.description)
        }
        let report = state.withLock { s -> (Int, Int)? in
          s.done += 1
          if let failure { s.failures.append((index, failure)) }
          let now = Date()
          guard s.done == jobs.count || now.timeIntervalSince(s.lastReport) >= 0.5 else { return nil }
          s.lastReport = now
          return (s.done, s.failures.count)
        }
        if let report { progress?(report.0, jobs.count, report.1) }
      }
    }
    let (failures, done) = state.withLock { s in (s.failures.sorted { $0.0 < $1.0 }.map(\.1), s.done) }
    let sourceFailures = plan.sourceFailures.map { FrameFailure(frame: $0.file, message: $0.message) }
    return PrepSummary(
      frames: jobs.count, converted: done - failures.count, failures: sourceFailures + failures,
      seconds: Date().timeIntervalSince(start), peakRSSBytes: peakRSS())
  }

  private struct State {
    var next = 0
    var done = 0
    var failures: [(Int, FrameFailure)] = []
    var lastReport = Date()
  }

  /// This process's peak resident set size in bytes: `VmHWM` of /proc/self/status. Not getrusage's
  /// `ru_maxrss`: after a vfork-style spawn (posix_spawn) it keeps the parent's peak, so a tool started
  /// by a large process would report that process's memory as its own.
  public static func peakRSS() -> Int {
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
      let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
    {
      return kilobytes * 1024
    }
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss) * 1024
  }
}
