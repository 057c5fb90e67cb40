import Foundation
import Testing
import TwinLiteCatalog
import _TwinLiteTestSupport

@Suite struct CatalogMigrationTests {
  @Test func freshCatalogHasEveryMigrationAndPassesIntegrityCheck() throws {
    let url = try Fixtures.temporaryDirectory("catalog").appendingPathComponent("catalog.sqlite")
    let catalog = try Catalog.open(at: url)
    #expect(try catalog.appliedMigrations() == Catalog.knownMigrations)
    #expect(try catalog.integrityCheck() == ["ok"])
    #expect(try catalog.dataset() == nil)
  }

  @Test func olderCatalogIsMigratedAndKeepsItsRows() throws {
    let url = try Fixtures.temporaryDirectory("catalog").appendingPathComponent("catalog.sqlite")
    let first = Catalog.knownMigrations[0]
    let old = try Catalog.open(at: url, upTo: first)
    #expect(try old.appliedMigrations() == [first])
    let runID = try old.beginRun(RunInfo(argv: ["prep", "x"], toolVersion: "0", gitCommit: nil, host: "h",
                                         startedAt: Date(timeIntervalSince1970: 1000)))
    let reopened = try Catalog.open(at: url)
    #expect(try reopened.appliedMigrations() == Catalog.knownMigrations)
    let runs = try reopened.runs()
    #expect(runs.map(\.id) == [runID])
    #expect(runs.first?.info.argv == ["prep", "x"])
    #expect(runs.first?.endedAt == nil)
  }

  @Test func catalogFromANewerToolIsRefused() throws {
    let url = try Fixtures.temporaryDirectory("catalog").appendingPathComponent("catalog.sqlite")
    try Catalog.open(at: url).execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')")
    #expect(throws: CatalogError.self) { try Catalog.open(at: url) }
  }

  @Test func readOnlyOpenOfMissingCatalogSaysSo() throws {
    let url = try Fixtures.temporaryDirectory("catalog").appendingPathComponent("catalog.sqlite")
    do {
      _ = try Catalog.openReadOnly(at: url)
      Issue.record("opened a catalog that does not exist")
    } catch let error as CatalogError {
      guard case .missing = error else { Issue.record("wrong error \(error)"); return }
      #expect(error.description.contains(url.path))
    }
  }
}
