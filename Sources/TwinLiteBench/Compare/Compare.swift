import Foundation
import TwinLiteCore

/// Tolerances of `compare`. Accuracy: absolute, in fractions (0.005 = half a percentage point).
/// Speed: relative (0.15 = 15 % slower is still fine) and only gating with `gateSpeed`.
/// Instruction counts: relative (0.02 = 2 % more instructions is still fine), always gating: they do
/// not move with machine load.
public struct CompareOptions: Sendable, Equatable {
  public var toleranceAccuracy: Double = 0.005
  public var toleranceSpeed: Double = 0.15
  public var gateSpeed = false
  public var toleranceInstructions: Double = 0.02

  public init(
    toleranceAccuracy: Double = 0.005, toleranceSpeed: Double = 0.15, gateSpeed: Bool = false,
    toleranceInstructions: Double = 0.02
  ) {
    self.toleranceAccuracy = toleranceAccuracy
    self.toleranceSpeed = toleranceSpeed
    self.gateSpeed = gateSpeed
    self.toleranceInstructions = toleranceInstructions
  }
}

/// One line of the diff table.
public struct CompareRow: Sendable, Equatable {
  public enum Status: String, Sendable {
    /// Within tolerance.
    case ok
    /// Better than the baseline by more than the tolerance.
    case improved
    /// Worse by more than the tolerance, and gating.
    case regressed
    /// Worse by more than the tolerance, but speed is not gated (`--gate-speed` not given).
    case slowerNotGated = "slower (not gated)"
    /// In the baseline but not in the current results.
    case missing
  }

  public let metric: CompareMetric
  public let baseline: Double
  public let current: Double?
  public let status: Status
}

/// The comparison of current results with a baseline.
public struct CompareResult: Sendable, Equatable {
  public let rows: [CompareRow]
  /// Problems that make the runs incomparable (different frame counts), each a regression.
  public let mismatches: [String]

  public var hasRegression: Bool {
    !mismatches.isEmpty || rows.contains { $0.status == .regressed || $0.status == .missing }
  }
  /// 1 on a regression, else 0.
  public var exitCode: ToolExitCode { hasRegression ? .failure : .success }
}

public enum Compare {
  /// Compares every known metric present in `baseline`.
  public static func compare(baseline: [String: Double], current: [String: Double], options: CompareOptions)
    -> CompareResult
  {
    var rows: [CompareRow] = []
    for metric in CompareMetric.present(in: baseline) {
      guard let base = baseline[metric.key] else { continue }
      guard let now = current[metric.key] else {
        rows.append(CompareRow(metric: metric, baseline: base, current: nil, status: .missing))
        continue
      }
      rows.append(
        CompareRow(metric: metric, baseline: base, current: now, status: status(metric, base, now, options)))
    }
    var mismatches: [String] = []
    for key in ["paper.frames", "paper.batch"] {
      if let b = baseline[key], let c = current[key], b != c {
        mismatches.append("\(key) differs: baseline \(format(b)), current \(format(c))")
      }
    }
    return CompareResult(rows: rows, mismatches: mismatches)
  }

  static func status(_ m: CompareMetric, _ base: Double, _ now: Double, _ o: CompareOptions)
    -> CompareRow.Status
  {
    // Signed change in the "better" direction.
    let gain = m.biggerIsBetter ? now - base : base - now
    let allowed = allowance(m, base, o)
    if gain < -allowed {
      return m.kind == .speed && !o.gateSpeed ? .slowerNotGated : .regressed
    }
    return gain > allowed ? .improved : .ok
  }

  /// How far `base` may move in the worse direction before the metric counts as worse.
  static func allowance(_ m: CompareMetric, _ base: Double, _ o: CompareOptions) -> Double {
    switch m.kind {
    case .accuracy: return o.toleranceAccuracy
    case .speed: return o.toleranceSpeed * abs(base)
    case .instructions: return o.toleranceInstructions * abs(base)
    }
  }

  /// The value beyond which `row` is worse than its tolerance allows (the gate, for charts).
  public static func threshold(_ row: CompareRow, options: CompareOptions) -> Double? {
    let allowed = allowance(row.metric, row.baseline, options)
    return row.metric.biggerIsBetter ? row.baseline - allowed : row.baseline + allowed
  }

  static func format(_ v: Double) -> String {
    v == v.rounded() && abs(v) < 1e9 ? String(Int(v)) : String(format: "%.4f", v)
  }

  /// Counts as integers, everything else with four decimals.
  static func value(_ v: Double) -> String {
    v >= 1e6 && v == v.rounded() ? String(Int(v)) : String(format: "%.4f", v)
  }

  /// The diff table as aligned text, then a verdict line.
  public static func text(_ result: CompareResult, options: CompareOptions) -> String {
    func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
    var lines = [
      pad("metric", 34) + pad("baseline", 12) + pad("current", 12) + pad("change", 12) + "status"
    ]
    for row in result.rows {
      let change =
        row.current.map { cur -> String in
          row.metric.kind == .accuracy
            ? String(format: "%+.4f", cur - row.baseline)
            : String(
              format: row.metric.kind == .instructions ? "%+.3f %%" : "%+.1f %%",
              row.baseline == 0 ? 0 : 100 * (cur - row.baseline) / row.baseline)
        } ?? "—"
      lines.append(
        pad(row.metric.label, 34) + pad(value(row.baseline), 12) + pad(row.current.map(value) ?? "—", 12)
          + pad(change, 12)
          + row.status.rawValue)
    }
    lines += result.mismatches
    lines.append(
      String(
        format: "tolerances: accuracy ±%.4f (absolute), speed %.0f %% (relative, %@)%@",
        options.toleranceAccuracy, 100 * options.toleranceSpeed, options.gateSpeed ? "gating" : "not gating",
        result.rows.contains { $0.metric.kind == .instructions }
          ? String(format: ", instructions +%.1f %% (relative, gating)", 100 * options.toleranceInstructions)
          : ""))
    lines.append(result.hasRegression ? "REGRESSION" : "OK: no regression")
    return lines.joined(separator: "\n")
  }

  /// The `github-action-benchmark` input for `customBiggerIsBetter` (`biggerIsBetter`) or
  /// `customSmallerIsBetter`: an array of `{name, unit, value, range, extra}` with current values.
  /// Accuracy fractions are given in percent.
  public static func githubActionBenchmark(
    current: [String: Double], baseline: [String: Double], biggerIsBetter: Bool, options: CompareOptions
  ) throws -> String {
    var entries: [[String: Any]] = []
    for metric in CompareMetric.present(in: current) where metric.biggerIsBetter == biggerIsBetter {
      guard let value = current[metric.key] else { continue }
      let scale = metric.kind == .accuracy ? 100.0 : 1.0
      var entry: [String: Any] = [
        "name": metric.label, "unit": metric.kind == .accuracy ? "%" : metric.unit, "value": value * scale,
      ]
      switch metric.kind {
      case .accuracy: entry["range"] = String(format: "± %.2f", options.toleranceAccuracy * 100)
      case .speed: entry["range"] = String(format: "± %.0f %%", options.toleranceSpeed * 100)
      case .instructions: entry["range"] = String(format: "+ %.1f %%", options.toleranceInstructions * 100)
      }
      if let base = baseline[metric.key] { entry["extra"] = "baseline " + Self.value(base * scale) }
      entries.append(entry)
    }
    let data = try JSONSerialization.data(
      withJSONObject: entries, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    return String(decoding: data, as: UTF8.self)
  }
}
