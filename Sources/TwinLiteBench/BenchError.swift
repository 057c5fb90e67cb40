/// Errors of the bench library (the loaders' own errors pass through unchanged).
public enum BenchError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A backend name that is not known, or known but not built into this binary.
  case backendUnavailable(name: String, reason: String)
  /// An output file or folder could not be created.
  case cannotWrite(path: String, reason: String)
  /// Arguments that do not make sense together.
  case invalidArgument(String)

  public var description: String {
    switch self {
    case let .backendUnavailable(name, reason): return "backend '\(name)' is not available: \(reason)"
    case let .cannotWrite(path, reason): return "\(path): cannot write: \(reason)"
    case let .invalidArgument(message): return message
    }
  }
}
