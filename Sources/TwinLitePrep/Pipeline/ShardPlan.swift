import TwinLiteCore

/// A frame as the pipeline plans it: its split and name (file stem). `split/name` is unique.
public struct PlanFrame: Sendable, Hashable {
  public var split: String
  public var name: String
  public var id: String { "\(split)/\(name)" }

  public init(split: String, name: String) {
    self.split = split
    self.name = name
  }
}

/// Deterministic assignment of frames to shards.
///
/// Shard of a frame = FNV-1a-64(`split/name`) mod shard count. The count is given explicitly
/// (an explicit count) or is ceil(frames / shard size). The plan depends only on
/// the set of frame ids and the count, not on input order, machine or process, so every worker of
/// a distributed run computes the same plan. Sizes vary around the mean (hash, not blocks), which
/// keeps a frame's shard independent of every other frame's name.
public struct ShardPlan: Sendable {
  public static let defaultShardSize = 1000
  /// The most shards (and distributed workers) a plan may have: far above any real run
  /// (BDD100K is 100 shards), low enough that per-shard tables stay small.
  public static let maximumShardCount = 1_000_000

  /// Frames sorted by id (byte order of the UTF-8 id).
  public let frames: [PlanFrame]
  public let shardCount: Int
  public let shardSize: Int
  /// For each shard, indices into `frames`, ascending.
  public let members: [[Int]]
  /// xxh64 over "count\nid\tshard\n…" in frame order: equal plans have equal hashes.
  public let planHash: String

  /// Plans `frames` (duplicates removed) into shards.
  /// - Parameters:
  ///   - shardSize: target frames per shard when `shardCount` is nil; must be ≥ 1.
  ///   - shardCount: an explicit number of shards (≥ 1), as distributed workers pass it.
  public init(frames input: [PlanFrame], shardSize: Int = ShardPlan.defaultShardSize, shardCount: Int? = nil)
  {
    precondition(shardSize >= 1, "ShardPlan: shard size must be at least 1")
    precondition(shardCount.map { $0 >= 1 } ?? true, "ShardPlan: shard count must be at least 1")
    var seen = Set<String>()
    let sorted = input.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
    let unique = sorted.filter { seen.insert($0.id).inserted }
    frames = unique
    self.shardSize = shardSize
    let count = shardCount ?? max(1, (unique.count + shardSize - 1) / shardSize)
    self.shardCount = count
    var members = [[Int]](repeating: [], count: count)
    var text = "\(count)\n"
    for (index, frame) in unique.enumerated() {
      let shard = Int(StableHash.fnv1a64(frame.id) % UInt64(count))
      members[shard].append(index)
      text += "\(frame.id)\t\(shard)\n"
    }
    self.members = members
    planHash = StableHash.hex(XXH64.hash(text))
  }

  /// The shard a frame id belongs to under a plan with `shardCount` shards.
  public static func shard(of id: String, shardCount: Int) -> Int {
    Int(StableHash.fnv1a64(id) % UInt64(shardCount))
  }

  /// `shard-00007-of-00064`.
  public func shardName(_ index: Int) -> String { Self.shardName(index, of: shardCount) }

  public static func shardName(_ index: Int, of count: Int) -> String {
    "shard-\(pad5(index))-of-\(pad5(count))"
  }

  static func pad5(_ value: Int) -> String {
    let digits = String(value)
    return digits.count >= 5 ? digits : String(repeating: "0", count: 5 - digits.count) + digits
  }
}
