import Foundation
internal import GRDB

/// The SQLite catalog of one output folder (`OUT/catalog.sqlite`).
///
/// One connection writes (GRDB's `DatabasePool` serialises writes on one queue), in WAL mode with
/// `synchronous=NORMAL`: a commit costs no fsync, and a killed process loses at most the open
/// transaction. The catalog lives on local disk beside the outputs; see docs on why several
/// machines must never write one SQLite file over a network filesystem.
public final class Catalog: Sendable {
  /// The database file.
  public let path: String
  let reader: any DatabaseReader
  let writer: (any DatabaseWriter)?

  private init(path: String, reader: any DatabaseReader, writer: (any DatabaseWriter)?) {
    self.path = path
    self.reader = reader
    self.writer = writer
  }

  /// Opens (creating if needed) the catalog for writing and applies pending migrations.
  public static func open(at url: URL) throws -> Catalog {
    try open(at: url, upTo: nil)
  }

  /// Opens for writing, migrating only up to `migration` (tests of the migration path).
  package static func open(at url: URL, upTo migration: String?) throws -> Catalog {
    let path = url.path
    var config = Configuration()
    config.prepareDatabase { db in
      try db.execute(sql: "PRAGMA synchronous = NORMAL")
    }
    config.busyMode = .timeout(10)
    let pool: DatabasePool
    do {
      pool = try DatabasePool(path: path, configuration: config)
    } catch {
      throw CatalogError.open(path: path, reason: "\(error)")
    }
    let migrator = CatalogSchema.migrator
    do {
      if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
        let applied = try pool.read { try migrator.appliedIdentifiers($0) }
        throw CatalogError.unknownMigrations(
          path: path, names: applied.subtracting(CatalogSchema.migrationNames).sorted())
      }
      if let migration {
        try migrator.migrate(pool, upTo: migration)
      } else {
        try migrator.migrate(pool)
      }
    } catch let error as CatalogError {
      throw error
    } catch {
      throw CatalogError.open(path: path, reason: "migration failed: \(error)")
    }
    return Catalog(path: path, reader: pool, writer: pool)
  }

  /// Opens an existing catalog read-only (status, verify). Throws `.missing` if there is none.
  public static func openReadOnly(at url: URL) throws -> Catalog {
    let path = url.path
    guard FileManager.default.fileExists(atPath: path) else { throw CatalogError.missing(path: path) }
    var config = Configuration()
    config.readonly = true
    config.busyMode = .timeout(10)
    do {
      let queue = try DatabaseQueue(path: path, configuration: config)
      return Catalog(path: path, reader: queue, writer: nil)
    } catch {
      throw CatalogError.open(path: path, reason: "\(error)")
    }
  }

  /// Runs a write transaction, mapping errors to `CatalogError.query`.
  func write<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
    guard let writer else {
      throw CatalogError.query(path: path, operation: operation, reason: "catalog opened read-only")
    }
    do {
      return try writer.write(body)
    } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
      // SQLite's own words hide the cause that a user can act on.
      throw CatalogError.query(
        path: path, operation: operation, reason: "\(error) (No space left on device)")
    } catch {
      throw CatalogError.query(path: path, operation: operation, reason: "\(error)")
    }
  }

  func read<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
    do {
      return try reader.read(body)
    } catch {
      throw CatalogError.query(path: path, operation: operation, reason: "\(error)")
    }
  }

  /// Names of the migrations applied to this file, in order.
  public func appliedMigrations() throws -> [String] {
    let applied = try read("migration list") { try CatalogSchema.migrator.appliedIdentifiers($0) }
    return CatalogSchema.migrationNames.filter(applied.contains)
  }

  /// All migrations this build knows.
  public static var knownMigrations: [String] { CatalogSchema.migrationNames }

  /// `PRAGMA integrity_check`: `["ok"]` for a sound file, otherwise SQLite's list of problems.
  public func integrityCheck() throws -> [String] {
    try read("integrity check") { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
  }

  /// Writes the WAL back into the main file (end of a run), so the file alone is complete.
  public func checkpoint() throws {
    guard let writer else { return }
    do {
      _ = try writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
    } catch {
      throw CatalogError.query(path: path, operation: "checkpoint", reason: "\(error)")
    }
  }

  /// Takes a closed catalog file out of WAL mode (`journal_mode=DELETE`) before it is copied to
  /// shared storage: readers there then open it read-only without creating `-wal`/`-shm`.
  public static func leaveWriteAheadLog(at url: URL) throws {
    do {
      let queue = try DatabaseQueue(path: url.path)
      try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = DELETE") }
      try queue.close()
    } catch {
      throw CatalogError.query(path: url.path, operation: "leave WAL mode", reason: "\(error)")
    }
  }
}
