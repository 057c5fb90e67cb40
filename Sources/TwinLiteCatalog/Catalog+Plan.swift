import Foundation
internal import GRDB

extension Catalog {
  /// The dataset row, or nil for a new catalog.
  public func dataset() throws -> DatasetInfo? {
    try read("read dataset") { db in
      guard let row = try Row.fetchOne(db, sql: "SELECT * FROM dataset WHERE id = 1") else { return nil }
      return DatasetInfo(
        root: row["root"], format: row["format"], frameCount: row["frame_count"], planHash: row["plan_hash"],
        shardCount: row["shard_count"], shardSize: row["shard_size"], optionsHash: row["options_hash"])
    }
  }

  /// The label files the recorded shards were built from, by path (a file appears once per
  /// version that some shard was built from).
  public func labelFiles() throws -> [LabelFileInfo] {
    try read("list label files") { db in
      try Row.fetchAll(db, sql: "SELECT * FROM label_files ORDER BY path, hash").map {
        LabelFileInfo(path: $0["path"], size: $0["size"], hash: $0["hash"])
      }
    }
  }

  /// The label files each recorded shard was built from, by shard index.
  public func shardLabelFiles() throws -> [Int: [LabelFileInfo]] {
    try read("list shard label files") { db in
      var result: [Int: [LabelFileInfo]] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT * FROM shard_label_files ORDER BY shard, path") {
        result[row["shard"], default: []].append(
          LabelFileInfo(path: row["path"], size: row["size"], hash: row["hash"]))
      }
      return result
    }
  }

  /// Stores the plan in one transaction. When the stored plan has the same hash, existing shard
  /// and frame rows (and their states) are kept and only missing rows are added; otherwise all
  /// shard, frame and output rows are replaced. Returns true when the stored plan was kept.
  @discardableResult
  public func storePlan(_ dataset: DatasetInfo, shards: [ShardRow], frames: [FrameRow]) throws -> Bool {
    try write("store plan") { db in
      let stored = try String.fetchOne(db, sql: "SELECT plan_hash FROM dataset WHERE id = 1")
      let kept = stored == dataset.planHash
      if !kept {
        try db.execute(
          sql: "DELETE FROM outputs; DELETE FROM frames; DELETE FROM shard_label_files; DELETE FROM shards;")
      }
      try db.execute(
        sql: """
          INSERT OR REPLACE INTO dataset
            (id, root, format, frame_count, plan_hash, shard_count, shard_size, options_hash)
          VALUES (1, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          dataset.root, dataset.format, dataset.frameCount, dataset.planHash, dataset.shardCount,
          dataset.shardSize, dataset.optionsHash,
        ])
      let shardInsert = try db.cachedStatement(
        sql: """
          INSERT OR IGNORE INTO shards (idx, name, state, frame_count) VALUES (?, ?, ?, ?)
          """)
      for shard in shards {
        try shardInsert.execute(arguments: [shard.index, shard.name, shard.state.rawValue, shard.frameCount])
      }
      let frameInsert = try db.cachedStatement(
        sql: """
          INSERT OR IGNORE INTO frames (id, name, split, shard, status) VALUES (?, ?, ?, ?, ?)
          """)
      for frame in frames {
        try frameInsert.execute(arguments: [
          frame.id, frame.name, frame.split, frame.shard, frame.status.rawValue,
        ])
      }
      return kept
    }
  }
}
