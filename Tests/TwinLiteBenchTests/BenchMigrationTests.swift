import Foundation
import Testing
import TwinLiteBench
import TwinLiteCatalog
import _TwinLiteTestSupport

/// The bench tables arrive as one appended migration on catalogs written before it existed.
@Suite struct BenchMigrationTests {
  @Test func olderCatalogGainsBenchTablesOnOpen() throws {
    let dir = try Fixtures.temporaryDirectory("bench-migration")
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("catalog.sqlite")
    _ = try Catalog.open(at: url, upTo: "v2-frame-masks-view")
    // Read-only, before the bench migration: no runs, no error.
    #expect(try AccuracyHistory.newest(data: dir.path) == nil)
    #expect(try Catalog.openReadOnly(at: url).appliedMigrations().last == "v2-frame-masks-view")

    let catalog = try Catalog.open(at: url)
    #expect(try catalog.appliedMigrations() == Catalog.knownMigrations)
    #expect(Catalog.knownMigrations.prefix(3) == ["v1-tables", "v2-frame-masks-view", "bench-v1-runs"])
    let run = BenchRunRecord(
      kind: "accuracy", startedAt: Date(timeIntervalSince1970: 1_000),
      endedAt: Date(timeIntervalSince1970: 1_010),
      gitCommit: nil, host: "h", cpu: "c", threads: 2, backend: "cpu", weightsPath: "w",
      weightsSHA256: "00", datasetID: nil, catalogPath: url.path, split: "val", batch: 16, frames: 1,
      summary: "{}", inferenceSeconds: 1, wallSeconds: 2)
    let image = BenchImageScoreRecord(
      name: "a", batchIndex: 0, drivableCounts: [1, 2, 3, 4], laneCounts: [5, 6, 7, 8], daMIoU: 0.5,
      llIoU: 0.25, llRecall: 0.125, llPixelAcc: 0.75)
    let first = try catalog.recordBenchRun(run, images: [image])
    var second = run
    second.backend = "reference"
    let newer = try catalog.recordBenchRun(second, images: [])
    let runs = try catalog.benchRuns(kind: "accuracy")
    #expect(runs.map(\.id) == [newer, first])
    #expect(runs.last?.run == run)
    #expect(try catalog.benchImageScores(runID: first) == [image])
    #expect(try catalog.benchRuns(kind: "speed").isEmpty)
  }
}
