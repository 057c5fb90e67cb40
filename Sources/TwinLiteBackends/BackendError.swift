/// Errors of the inference backends.
public enum BackendError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A oneDNN call failed: which primitive/operation, which call, and the `dnnl_status_t` value.
  case dnnl(primitive: String, call: String, status: Int)
  /// No implementation oneDNN (or the backend's own kernels) offers for `layer` at the dispatched
  /// `isa` is fast enough for a forward pass; `attempts` says what was tried and what it gave.
  case noImplementation(layer: String, isa: String, attempts: [String])
  /// The state dict lacks a tensor the network needs.
  case missingWeight(key: String)
  /// A state-dict tensor has another shape than the network needs.
  case shapeMismatch(key: String, expected: [Int], actual: [Int])
  /// The input batch is not N×3×H×W with H and W divisible by 8, or is empty.
  case invalidInput(shape: [Int], reason: String)
  /// An option or argument that cannot be honoured.
  case invalidOption(name: String, reason: String)

  public var description: String {
    switch self {
    case .dnnl(let primitive, let call, let status):
      return "oneDNN \(call) failed for '\(primitive)': status \(status) (\(BackendError.statusName(status)))"
    case .noImplementation(let layer, let isa, let attempts):
      return "the cpu backend cannot run layer '\(layer)' on this CPU: oneDNN \(DNNLRuntime.version) at ISA "
        + "\(isa) has no implementation but its slow reference code (tried: "
        + "\(attempts.joined(separator: "; "))); run with --backend reference instead"
    case .missingWeight(let key): return "state dict: missing tensor '\(key)'"
    case .shapeMismatch(let key, let expected, let actual):
      return "state dict: '\(key)' has shape \(actual), expected \(expected)"
    case .invalidInput(let shape, let reason): return "input of shape \(shape): \(reason)"
    case .invalidOption(let name, let reason): return "--\(name): \(reason)"
    }
  }

  /// Names of `dnnl_status_t` values (oneDNN 2.6).
  static func statusName(_ status: Int) -> String {
    switch status {
    case 1: return "out of memory"
    case 2: return "invalid arguments"
    case 3: return "unimplemented"
    case 4: return "iterator ends"
    case 5: return "runtime error"
    case 6: return "not required"
    default: return "unknown status"
    }
  }
}
