import Foundation

/// Marks on measured figures that a reader must see before trusting them.
extension ReportBuilder {
  /// Each speed's busy note, plus "thread scaling backwards" on a multi-thread timing of a backend
  /// that is slower than the same backend on fewer threads.
  static func speedNotes(_ speeds: [ReportSpeed]) -> [String?] {
    speeds.map { s in
      let slower = speeds.contains { $0.backend == s.backend && $0.threads < s.threads && $0.fps > s.fps }
      // The busy note, when there is one, already says "machine busy: unreliable".
      let backwards =
        slower
        ? "thread scaling backwards: \(s.threads) threads slower than fewer"
          + (s.note == nil ? "; machine busy: unreliable" : "") : nil
      return [backwards, s.note].compactMap { $0 }.joined(separator: "; ").nilIfEmpty
    }
  }

  /// A folded (re-parameterised) network timed more than 5 % slower than its unfolded twin on the
  /// same path (the two are timed in turns): the fold only removes work, so the difference is noise.
  static func reparamSlower(_ row: AblationRow, _ rows: [AblationRow]) -> String? {
    guard row.config.reparameterised, let fps = row.referenceFPS,
      let twin = rows.first(where: {
        !$0.config.reparameterised && $0.config.attention == row.config.attention
          && $0.config.twoHeads == row.config.twoHeads
      }), let twinFPS = twin.referenceFPS, fps < 0.95 * twinFPS
    else { return nil }
    return " (slower than \(twin.name), which does more work: timing noise, unreliable)"
  }

  /// "<what the data is> · <split>, <frames> frames".
  static func dataLabel(_ a: AccuracySummary, description: String?) -> String {
    (description ?? a.run.dataSource
      ?? "data not described (dataset \(a.run.datasetID.map { String($0.prefix(16)) } ?? "—"))")
      + " · \(a.run.split), \(a.paper.frames) frames"
  }

  /// Published TwinLiteNet figures beside the measured paper-exact ones, in percent.
  static func accuracyBars(_ a: AccuracySummary) -> [ReportBar] {
    let m = a.paper.scores
    return [
      ReportBar(metric: "DA mIoU", source: "published (paper)", value: 91.3, measured: false),
      ReportBar(metric: "DA mIoU", source: "measured", value: 100 * m.daMIoU, measured: true),
      ReportBar(metric: "lane IoU", source: "published (paper)", value: 31.08, measured: false),
      ReportBar(metric: "lane IoU", source: "measured", value: 100 * m.llIoU, measured: true),
      ReportBar(
        metric: "lane acc (recall)", source: "published (Plus README, current code)", value: 77.8,
        measured: false),
      ReportBar(metric: "lane acc (recall)", source: "measured", value: 100 * m.llAcc, measured: true),
    ]
  }
}

extension String {
  var nilIfEmpty: String? { isEmpty ? nil : self }
}
