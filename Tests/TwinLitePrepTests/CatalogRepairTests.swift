import Foundation
import Testing
import TwinLiteCatalog
import TwinLitePrep

/// A damaged catalog says how to recover, and `repair` rebuilds it from the shard folders
/// (docs/prep-pipeline.md, "Guarantees" 5).
@Suite struct CatalogRepairTests {
  static let run = RunInfo(argv: ["repair"], toolVersion: "t", gitCommit: nil, host: "h", startedAt: Date())

  @Test func garbageCatalogNamesTheRepairCommandAndRepairRestoresIt() throws {
    let fixture = try PipelineFixture(count: 30)
    _ = try fixture.pipeline(inputs: [:]).0.run()
    let expected = try CatalogContent(out: fixture.out)
    let layout = ShardLayout(out: fixture.out)
    for suffix in ["-wal", "-shm"] {
      try? FileManager.default.removeItem(atPath: layout.catalogURL.path + suffix)
    }
    try Data(repeating: 0x5A, count: 8192).write(to: layout.catalogURL)

    do {
      _ = try fixture.pipeline(inputs: [:]).0.run()
      Issue.record("a run on a garbage catalog succeeded")
    } catch let error as PipelineError {
      guard case .damagedCatalog = error else { throw error }
      #expect(error.description.contains("twinlite-prep repair \(fixture.out.path)"))
    }
    #expect(throws: PipelineError.self) { try PipelineVerifier.verify(out: fixture.out) }

    let summary = try CatalogRepair.repair(out: fixture.out, run: Self.run)
    #expect(summary.shardsRecovered == 3 && summary.shardsPending == 0 && summary.frames == 30)
    let aside = try #require(summary.previousCatalog)
    #expect(try Data(contentsOf: URL(fileURLWithPath: aside)) == Data(repeating: 0x5A, count: 8192))
    #expect(try CatalogContent(out: fixture.out) == expected)
    #expect(try PipelineVerifier.verify(out: fixture.out).ok)
    let (again, conversion) = try fixture.pipeline(inputs: [:])
    #expect(try again.run().shardsSkipped == 3 && conversion.callCount == 0)
  }

  @Test func repairLeavesMissingShardsPendingForTheNextRun() throws {
    let fixture = try PipelineFixture(count: 30)
    let (first, _) = try fixture.pipeline()
    _ = try first.run()
    let layout = ShardLayout(out: fixture.out)
    try FileManager.default.removeItem(atPath: layout.shardPath(first.plan.shardName(1)))
    try FileManager.default.removeItem(at: layout.catalogURL)
    let summary = try CatalogRepair.repair(out: fixture.out, run: Self.run)
    #expect(summary.shardsRecovered == 2 && summary.shardsPending == 1 && summary.previousCatalog == nil)
    let status = try PipelineStatus.render(out: fixture.out)
    #expect(status.contains("shards   2/3 published"))
    let (again, conversion) = try fixture.pipeline()
    _ = try again.run()
    #expect(conversion.callCount == first.plan.members[1].count)
    #expect(try PipelineVerifier.verify(out: fixture.out).ok)
  }
}
