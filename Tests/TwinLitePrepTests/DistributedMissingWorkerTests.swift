import Foundation
import Testing
import TwinLiteCatalog
import TwinLitePrep

/// `missing` names exactly the incomplete workers; `merge` refuses until they are rerun.
@Suite struct DistributedMissingWorkerTests {
  @Test func missingListsWorkersWithoutFragmentOrWithADeletedShard() throws {
    let fixture = try PipelineFixture(count: 80)
    let distributed = DistributedRun(fixture: fixture, shardSize: 10, workerCount: 4)
    #expect(try WorkerScan.scan(out: fixture.out, workerCount: 4).missing == [0...3])
    for index in [0, 1, 3] { try distributed.runWorker(index) }
    #expect(try WorkerScan.scan(out: fixture.out, workerCount: 4).missing == [2...2])
    try distributed.runWorker(2)
    _ = try distributed.merge()
    let before = try fixture.layoutFiles()

    // Shard 5 belongs to worker 5 % 4 = 1.
    let layout = ShardLayout(out: fixture.out)
    try FileManager.default.removeItem(atPath: layout.shardPath(ShardPlan.shardName(5, of: 8)))
    let scan = try WorkerScan.scan(out: fixture.out, workerCount: 4)
    #expect(scan.missing == [1...1])
    #expect(scan.reasons.contains { $0.contains("shard-00005-of-00008") })
    #expect(throws: DistributedError.self) { try distributed.merge() }

    let rerun = try distributed.runWorker(1)
    #expect(rerun.shardsBuilt == 1 && rerun.shardsSkipped == 1)
    #expect(try WorkerScan.scan(out: fixture.out, workerCount: 4).missing.isEmpty)
    _ = try distributed.merge()
    #expect(try fixture.layoutFiles() == before)
    #expect(try PipelineVerifier.verify(out: fixture.out).ok)
  }

  @Test func fragmentsOfDifferentOptionsAreRefused() throws {
    let fixture = try PipelineFixture(count: 20)
    let distributed = DistributedRun(fixture: fixture, shardSize: 10, workerCount: 2)
    try distributed.runWorker(0)
    // A worker with other options is refused before it writes (DistributedRefusalTests); a
    // fragment of other options that arrives anyway (copied in by hand) is refused by merge.
    let other = try PipelineFixture(count: 20)
    try DistributedRun(fixture: other, shardSize: 10, workerCount: 2).runWorker(1, outputOptions: "test-v2")
    let name = "worker-00001-of-00002.sqlite"
    try FileManager.default.copyItem(
      atPath: "\(FragmentLayout(out: other.out).directory)/\(name)",
      toPath: "\(FragmentLayout(out: fixture.out).directory)/\(name)")
    do {
      _ = try distributed.merge()
      Issue.record("merged fragments of two option sets")
    } catch let error as DistributedError {
      #expect(error.isUsage)
    }
  }
}
