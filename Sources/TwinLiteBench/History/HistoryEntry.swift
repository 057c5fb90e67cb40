import Foundation

/// One measured value of one commit, a line of a history file (`reports/history/*.jsonl`).
public struct HistoryEntry: Sendable, Equatable, Codable {
  /// The commit measured (`TWINLITE_GIT_COMMIT`, else `git rev-parse HEAD`), "unknown" outside a checkout.
  public var commit: String
  /// ISO 8601, UTC.
  public var date: String
  /// CPU model of the machine that measured it.
  public var machine: String
  /// Instruction set the cpu backend dispatched to, or the ISA pinned for an instruction count.
  public var isa: String?
  /// `accuracy.paper.da_miou`, `speed.cpu.1-thread.median_ms`, `ci-perf.prep-32.instructions`, …
  public var metric: String
  public var value: Double
  /// `%`, `ms` or `instructions`.
  public var unit: String
  /// The gate this value was checked against (a value beyond it fails), when it was gated.
  public var threshold: Double?
  /// What the value was measured on, e.g. "synthetic sample (not BDD100K) · val, 32 frames".
  public var data: String?

  public init(
    commit: String, date: String, machine: String, isa: String?, metric: String, value: Double, unit: String,
    threshold: Double? = nil, data: String? = nil
  ) {
    self.commit = commit
    self.date = date
    self.machine = machine
    self.isa = isa
    self.metric = metric
    self.value = value
    self.unit = unit
    self.threshold = threshold
    self.data = data
  }

  /// One line of JSON (keys sorted), without the newline.
  public func jsonLine() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }
}
