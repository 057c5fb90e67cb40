import Foundation
import Testing
import TwinLiteCatalog
import TwinLitePrep

@Suite struct PipelineResumeTests {
  @Test func rerunSkipsCompleteShardsAndChangesNothing() throws {
    let fixture = try PipelineFixture(count: 45)
    let (first, firstConversion) = try fixture.pipeline()
    let summary = try first.run()
    #expect(summary.shards == 5 && summary.shardsBuilt == 5 && summary.converted == 45)
    #expect(firstConversion.callCount == 45)
    let files = try fixture.outputFiles()
    let (second, secondConversion) = try fixture.pipeline()
    let again = try second.run()
    #expect(secondConversion.callCount == 0)
    #expect(again.shardsSkipped == 5 && again.skipped == 45 && again.converted == 0)
    #expect(try fixture.outputFiles() == files)
  }

  @Test func rerunRebuildsOnlyIncompleteShardsAndCleansTemporaryFolders() throws {
    let fixture = try PipelineFixture(count: 45)
    let (first, _) = try fixture.pipeline()
    _ = try first.run()
    let files = try fixture.outputFiles()
    let layout = ShardLayout(out: fixture.out)
    let victim = first.plan.shardName(2)
    // A crash before the rename leaves the shard only as a temp folder; simulate it.
    let temporary = "\(layout.shardsPath)/.tmp-\(victim)-crashed"
    try FileManager.default.moveItem(atPath: layout.shardPath(victim), toPath: temporary)
    let unrelatedStale = "\(layout.shardsPath)/.tmp-\(first.plan.shardName(4))-old"
    try FileManager.default.createDirectory(atPath: unrelatedStale, withIntermediateDirectories: true)
    let (second, conversion) = try fixture.pipeline()
    let summary = try second.run()
    #expect(summary.shardsBuilt == 1 && summary.shardsSkipped == 4)
    #expect(conversion.callCount == first.plan.members[2].count)
    #expect(!FileManager.default.fileExists(atPath: temporary))
    #expect(!FileManager.default.fileExists(atPath: unrelatedStale))
    #expect(try fixture.outputFiles() == files)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: layout.shardsPath).filter { $0.hasPrefix(".") }
    #expect(leftovers.isEmpty)
  }

  @Test func catalogIsRebuiltFromShardMarkersAfterLosingIt() throws {
    let fixture = try PipelineFixture(count: 30)
    let (first, _) = try fixture.pipeline()
    _ = try first.run()
    let layout = ShardLayout(out: fixture.out)
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: layout.catalogURL.path + suffix) }
    let (second, conversion) = try fixture.pipeline()
    _ = try second.run()
    #expect(conversion.callCount == 0)
    let report = try PipelineVerifier.verify(out: fixture.out)
    #expect(report.ok, "\(report.issues)")
    #expect(report.filesChecked == 90)
  }

  @Test func forceRebuildsEveryShardWithIdenticalBytes() throws {
    let fixture = try PipelineFixture(count: 25)
    let (first, _) = try fixture.pipeline()
    _ = try first.run()
    let files = try fixture.outputFiles()
    let (forced, conversion) = try fixture.pipeline(force: true)
    let summary = try forced.run()
    #expect(conversion.callCount == 25 && summary.shardsBuilt == 3)
    #expect(try fixture.outputFiles() == files)
    #expect(try PipelineVerifier.verify(out: fixture.out).ok)
  }

  @Test func otherOptionsNeedForce() throws {
    let fixture = try PipelineFixture(count: 12)
    _ = try fixture.pipeline().0.run()
    #expect(throws: PipelineError.self) { try fixture.pipeline(outputOptions: "test-v2").0.run() }
    let summary = try fixture.pipeline(force: true, outputOptions: "test-v2").0.run()
    #expect(summary.converted == 12)
  }
}
