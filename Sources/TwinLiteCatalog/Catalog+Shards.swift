import Foundation
internal import GRDB

extension Catalog {
  /// Records a finished shard, all its frames and outputs, and the label files it was built from
  /// in one transaction (one commit per shard, never per frame). Idempotent: recording the same
  /// shard again replaces its rows.
  public func recordShard(
    _ shard: ShardRow, frames: [FrameRow], labelFiles: [LabelFileInfo], runID: Int64?
  ) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    try write("record shard \(shard.name)") { db in
      try db.execute(
        sql: """
          INSERT INTO shards (idx, name, state, frame_count, converted, failed, started_at, finished_at,
                              seconds, output_hash, run_id)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT(idx) DO UPDATE SET
            name = excluded.name, state = excluded.state, frame_count = excluded.frame_count,
            converted = excluded.converted, failed = excluded.failed, started_at = excluded.started_at,
            finished_at = excluded.finished_at, seconds = excluded.seconds,
            output_hash = excluded.output_hash, run_id = excluded.run_id
          """,
        arguments: [
          shard.index, shard.name, shard.state.rawValue, shard.frameCount, shard.converted,
          shard.failed, CatalogDates.text(shard.startedAt), CatalogDates.text(shard.finishedAt),
          shard.seconds, shard.outputHash, runID,
        ])
      let upsertFrame = try db.cachedStatement(
        sql: """
          INSERT INTO frames (id, name, split, shard, status, error, label_counts, run_id, input_hash)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT(id) DO UPDATE SET
            name = excluded.name, split = excluded.split, shard = excluded.shard, status = excluded.status,
            error = excluded.error, label_counts = excluded.label_counts, run_id = excluded.run_id,
            input_hash = excluded.input_hash
          """)
      let deleteOutputs = try db.cachedStatement(sql: "DELETE FROM outputs WHERE frame_id = ?")
      let insertOutput = try db.cachedStatement(
        sql: """
          INSERT OR REPLACE INTO outputs (frame_id, kind, path, shard_path, size, hash)
          VALUES (?, ?, ?, ?, ?, ?)
          """)
      for frame in frames {
        let counts = String(decoding: try encoder.encode(frame.labelCounts), as: UTF8.self)
        try upsertFrame.execute(arguments: [
          frame.id, frame.name, frame.split, frame.shard,
          frame.status.rawValue, frame.error, counts, runID, frame.inputHash,
        ])
        try deleteOutputs.execute(arguments: [frame.id])
        for output in frame.outputs {
          try insertOutput.execute(arguments: [
            frame.id, output.kind, output.path, output.shardPath,
            output.size, output.hash,
          ])
        }
      }
      try db.execute(sql: "DELETE FROM shard_label_files WHERE shard = ?", arguments: [shard.index])
      let insertLabel = try db.cachedStatement(
        sql: "INSERT OR REPLACE INTO shard_label_files (shard, path, size, hash) VALUES (?, ?, ?, ?)")
      for file in labelFiles {
        try insertLabel.execute(arguments: [shard.index, file.path, file.size, file.hash])
      }
    }
  }

  /// Moves a shard to `state` (e.g. `published` once its final-layout links exist).
  public func setShardState(_ index: Int, _ state: ShardState) throws {
    try write("set shard state") { db in
      try db.execute(sql: "UPDATE shards SET state = ? WHERE idx = ?", arguments: [state.rawValue, index])
    }
  }

  /// All shards by index.
  public func shards() throws -> [ShardRow] {
    try read("list shards") { db in
      try Row.fetchAll(db, sql: "SELECT * FROM shards ORDER BY idx").map { row in
        let stateText: String = row["state"]
        return ShardRow(
          index: row["idx"], name: row["name"], state: ShardState(rawValue: stateText) ?? .pending,
          frameCount: row["frame_count"], converted: row["converted"], failed: row["failed"],
          startedAt: CatalogDates.date(row["started_at"]), finishedAt: CatalogDates.date(row["finished_at"]),
          seconds: row["seconds"], outputHash: row["output_hash"])
      }
    }
  }

  /// Frames with their outputs, optionally only those with `status`, ordered by id.
  public func frames(status: FrameStatus? = nil) throws -> [FrameRow] {
    try read("list frames") { db in
      var outputs: [String: [OutputRow]] = [:]
      let outputRows = try Row.fetchCursor(db, sql: "SELECT * FROM outputs ORDER BY frame_id, kind")
      while let row = try outputRows.next() {
        let output = OutputRow(
          kind: row["kind"], path: row["path"], shardPath: row["shard_path"],
          size: row["size"], hash: row["hash"])
        outputs[row["frame_id"], default: []].append(output)
      }
      let filter = status.map { "WHERE status = '\($0.rawValue)'" } ?? ""
      let rows = try Row.fetchCursor(db, sql: "SELECT * FROM frames \(filter) ORDER BY id")
      var frames: [FrameRow] = []
      let decoder = JSONDecoder()
      while let row = try rows.next() {
        let id: String = row["id"]
        let statusText: String = row["status"]
        let countsText: String = row["label_counts"]
        let counts = (try? decoder.decode([String: Int].self, from: Data(countsText.utf8))) ?? [:]
        frames.append(
          FrameRow(
            name: row["name"], split: row["split"], shard: row["shard"],
            status: FrameStatus(rawValue: statusText) ?? .pending, error: row["error"], labelCounts: counts,
            outputs: outputs[id] ?? [], inputHash: row["input_hash"]))
      }
      return frames
    }
  }

  /// Frame counts by status.
  public func frameCounts() throws -> [FrameStatus: Int] {
    try read("count frames") { db in
      var counts: [FrameStatus: Int] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM frames GROUP BY status") {
        let text: String = row["status"]
        if let status = FrameStatus(rawValue: text) { counts[status] = row["n"] }
      }
      return counts
    }
  }
}
