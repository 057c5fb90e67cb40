import Foundation
import Testing
import TwinLiteCatalog
import TwinLitePrep

/// The hook distributed runs build on: a worker that builds only some shards, without the
/// shared catalog, and a later run that adopts its shard folders.
@Suite struct PipelineShardWorkerTests {
  @Test func shardWorkerWritesOnlyItsShardAndNoSharedCatalog() throws {
    let fixture = try PipelineFixture(count: 60)
    let (worker, conversion) = try fixture.pipeline(shardCount: 4, onlyShards: [1], sharedCatalog: false)
    let summary = try worker.run()
    #expect(summary.shards == 1 && summary.converted == worker.plan.members[1].count)
    #expect(conversion.callCount == worker.plan.members[1].count)
    let layout = ShardLayout(out: fixture.out)
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: layout.shardsPath) == [worker.plan.shardName(1)])
    #expect(FileManager.default.fileExists(atPath: layout.shardSuccessPath(worker.plan.shardName(1))))
    #expect(!FileManager.default.fileExists(atPath: layout.catalogURL.path))
    #expect(!FileManager.default.fileExists(atPath: fixture.out.appendingPathComponent("segments").path))
  }

  @Test func workerShardsAreAdoptedAndGiveTheSameOutputsAsOneRun() throws {
    let fixture = try PipelineFixture(count: 60)
    for index in [0, 2] {
      _ = try fixture.pipeline(shardCount: 4, onlyShards: [index], sharedCatalog: false).0.run()
    }
    let (local, conversion) = try fixture.pipeline(shardCount: 4)
    let summary = try local.run()
    #expect(summary.shardsSkipped == 2 && summary.shardsBuilt == 2)
    #expect(conversion.callCount == local.plan.members[1].count + local.plan.members[3].count)
    #expect(try PipelineVerifier.verify(out: fixture.out).ok)
    let single = fixture.out.deletingLastPathComponent().appendingPathComponent("single")
    _ = try fixture.pipeline(shardCount: 4, out: single).0.run()
    #expect(try fixture.outputFiles() == fixture.outputFiles(in: single))
  }

  @Test func shardIndexOutsideThePlanIsAUsageError() throws {
    let fixture = try PipelineFixture(count: 10)
    do {
      _ = try fixture.pipeline(shardCount: 4, onlyShards: [4])
      Issue.record("accepted shard index 4 of 4")
    } catch let error as PipelineError {
      #expect(error.isUsage)
    }
  }
}
