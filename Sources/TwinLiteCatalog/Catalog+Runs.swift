import Foundation
internal import GRDB

extension Catalog {
  /// Records the start of a run; returns its id for `finishRun` and shard rows.
  public func beginRun(_ info: RunInfo) throws -> Int64 {
    let argv = String(decoding: try JSONEncoder().encode(info.argv), as: UTF8.self)
    return try write("begin run") { db in
      try db.execute(
        sql: """
          INSERT INTO runs (argv, tool_version, git_commit, host, started_at)
          VALUES (?, ?, ?, ?, ?)
          """,
        arguments: [argv, info.toolVersion, info.gitCommit, info.host, CatalogDates.text(info.startedAt)])
      return db.lastInsertedRowID
    }
  }

  /// Records how a run ended. A run killed before this call keeps `ended_at` NULL.
  public func finishRun(id: Int64, endedAt: Date, exitCode: Int, converted: Int, failed: Int,
                        skipped: Int) throws {
    try write("finish run") { db in
      try db.execute(
        sql: """
          UPDATE runs SET ended_at = ?, exit_code = ?, converted = ?, failed = ?, skipped = ?
          WHERE id = ?
          """,
        arguments: [CatalogDates.text(endedAt), exitCode, converted, failed, skipped, id])
    }
  }

  /// All runs, oldest first.
  public func runs() throws -> [RunRow] {
    try read("list runs") { db in
      try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY id").map { row in
        let argvText: String = row["argv"]
        let argv = (try? JSONDecoder().decode([String].self, from: Data(argvText.utf8))) ?? []
        let info = RunInfo(
          argv: argv, toolVersion: row["tool_version"], gitCommit: row["git_commit"], host: row["host"],
          startedAt: CatalogDates.date(row["started_at"]) ?? Date(timeIntervalSince1970: 0))
        return RunRow(
          id: row["id"], info: info, endedAt: CatalogDates.date(row["ended_at"]), exitCode: row["exit_code"],
          converted: row["converted"], failed: row["failed"], skipped: row["skipped"])
      }
    }
  }
}
