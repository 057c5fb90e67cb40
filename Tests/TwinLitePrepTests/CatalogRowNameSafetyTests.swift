import Foundation
import Testing
import TwinLiteCatalog
import TwinLitePrep
import _TwinLiteTestSupport

/// Rows read back from disk (a worker's `_SUCCESS`, `catalog.sqlite`) are input too: `merge`,
/// `verify`, `status` and `--force` apply the frame-name rule to them and never touch a path
/// outside OUT because a row says so.
@Suite struct CatalogRowNameSafetyTests {
  /// Rewrites the JSON file at `path` with `edit`.
  func edit(_ path: String, _ edit: (inout [String: Any]) -> Void) throws {
    var object = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    edit(&object)
    try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
  }

  @Test func mergeDropsMarkerRowsThatBreakTheRule() throws {
    let fixture = try PipelineFixture(count: 8)
    let run = DistributedRun(fixture: fixture, shardSize: 4, workerCount: 2)
    try run.runWorker(0)
    try run.runWorker(1)
    let layout = ShardLayout(out: fixture.out)
    let marker = layout.shardSuccessPath("shard-00000-of-00002")
    try edit(marker) { success in
      var frames = success["frames"] as! [[String: Any]]
      var outputs = frames[0]["outputs"] as! [[String: Any]]
      outputs[0]["path"] = "../../escaped-by-merge.png"
      outputs[0]["shardPath"] = "shards/shard-00000-of-00002/../../escaped-by-merge.png"
      frames[0]["outputs"] = outputs
      frames[1]["name"] = "../traversal"
      outputs = frames[2]["outputs"] as! [[String: Any]]
      outputs[0]["shardPath"] = "shards/shard-00001-of-00002/segments/train/other.png"
      frames[2]["outputs"] = outputs
      success["frames"] = frames
    }
    let summary = try run.merge()
    #expect(summary.exitCode == 3)
    let rejected = summary.failures.filter { $0.error.contains("\(marker): frame row ") }
    #expect(rejected.count == 3, "\(summary.failures)")
    #expect(rejected.allSatisfy { $0.error.hasSuffix("not recorded or published") })
    #expect(rejected.contains { $0.error.contains("frame name '../traversal' rejected") })
    #expect(rejected.contains { $0.error.contains("is not shards/shard-00000-of-00002/") })
    let outside = fixture.out.deletingLastPathComponent().deletingLastPathComponent()
    let escaped = outside.appendingPathComponent("escaped-by-merge.png")
    #expect(!FileManager.default.fileExists(atPath: escaped.path))
    let names = try Catalog.openReadOnly(at: layout.catalogURL).frames().map(\.name)
    #expect(names.count == 5 && !names.contains("../traversal"))
  }

  @Test func verifyReportsRowsThatBreakTheRuleAndLooksNowhereElse() throws {
    let fixture = try PipelineFixture(count: 8)
    _ = try fixture.pipeline().0.run()
    let decoy = fixture.out.deletingLastPathComponent().appendingPathComponent("decoy")
    try FileManager.default.createDirectory(at: decoy, withIntermediateDirectories: true)
    try Data("not ours".utf8).write(to: decoy.appendingPathComponent("x.png"))
    let catalog = try Catalog.open(at: ShardLayout(out: fixture.out).catalogURL)
    try catalog.execute(
      sql: "UPDATE outputs SET path = '../decoy/x.png' WHERE frame_id = 'train/frame1' AND kind = 'drivable'")
    try catalog.execute(sql: "UPDATE frames SET name = 'a\\b' WHERE id = 'train/frame2'")
    let report = try PipelineVerifier.verify(out: fixture.out)
    #expect(!report.ok)
    let problems = report.issues.map(\.description)
    #expect(problems.contains { $0.contains("frame train/frame1: '../decoy/x.png': output path rejected") })
    #expect(problems.contains { $0.contains("frame name 'a\\\\b' rejected") })
    // Before the rule, a '..' row made verify walk the folder above OUT.
    #expect(report.issues.allSatisfy { !$0.path.contains("decoy") }, "\(problems)")
    let status = try PipelineStatus.render(out: fixture.out)
    #expect(status.contains("warning  1 frame rows have names that break the frame-name rule"), "\(status)")
  }

  @Test func forceRebuildNeverUnlinksOutsideOut() throws {
    let fixture = try PipelineFixture(count: 4)
    _ = try fixture.pipeline().0.run()
    let victim = fixture.out.deletingLastPathComponent().appendingPathComponent("victim.png")
    try Data("keep me".utf8).write(to: victim)
    let catalog = try Catalog.open(at: ShardLayout(out: fixture.out).catalogURL)
    try catalog.execute(
      sql: "UPDATE outputs SET path = '../victim.png' WHERE frame_id = 'train/frame1' AND kind = 'drivable'")
    let summary = try fixture.pipeline(force: true, outputOptions: "test-v2").0.run()
    #expect(summary.exitCode == 0)
    #expect(try Data(contentsOf: victim) == Data("keep me".utf8))
  }
}
