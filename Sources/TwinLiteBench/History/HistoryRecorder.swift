import Foundation

/// History entries of `accuracy`, `speed` and `compare` results, stamped with this commit and machine.
public enum HistoryRecorder {
  /// DA mIoU, lane acc and lane IoU (paper-exact, in percent) of an accuracy run.
  public static func entries(_ a: AccuracySummary) -> [HistoryEntry] {
    let env = a.run.environment
    let data = ReportBuilder.dataLabel(a, description: nil)
    let scores = [
      ("da_miou", a.paper.scores.daMIoU), ("ll_acc", a.paper.scores.llAcc), ("ll_iou", a.paper.scores.llIoU),
    ]
    return scores.map { key, value in
      HistoryEntry(
        commit: env.gitCommit ?? "unknown", date: env.date, machine: env.cpu, isa: env.isa,
        metric: "accuracy.paper.\(key)", value: 100 * value, unit: "%", data: data)
    }
  }

  /// Median milliseconds per forward pass, named by backend, threads and input size.
  public static func entries(_ s: SpeedResult, environment env: ReportEnvironment) -> [HistoryEntry] {
    let o = s.options
    let threads = s.threadsUsed == 1 ? "1-thread" : "\(s.threadsUsed)-threads"
    let batch = o.batch == 1 ? "" : ".batch-\(o.batch)"
    return [
      HistoryEntry(
        commit: env.gitCommit ?? "unknown", date: env.date, machine: env.cpu, isa: s.dispatch?.isa,
        metric: "speed.\(o.backend).\(threads).\(o.height)x\(o.width)\(batch).median_ms",
        value: s.medianMilliseconds, unit: "ms",
        data: s.verdict?.busy == true ? "machine busy: unreliable" : nil)
    ]
  }

  /// Metrics of a comparison worth a trend: paper-exact accuracy, ms per frame, instruction counts.
  static let trendKeys: Set<String> = ["paper.da_miou", "paper.ll_acc", "paper.ll_iou", "speed.ms_per_frame"]

  /// The compared values (accuracy in percent), each with the gate it was checked against; speed,
  /// unless `--gate-speed`, has no gate.
  public static func entries(
    _ result: CompareResult, options: CompareOptions, environment env: ReportEnvironment
  ) -> [HistoryEntry] {
    result.rows.compactMap { row in
      guard let current = row.current, trendKeys.contains(row.metric.key) || row.metric.kind == .instructions
      else { return nil }
      let gated = row.metric.kind != .speed || options.gateSpeed
      let threshold = gated ? Compare.threshold(row, options: options) : nil
      let scale = row.metric.kind == .accuracy ? 100.0 : 1.0
      let name = row.metric.kind == .accuracy ? "accuracy.\(row.metric.key)" : row.metric.key
      return HistoryEntry(
        commit: env.gitCommit ?? "unknown", date: env.date, machine: env.cpu, isa: env.isa, metric: name,
        value: current * scale, unit: row.metric.kind == .accuracy ? "%" : row.metric.unit,
        threshold: threshold.map { $0 * scale })
    }
  }
}
