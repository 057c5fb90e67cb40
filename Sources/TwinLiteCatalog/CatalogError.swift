/// Errors raised by the catalog, each naming the database file and what failed.
public enum CatalogError: Error, CustomStringConvertible, Sendable {
  /// No catalog at the path (status/verify on a folder that was never prepared).
  case missing(path: String)
  /// SQLite or GRDB refused to open or migrate the file.
  case open(path: String, reason: String)
  /// A read or write failed; `operation` says which.
  case query(path: String, operation: String, reason: String)
  /// The catalog was written by a newer tool whose migrations this build does not know.
  case unknownMigrations(path: String, names: [String])

  public var description: String {
    switch self {
    case .missing(let path):
      return "\(path): no catalog here (was this folder prepared with twinlite-prep?)"
    case .open(let path, let reason):
      return "\(path): cannot open catalog: \(reason)"
    case .query(let path, let operation, let reason):
      return "\(path): catalog \(operation) failed: \(reason)"
    case .unknownMigrations(let path, let names):
      return "\(path): catalog has migrations this tool does not know (\(names.joined(separator: ", "))); "
        + "use a newer twinlite-prep"
    }
  }
}
