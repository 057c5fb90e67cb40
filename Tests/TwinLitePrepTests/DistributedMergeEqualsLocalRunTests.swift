import Foundation
import Testing
import TwinLiteCatalog
import TwinLitePrep

/// Workers + merge give the same files (byte for byte) and catalog rows as one local run.
@Suite struct DistributedMergeEqualsLocalRunTests {
  @Test func threeWorkersAndMergeEqualASingleMachineRun() throws {
    let fixture = try PipelineFixture(count: 70, bad: 2)
    let distributed = DistributedRun(fixture: fixture, shardSize: 10, workerCount: 3)
    var built = 0
    for index in 0..<3 { built += try distributed.runWorker(index).shardsBuilt }
    #expect(built == 8)  // 72 frames / 10 per shard
    #expect(!FileManager.default.fileExists(atPath: ShardLayout(out: fixture.out).catalogURL.path))
    #expect(FragmentLayout(out: fixture.out).fragments().map { $0.index } == [0, 1, 2])
    let merged = try distributed.merge()
    #expect(merged.failed == 2 && merged.exitCode == 3 && merged.converted == 70)

    let single = fixture.out.deletingLastPathComponent().appendingPathComponent("single")
    let local = try fixture.pipeline(shardSize: 10, out: single).0.run()
    #expect(local.shards == 8 && local.failed == 2)
    let files = try fixture.layoutFiles()
    #expect(files.keys.contains { $0.hasPrefix("segments/") })
    #expect(files == (try fixture.layoutFiles(in: single)))
    #expect(try CatalogContent(out: fixture.out) == CatalogContent(out: single))
    #expect(try PipelineVerifier.verify(out: fixture.out).ok)
    // Runs: one per worker, then the merge.
    let runs = try Catalog.openReadOnly(at: ShardLayout(out: fixture.out).catalogURL).runs()
    #expect(runs.map(\.info.host) == ["node0", "node1", "node2", "login"])
  }

  @Test func mergeIsIdempotent() throws {
    let fixture = try PipelineFixture(count: 30)
    let distributed = DistributedRun(fixture: fixture, shardSize: 10, workerCount: 2)
    for index in 0..<2 { try distributed.runWorker(index) }
    _ = try distributed.merge()
    let first = try CatalogContent(out: fixture.out)
    let files = try fixture.layoutFiles()
    let again = try distributed.merge()
    #expect(again.exitCode == 0)
    #expect(try CatalogContent(out: fixture.out) == first)
    #expect(try fixture.layoutFiles() == files)
    #expect(try PipelineVerifier.verify(out: fixture.out).ok)
  }

  @Test func moreWorkersThanShardsLeavesIdleWorkersComplete() throws {
    let fixture = try PipelineFixture(count: 15)
    let distributed = DistributedRun(fixture: fixture, shardSize: 10, workerCount: 4)
    for index in 0..<4 { try distributed.runWorker(index) }
    #expect(try WorkerScan.scan(out: fixture.out, workerCount: 4).missing.isEmpty)
    #expect(try distributed.merge().converted == 15)
  }
}
