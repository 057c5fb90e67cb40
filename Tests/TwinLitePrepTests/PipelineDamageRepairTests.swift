import Foundation
import Testing
import TwinLiteCatalog
import TwinLitePrep

/// A plain rerun repairs instead of republishing damage (docs/prep-pipeline.md, "Guarantees" 5):
/// a bad final-layout file is re-derived from an intact shard copy; a bad shard copy makes the
/// shard rebuild.
@Suite struct PipelineDamageRepairTests {
  @Test func corruptFinalFileIsRelinkedFromTheIntactShardCopy() throws {
    let fixture = try PipelineFixture(count: 20)
    _ = try fixture.pipeline().0.run()
    let files = try fixture.outputFiles()
    let victim = fixture.out.appendingPathComponent("lane/train/frame1.png")
    var bytes = try Data(contentsOf: victim)
    bytes[3] ^= 0xFF
    // A new inode under the final name: the shard copy keeps the good bytes.
    try FileManager.default.removeItem(at: victim)
    try bytes.write(to: victim)
    #expect(try !PipelineVerifier.verify(out: fixture.out).ok)
    let (again, conversion) = try fixture.pipeline()
    let summary = try again.run()
    #expect(conversion.callCount == 0 && summary.rebuilt.isEmpty)
    #expect(try fixture.outputFiles() == files)
    #expect(try PipelineVerifier.verify(out: fixture.out).ok)
  }

  @Test func corruptSharedInodeMakesTheShardRebuild() throws {
    let fixture = try PipelineFixture(count: 20)
    let (first, _) = try fixture.pipeline()
    _ = try first.run()
    let files = try fixture.outputFiles()
    let victim = fixture.out.appendingPathComponent("segments/train/frame2.png").path
    // Writing in place changes the final name and the shard copy (one inode, two names).
    let handle = try #require(FileHandle(forUpdatingAtPath: victim))
    try handle.seek(toOffset: 5)
    handle.write(Data([0x00, 0x01]))
    try handle.close()
    let (again, conversion) = try fixture.pipeline()
    let summary = try again.run()
    let shard = ShardPlan.shard(of: "train/frame2", shardCount: first.plan.shardCount)
    #expect(conversion.callCount == first.plan.members[shard].count)
    #expect(summary.rebuilt.first?.reason.hasPrefix("damaged: ") == true, "\(summary.rebuilt)")
    #expect(try fixture.outputFiles() == files)
    #expect(try PipelineVerifier.verify(out: fixture.out).ok)
  }

  @Test func strayFileInsideAShardFolderIsReported() throws {
    let fixture = try PipelineFixture(count: 10)
    let (first, _) = try fixture.pipeline()
    _ = try first.run()
    let stray = ShardLayout(out: fixture.out).shardPath(first.plan.shardName(0)) + "/segments/train/extra.png"
    try Data([1, 2, 3]).write(to: URL(fileURLWithPath: stray))
    let report = try PipelineVerifier.verify(out: fixture.out)
    #expect(report.issues.contains { $0.path == stray })
  }
}
