import Testing
import TwinLiteCore
import TwinLitePrep

@Suite struct PipelineShardPlanTests {
  static let frames = (0..<2500).map { PlanFrame(split: $0 % 3 == 0 ? "val" : "train", name: "f\($0)") }

  @Test func shardCountIsFramesOverShardSizeRoundedUp() {
    #expect(ShardPlan(frames: Self.frames, shardSize: 1000).shardCount == 3)
    #expect(ShardPlan(frames: Self.frames, shardSize: 2500).shardCount == 1)
    #expect(ShardPlan(frames: Self.frames, shardSize: 7).shardCount == 358)
    #expect(ShardPlan(frames: [], shardSize: 10).shardCount == 1)
    #expect(ShardPlan(frames: Self.frames, shardCount: 64).shardCount == 64)
  }

  @Test func planDoesNotDependOnInputOrderOrDuplicates() {
    let plan = ShardPlan(frames: Self.frames, shardSize: 100)
    let shuffled = ShardPlan(frames: Self.frames.shuffled() + Self.frames.prefix(10), shardSize: 100)
    #expect(plan.members == shuffled.members)
    #expect(plan.planHash == shuffled.planHash)
    #expect(plan.frames == shuffled.frames)
  }

  @Test func everyFrameIsInExactlyTheShardItsHashNames() {
    let plan = ShardPlan(frames: Self.frames, shardSize: 100)
    #expect(plan.members.map(\.count).reduce(0, +) == Self.frames.count)
    for (shard, members) in plan.members.enumerated() {
      for index in members {
        let id = plan.frames[index].id
        #expect(ShardPlan.shard(of: id, shardCount: plan.shardCount) == shard)
        #expect(Int(StableHash.fnv1a64(id) % UInt64(plan.shardCount)) == shard)
      }
    }
  }

  // Pinned assignments: if these change, every existing output folder would be re-planned.
  // Values computed independently in Python: FNV-1a-64 of the UTF-8 id, mod the count.
  @Test func assignmentIsPinnedAcrossVersionsAndMachines() {
    #expect(ShardPlan.shard(of: "train/0000f77c-6257be58", shardCount: 64) == 22)
    #expect(ShardPlan.shard(of: "val/b1c66a42-6f7d68ca", shardCount: 64) == 40)
    #expect(ShardPlan.shard(of: "train/f0", shardCount: 7) == 3)
  }

  @Test func fixedCountKeepsExistingFramesInPlaceWhenFramesAreAdded() {
    let before = ShardPlan(frames: Array(Self.frames.prefix(2000)), shardCount: 16)
    let after = ShardPlan(frames: Self.frames, shardCount: 16)
    #expect(before.planHash != after.planHash)
    for shard in 0..<16 {
      let old = Set(before.members[shard].map { before.frames[$0].id })
      let new = Set(after.members[shard].map { after.frames[$0].id })
      #expect(old.isSubset(of: new))
    }
  }

  @Test func shardNamesArePadded() {
    #expect(ShardPlan.shardName(7, of: 64) == "shard-00007-of-00064")
    #expect(ShardPlan.shardName(123456, of: 200000) == "shard-123456-of-200000")
  }

  @Test func shardSizesStayNearTheTarget() {
    let plan = ShardPlan(frames: Self.frames, shardSize: 250)
    let sizes = plan.members.map(\.count)
    #expect(sizes.allSatisfy { $0 > 150 && $0 < 350 }, "sizes \(sizes)")
  }
}
