import Foundation
import TwinLiteCatalog

/// Opens OUT's catalog and turns an unusable file into `PipelineError.damagedCatalog`, whose
/// message says how to recover (the shard folders hold every row).
enum CatalogAccess {
  /// Read-only (status, verify): a missing catalog stays `CatalogError.missing`.
  static func open(out: URL, readOnly: Bool = false) throws -> Catalog {
    let url = ShardLayout(out: out).catalogURL
    do {
      let catalog = readOnly ? try Catalog.openReadOnly(at: url) : try Catalog.open(at: url)
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
