internal import GRDB

extension Catalog {
  /// Runs raw SQL (tests: simulate other tools' migrations or damage rows). Package access only.
  package func execute(sql: String) throws {
    try write("raw SQL") { try $0.execute(sql: sql) }
  }

  /// The first column of each row of a raw query, as text (tests and diagnostics).
  package func strings(sql: String) throws -> [String] {
    try read("raw query") { try String.fetchAll($0, sql: sql) }
  }
}
