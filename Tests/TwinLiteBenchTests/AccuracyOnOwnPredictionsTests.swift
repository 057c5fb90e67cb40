import Foundation
import Testing
import TwinLiteBench
import TwinLiteCatalog
import _TwinLiteTestSupport

/// End to end on the seven upstream frames, with the numpy reference's own predicted masks as labels:
/// the Swift network must score almost perfectly, and the run lands in the catalog.
@Suite(.enabled(if: Fixtures.sharedAvailable)) struct AccuracyOnOwnPredictionsTests {
  static let names = [
    "caeb782d-4a20b7c4", "caec69a1-75429ccd", "cb22c820-f094952f", "cb5903ec-ab4d55f9",
    "cbd64c44-cdb37ccb", "cc73b69d-b31c28dc", "cc97fab0-f9a08d07",
  ]

  /// `OUT/images/val`, `OUT/segments/val`, `OUT/lane/val` as symbolic links to the fixtures.
  func preparedFolder() throws -> URL {
    let out = try Fixtures.temporaryDirectory("bench-accuracy")
    let fm = FileManager.default
    for kind in ["images", "segments", "lane"] {
      try fm.createDirectory(at: out.appendingPathComponent("\(kind)/val"), withIntermediateDirectories: true)
    }
    for name in Self.names {
      try fm.createSymbolicLink(
        atPath: out.appendingPathComponent("images/val/\(name).jpg").path,
        withDestinationPath: Fixtures.path("reference/twinlitenet/images/\(name).jpg"))
      try fm.createSymbolicLink(
        atPath: out.appendingPathComponent("segments/val/\(name).png").path,
        withDestinationPath: Fixtures.path("reference/twinlitenet/numpy_outputs/\(name)_da.png"))
      try fm.createSymbolicLink(
        atPath: out.appendingPathComponent("lane/val/\(name).png").path,
        withDestinationPath: Fixtures.path("reference/twinlitenet/numpy_outputs/\(name)_ll.png"))
    }
    return out
  }

  @Test func ownPredictionsScoreNearOneAndAreRecorded() throws {
    let out = try preparedFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    // A catalog must exist for the run to be recorded (twinlite-prep creates it).
    _ = try Catalog.open(at: out.appendingPathComponent("catalog.sqlite"))
    var options = AccuracyOptions(data: out.path, weights: Fixtures.path("reference/twinlitenet/best.pth"))
    options.backend = "cpu"
    options.batch = 3
    let result = try AccuracyRunner.run(options)
    let s = result.summary
    #expect(s.paper.frames == 7)
    #expect(s.paper.batch == 3)
    for scores in [s.paper.scores, s.dataset.scores] {
      #expect(scores.daMIoU > 0.995)
      #expect(scores.llIoU > 0.98)
      #expect(scores.llAcc > 0.98)
      #expect(scores.llPixelAcc > 0.999)
    }
    // Batches of 3, 3, 1 in sorted order.
    #expect(result.images.map(\.name) == Self.names)
    #expect(result.images.map(\.batchIndex) == [0, 0, 0, 1, 1, 1, 2])
    #expect(s.run.weightsSHA256 == "98ffc6c8abc98fda72052117249ce4e2dbc85e58cfcfc6ee2d42f5398c772463")

    let catalog = try Catalog.openReadOnly(at: out.appendingPathComponent("catalog.sqlite"))
    let runs = try catalog.benchRuns(kind: "accuracy")
    #expect(runs.count == 1)
    #expect(runs.first?.id == s.run.catalogRunID)
    #expect(runs.first?.run.backend == "cpu")
    let stored = try catalog.benchImageScores(runID: try #require(runs.first?.id))
    #expect(stored.map(\.name) == Self.names)
    #expect(stored.allSatisfy { $0.drivableCounts.reduce(0, +) == 640 * 360 })
    #expect(try AccuracySummary.decode(try #require(runs.first?.run.summary)) == s)
  }

  @Test func missingLaneMaskNamesTheFile() throws {
    let out = try preparedFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let missing = out.appendingPathComponent("lane/val/\(Self.names[2]).png").path
    try FileManager.default.removeItem(atPath: missing)
    let options = AccuracyOptions(data: out.path, weights: Fixtures.path("reference/twinlitenet/best.pth"))
    #expect(throws: AccuracyError.missingLabel(frame: Self.names[2], path: missing)) {
      try AccuracyRunner.run(options)
    }
  }
}
