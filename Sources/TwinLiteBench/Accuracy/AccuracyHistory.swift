import Foundation
import TwinLiteCatalog

/// Accuracy runs stored in a prepared folder's catalog.
public enum AccuracyHistory {
  /// The newest recorded accuracy run of `OUT/catalog.sqlite` with its per-image scores, or nil when
  /// there is no catalog or no run.
  public static func newest(data: String) throws -> (
    summary: AccuracySummary, images: [BenchImageScoreRecord]
  )? {
    let url = URL(fileURLWithPath: data).appendingPathComponent("catalog.sqlite")
    guard FileManager.default.fileExists(atPath: url.path) else { return nil }
    let catalog = try Catalog.openReadOnly(at: url)
    // A catalog from before the bench migration has no bench tables yet: treat as no runs.
    guard try catalog.appliedMigrations().contains("bench-v1-runs") else { return nil }
    guard let (id, run) = try catalog.benchRuns(kind: "accuracy").first else { return nil }
    let summary = try AccuracySummary.decode(run.summary)
    return (summary, try catalog.benchImageScores(runID: id))
  }
}
