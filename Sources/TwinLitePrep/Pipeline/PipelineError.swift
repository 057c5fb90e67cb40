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

  public var isUsage: Bool {
    switch self {
    case .planMismatch, .invalidOption: return true
    case .io, .badShard: return false
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
    }
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
