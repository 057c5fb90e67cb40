import Foundation
import Testing
import TwinLiteCatalog
import _TwinLiteTestSupport

@Suite struct CatalogRecordingTests {
  static let dataset = DatasetInfo(
    root: "/data", format: "bdd100k-2020", frameCount: 3, planHash: "p1",
    shardCount: 2, shardSize: 2, optionsHash: "o1")

  static func planRows() -> ([ShardRow], [FrameRow]) {
    let shards = [
      ShardRow(index: 0, name: "shard-00000-of-00002", state: .pending, frameCount: 2),
      ShardRow(index: 1, name: "shard-00001-of-00002", state: .pending, frameCount: 1),
    ]
    let frames = [
      FrameRow(name: "a", split: "train", shard: 0, status: .pending),
      FrameRow(name: "b", split: "train", shard: 0, status: .pending),
      FrameRow(name: "c", split: "val", shard: 1, status: .pending),
    ]
    return (shards, frames)
  }

  static func openCatalog() throws -> Catalog {
    try Catalog.open(at: try Fixtures.temporaryDirectory("catalog").appendingPathComponent("catalog.sqlite"))
  }

  @Test func catalogUsesWriteAheadLog() throws {
    #expect(try Self.openCatalog().strings(sql: "PRAGMA journal_mode") == ["wal"])
  }

  @Test func recordedShardRoundTrips() throws {
    let catalog = try Self.openCatalog()
    let (shards, frames) = Self.planRows()
    try catalog.storePlan(Self.dataset, shards: shards, frames: frames)
    let output = OutputRow(
      kind: "drivable", path: "segments/train/a.png",
      shardPath: "shards/shard-00000-of-00002/segments/train/a.png", size: 10, hash: "h1")
    let done = [
      FrameRow(
        name: "a", split: "train", shard: 0, status: .converted,
        labelCounts: ["drivable": 2], outputs: [output], inputHash: "in1"),
      FrameRow(name: "b", split: "train", shard: 0, status: .failed, error: "bad label 3"),
    ]
    var shard = shards[0]
    shard.state = .built
    shard.converted = 1
    shard.failed = 1
    shard.outputHash = "x"
    let labels = [LabelFileInfo(path: "l.json", size: 9, hash: "abc")]
    try catalog.recordShard(shard, frames: done, labelFiles: labels, runID: nil)
    #expect(try catalog.dataset() == Self.dataset)
    #expect(try catalog.labelFiles() == [LabelFileInfo(path: "l.json", size: 9, hash: "abc")])
    #expect(try catalog.shards().first == shard)
    #expect(try catalog.frames(status: .converted) == [done[0]])
    #expect(try catalog.frames(status: .failed).first?.error == "bad label 3")
    #expect(try catalog.frameCounts() == [.converted: 1, .failed: 1, .pending: 1])
    #expect(try catalog.strings(sql: "SELECT drivable_hash FROM frame_masks WHERE id = 'train/a'") == ["h1"])
    // Recording the same shard again replaces its rows instead of duplicating them.
    try catalog.recordShard(shard, frames: done, labelFiles: labels, runID: nil)
    #expect(try catalog.strings(sql: "SELECT COUNT(*) FROM outputs") == ["1"])
    #expect(try catalog.shardLabelFiles() == [0: labels])
  }

  @Test func samePlanKeepsStatesAndOtherPlanReplacesRows() throws {
    let catalog = try Self.openCatalog()
    let (shards, frames) = Self.planRows()
    #expect(try catalog.storePlan(Self.dataset, shards: shards, frames: frames) == false)
    try catalog.setShardState(1, .published)
    #expect(try catalog.storePlan(Self.dataset, shards: shards, frames: frames) == true)
    #expect(try catalog.shards().map(\.state) == [.pending, .published])
    var other = Self.dataset
    other.planHash = "p2"
    #expect(try catalog.storePlan(other, shards: [shards[0]], frames: [frames[0]]) == false)
    #expect(try catalog.shards().map(\.index) == [0])
    #expect(try catalog.frames().map(\.id) == ["train/a"])
    #expect(try catalog.integrityCheck() == ["ok"])
  }

  @Test func runEndIsRecorded() throws {
    let catalog = try Self.openCatalog()
    let id = try catalog.beginRun(
      RunInfo(
        argv: ["a"], toolVersion: "1", gitCommit: "abc", host: "h",
        startedAt: Date()))
    try catalog.finishRun(id: id, endedAt: Date(), exitCode: 3, converted: 5, failed: 1, skipped: 2)
    let run = try #require(try catalog.runs().first)
    #expect(run.exitCode == 3 && run.converted == 5 && run.failed == 1 && run.skipped == 2)
    #expect(run.endedAt != nil && run.info.gitCommit == "abc")
  }
}
