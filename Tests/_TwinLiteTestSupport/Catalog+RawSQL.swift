import GRDB
import TwinLiteCatalog

extension Catalog {
  /// Runs raw SQL on the catalog file through a second connection (tests: simulate another tool's
  /// migrations or damaged rows).
  public func execute(sql: String) throws {
    try DatabaseQueue(path: path).write { try $0.execute(sql: sql) }
  }

  /// The first column of each row of a raw query, as text.
  public func strings(sql: String) throws -> [String] {
    try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: sql) }
  }
}
