import Foundation
import Testing
import TwinLiteBench
import TwinLiteCatalog
import _TwinLiteTestSupport

/// End to end on upstream frames with predicted masks as labels: the numpy reference's masks for the
/// one frame that has them, and the `cpu` backend's masks (written by `infer`) for all seven. The
/// reference network must score almost perfectly against them, and the run lands in the catalog.
@Suite(.enabled(if: Fixtures.sharedAvailable, "needs the reference images and checkpoint in ../shared"))
struct AccuracyOnOwnPredictionsTests {
  static let names = [
    "caeb782d-4a20b7c4", "caec69a1-75429ccd", "cb22c820-f094952f", "cb5903ec-ab4d55f9",
    "cbd64c44-cdb37ccb", "cc73b69d-b31c28dc", "cc97fab0-f9a08d07",
  ]
  static let weights = Fixtures.path("reference/twinlitenet/best.pth")

  /// `OUT/images/val`, `OUT/segments/val`, `OUT/lane/val` as symbolic links; `labels(name)` gives
  /// the drivable and lane mask paths of each frame.
  func preparedFolder(_ names: [String], labels: (String) -> (String, String)) throws -> URL {
    let out = try Fixtures.temporaryDirectory("bench-accuracy")
    let fm = FileManager.default
    for kind in ["images", "segments", "lane"] {
      try fm.createDirectory(at: out.appendingPathComponent("\(kind)/val"), withIntermediateDirectories: true)
    }
    for name in names {
      let (da, ll) = labels(name)
      try fm.createSymbolicLink(
        atPath: out.appendingPathComponent("images/val/\(name).jpg").path,
        withDestinationPath: Fixtures.path("reference/twinlitenet/images/\(name).jpg"))
      try fm.createSymbolicLink(
        atPath: out.appendingPathComponent("segments/val/\(name).png").path, withDestinationPath: da)
      try fm.createSymbolicLink(
        atPath: out.appendingPathComponent("lane/val/\(name).png").path, withDestinationPath: ll)
    }
    return out
  }

  @Test func numpyReferenceMasksScoreNearOne() throws {
    let name = Self.names[0]
    let out = try preparedFolder([name]) { n in
      (
        Fixtures.path("reference/twinlitenet/numpy_outputs/\(n)_da.png"),
        Fixtures.path("reference/twinlitenet/numpy_outputs/\(n)_ll.png")
      )
    }
    defer { try? FileManager.default.removeItem(at: out) }
    var options = AccuracyOptions(data: out.path, weights: Self.weights)
    options.backend = "cpu"
    let s = try AccuracyRunner.run(options).summary
    #expect(s.paper.frames == 1)
    #expect(s.paper.scores == s.dataset.scores)
    #expect(s.paper.scores.daMIoU > 0.995)
    #expect(s.paper.scores.llIoU > 0.98)
    #expect(s.paper.scores.llAcc > 0.98)
    #expect(s.paper.scores.llPixelAcc > 0.999)
  }

  @Test func sevenFramesInBatchesOfThreeAreScoredAndRecorded() throws {
    let masks = try Fixtures.temporaryDirectory("bench-masks")
    defer { try? FileManager.default.removeItem(at: masks) }
    _ = try InferenceRunner.run(
      InferOptions(
        weights: Self.weights, backend: "cpu", outputDirectory: masks.path,
        images: Self.names.map { Fixtures.path("reference/twinlitenet/images/\($0).jpg") }))
    let out = try preparedFolder(Self.names.reversed()) { n in
      (masks.appendingPathComponent("\(n)_da.png").path, masks.appendingPathComponent("\(n)_ll.png").path)
    }
    defer { try? FileManager.default.removeItem(at: out) }
    // A catalog must exist for the run to be recorded (twinlite-prep creates it).
    _ = try Catalog.open(at: out.appendingPathComponent("catalog.sqlite"))
    var options = AccuracyOptions(data: out.path, weights: Self.weights)
    options.backend = "reference"
    options.batch = 3
    let result = try AccuracyRunner.run(options)
    let s = result.summary
    #expect(s.paper.frames == 7)
    #expect(s.paper.batch == 3)
    for scores in [s.paper.scores, s.dataset.scores] {
      #expect(scores.daMIoU > 0.995)
      #expect(scores.llIoU > 0.98)
      #expect(scores.llPixelAcc > 0.999)
    }
    // Batches of 3, 3, 1 in sorted file-name order, whatever order the links were made in.
    #expect(result.images.map(\.name) == Self.names)
    #expect(result.images.map(\.batchIndex) == [0, 0, 0, 1, 1, 1, 2])
    // The paper-exact figure is the size-weighted mean of the three batch matrices' scores.
    var check = MetricsAccumulator()
    for b in 0..<3 { check.addBatch(result.images.filter { $0.batchIndex == b }.map(\.confusion)) }
    #expect(check.paper == s.paper.scores)
    #expect(s.run.weightsSHA256 == "98ffc6c8abc98fda72052117249ce4e2dbc85e58cfcfc6ee2d42f5398c772463")

    let catalog = try Catalog.openReadOnly(at: out.appendingPathComponent("catalog.sqlite"))
    let runs = try catalog.benchRuns(kind: "accuracy")
    #expect(runs.count == 1)
    #expect(runs.first?.id == s.run.catalogRunID)
    #expect(runs.first?.run.backend == "reference")
    let stored = try catalog.benchImageScores(runID: try #require(runs.first?.id))
    #expect(stored.map(\.name) == Self.names)
    #expect(stored.allSatisfy { $0.drivableCounts.reduce(0, +) == 640 * 360 })
    // The stored summary is written before its row id exists.
    var storedSummary = s
    storedSummary.run.catalogRunID = nil
    #expect(try AccuracySummary.decode(try #require(runs.first?.run.summary)) == storedSummary)
    #expect(try AccuracyHistory.newest(data: out.path)?.summary == storedSummary)
  }

  @Test func missingLaneMaskNamesTheFile() throws {
    let out = try preparedFolder(Self.names) { _ in
      (
        Fixtures.path("reference/twinlitenet/numpy_outputs/\(Self.names[0])_da.png"),
        Fixtures.path("reference/twinlitenet/numpy_outputs/\(Self.names[0])_ll.png")
      )
    }
    defer { try? FileManager.default.removeItem(at: out) }
    let missing = out.appendingPathComponent("lane/val/\(Self.names[2]).png").path
    try FileManager.default.removeItem(atPath: missing)
    let options = AccuracyOptions(data: out.path, weights: Self.weights)
    #expect(throws: AccuracyError.missingLabel(frame: Self.names[2], path: missing)) {
      try AccuracyRunner.run(options)
    }
  }
}
