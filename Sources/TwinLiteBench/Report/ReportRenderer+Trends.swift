import Foundation

extension ReportRenderer {
  /// Metrics of `history` in chart order: accuracy, then speed, then instruction counts, each by name.
  static func trendMetrics(_ history: [HistoryEntry]) -> [String] {
    func rank(_ m: String) -> Int { m.hasPrefix("accuracy.") ? 0 : m.hasPrefix("speed.") ? 1 : 2 }
    return Set(history.map(\.metric)).sorted { (rank($0), $0) < (rank($1), $1) }
  }

  /// "Trends per commit": one chart per metric, or nothing without history.
  static func trendSection(_ history: [HistoryEntry]) -> [String] {
    guard !history.isEmpty else { return [] }
    let commits = Set(history.map(\.commit)).count
    var out = [
      "<h2>Trends per commit</h2>",
      "<p>\(history.count) history entries over \(commits) commit\(commits == 1 ? "" : "s"); each point is "
        + "a commit's newest value. Instruction counts come from valgrind and do not move with machine "
        + "load; milliseconds do.</p>",
    ]
    for metric in trendMetrics(history) {
      out += ["<h3>\(escape(metric))</h3>", ReportCharts.trend(metric, entries: history)]
    }
    return out
  }
}
