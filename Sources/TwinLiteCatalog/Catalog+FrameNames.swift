internal import GRDB

extension Catalog {
  /// Every frame's split and name, without outputs (cheap enough for `status` on 100k frames).
  public func frameNames() throws -> [(split: String, name: String)] {
    try read("list frame names") { db in
      try Row.fetchAll(db, sql: "SELECT split, name FROM frames ORDER BY id").map {
        ($0["split"], $0["name"])
      }
    }
  }
}
