/// Errors of the prep pipeline. `isUsage` errors map to exit code 2, the rest to 1.
public enum PipelineError: Error, CustomStringConvertible, Sendable {
  /// The output folder holds a different plan or options; `--force` or a new folder is needed.
  case planMismatch(out: String, stored: String, current: String)
  /// A file-system call failed.
  case io(path: String, operation: String, errno: Int32)
  /// A shard folder's manifest or marker cannot be read.
  case badShard(path: String, reason: String)
  /// An option value is out of range.
  case invalidOption(name: String, reason: String)
  /// Another process holds OUT/.lock (`holder` names it).
  case busy(out: String, holder: String)
  /// The catalog cannot be opened or read; the shards can rebuild it (`twinlite-prep repair`).
  case damagedCatalog(out: String, reason: String)

  public var isUsage: Bool {
    switch self {
    case .planMismatch, .invalidOption, .busy: return true
    case .io, .badShard, .damagedCatalog: return false
    }
  }

  public var description: String {
    switch self {
    case .planMismatch(let out, let stored, let current):
      return "\(out): holds outputs of a different plan or options (\(stored), now \(current)); "
        + "rerun with --force to rebuild it, or choose another --out"
    case .io(let path, let operation, let code):
      return "\(path): \(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
    case .badShard(let path, let reason):
      return "\(path): bad shard: \(reason)"
    case .invalidOption(let name, let reason):
      return "--\(name): \(reason)"
    case .busy(let out, let holder):
      return "\(out): in use by \(holder); wait for it (--wait SECONDS) or use another --out"
    case .damagedCatalog(let out, let reason):
      return "\(reason)\n  The shard folders are intact and hold every catalog row: rebuild the catalog "
        + "with `twinlite-prep repair \(out)` (the damaged file is kept aside), then rerun."
    }
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
