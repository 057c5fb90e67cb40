import Foundation
import TwinLiteCatalog

/// Opens OUT's catalog and turns an unusable file into `PipelineError.damagedCatalog`, whose
/// message says how to recover (the shard folders hold every row).
enum CatalogAccess {
  static func open(out: URL) throws -> Catalog {
    let url = ShardLayout(out: out).catalogURL
    do {
      let catalog = try Catalog.open(at: url)
      _ = try catalog.dataset()
      return catalog
    } catch let error as CatalogError {
      if case .unknownMigrations = error { throw error }
      throw PipelineError.damagedCatalog(out: out.path, reason: "\(error)")
    }
  }

  /// Read-only (status, verify): a missing catalog stays `CatalogError.missing`.
  static func openReadOnly(out: URL) throws -> Catalog {
    let url = ShardLayout(out: out).catalogURL
    do {
      let catalog = try Catalog.openReadOnly(at: url)
      _ = try catalog.dataset()
      return catalog
    } catch let error as CatalogError {
      switch error {
      case .missing, .unknownMigrations: throw error
      default: throw PipelineError.damagedCatalog(out: out.path, reason: "\(error)")
      }
    }
  }
}
