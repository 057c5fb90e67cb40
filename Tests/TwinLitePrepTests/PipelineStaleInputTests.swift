import Foundation
import Testing
import TwinLiteCatalog
import TwinLitePrep

/// Inputs are part of a shard's identity (docs/prep-pipeline.md, "Guarantees" 3 and 4): a rerun
/// rebuilds exactly the shards whose frames' inputs changed, says why, and the catalog's
/// provenance describes the inputs of the outputs that exist.
@Suite struct PipelineStaleInputTests {
  static let v1 = [LabelFileInfo(path: "/l/lane_train.json", size: 10, hash: "aaaa")]
  static let v2 = [LabelFileInfo(path: "/l/lane_train.json", size: 10, hash: "bbbb")]

  @Test func changedFrameInputRebuildsOnlyItsShardAndSaysWhy() throws {
    let fixture = try PipelineFixture(count: 40)
    let (first, _) = try fixture.pipeline(inputs: [:], labelFiles: Self.v1)
    _ = try first.run()
    let changed = "train/frame5"
    let shard = ShardPlan.shard(of: changed, shardCount: first.plan.shardCount)
    let (second, conversion) = try fixture.pipeline(inputs: [changed: "v2"], labelFiles: Self.v2)
    let summary = try second.run()
    #expect(summary.shardsBuilt == 1 && summary.shardsSkipped == first.plan.shardCount - 1)
    #expect(conversion.callCount == first.plan.members[shard].count)
    #expect(summary.rebuilt.map(\.shard) == [first.plan.shardName(shard)])
    #expect(summary.rebuilt.first?.reason == "inputs of 1 frame changed (\(changed))")

    let catalog = try Catalog.openReadOnly(at: ShardLayout(out: fixture.out).catalogURL)
    let row = try #require(try catalog.frames().first { $0.id == changed })
    let recorded = try #require(row.inputHash)
    #expect(recorded == "v2")
    // Kept shards' frames did not change, so the new file is what their outputs come from too.
    #expect(try catalog.labelFiles() == Self.v2)
    #expect(try PipelineVerifier.verify(out: fixture.out).ok)

    // Nothing changed since: nothing is rebuilt.
    let (third, again) = try fixture.pipeline(inputs: [changed: "v2"], labelFiles: Self.v2)
    #expect(try third.run().shardsBuilt == 0 && again.callCount == 0)
  }

  @Test func shardsOfAnOlderToolWithoutInputHashesAreRebuilt() throws {
    let fixture = try PipelineFixture(count: 12)
    _ = try fixture.pipeline().0.run()
    let (tracked, conversion) = try fixture.pipeline(inputs: [:])
    let summary = try tracked.run()
    #expect(conversion.callCount == 12)
    #expect(summary.rebuilt.allSatisfy { $0.reason.contains("did not record its inputs") })
  }

  @Test func aWorkerRefreshesProvenanceOfKeptShardsInTheirMarkers() throws {
    let fixture = try PipelineFixture(count: 20)
    _ = try fixture.pipeline(inputs: [:], labelFiles: Self.v1).0.run()
    let (second, _) = try fixture.pipeline(inputs: [:], labelFiles: Self.v2)
    _ = try second.run()
    let layout = ShardLayout(out: fixture.out)
    for index in 0..<second.plan.shardCount {
      let data = try Data(
        contentsOf: URL(fileURLWithPath: layout.shardSuccessPath(second.plan.shardName(index))))
      let success = try JSONDecoder.iso.decode(ShardSuccess.self, from: data)
      #expect(success.labelFiles == Self.v2)
    }
  }
}

extension JSONDecoder {
  static var iso: JSONDecoder {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return decoder
  }
}
