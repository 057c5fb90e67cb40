/// Errors of `twinlite-bench export-onnx`.
public enum ExportError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The state dict lacks a tensor the graph needs (key without `module.`).
  case missingWeight(key: String)
  /// A tensor has another shape than the network needs.
  case shapeMismatch(key: String, expected: [Int], actual: [Int])
  /// Input size that the network cannot take (H and W must be multiples of 8).
  case invalidSize(height: Int, width: Int)

  public var description: String {
    switch self {
    case .missingWeight(let key): return "ONNX export: state dict has no tensor '\(key)'"
    case .shapeMismatch(let key, let expected, let actual):
      return "ONNX export: '\(key)' has shape \(actual), expected \(expected)"
    case .invalidSize(let height, let width):
      return "ONNX export: input \(height)×\(width) is not a positive multiple of 8 in both dimensions"
    }
  }
}
