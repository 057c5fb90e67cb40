import TwinLiteCore

/// Hands out a network's tensors by key and records every request, so one construction pass both
/// builds the network and verifies the state dict (missing, unexpected and mis-shaped keys).
///
/// In recording mode (no state dict) it returns zeros and yields the network's expected key list.
public final class WeightReader {
  private let weights: StateDict?
  /// Every key the network asked for, in construction order, with its expected shape.
  public private(set) var requested: [(key: String, shape: [Int])] = []
  public private(set) var problems: [KeyProblem] = []

  /// Reads from `weights`.
  public init(_ weights: StateDict) { self.weights = weights }

  /// Records the expected keys without any weights (tensors come back as zeros).
  public init() { self.weights = nil }

  public var root: WeightScope { WeightScope(reader: self, prefix: "") }

  func tensor(_ key: String, shape: [Int]) -> Tensor {
    requested.append((key, shape))
    guard let weights else { return Tensor(zeros: shape) }
    guard let tensor = weights[key] else {
      problems.append(.missing(key: key, expected: shape))
      return Tensor(zeros: shape)
    }
    guard tensor.shape == shape else {
      problems.append(.shapeMismatch(key: key, expected: shape, actual: tensor.shape))
      return Tensor(zeros: shape)
    }
    return tensor
  }

  /// Throws `CheckpointError.verificationFailed` naming every missing, mis-shaped or unexpected key.
  /// Keys ending in one of `ignoredSuffixes` (e.g. `num_batches_tracked`) may be present unrequested.
  public func verify(source: String, ignoredSuffixes: [String] = ["num_batches_tracked"]) throws {
    var all = problems
    if let weights {
      let asked = Set(requested.map(\.key))
      for key in weights.keys where !asked.contains(key) && !ignoredSuffixes.contains(where: key.hasSuffix) {
        all.append(.unexpected(key: key, shape: weights[key]?.shape ?? []))
      }
    }
    if !all.isEmpty { throw CheckpointError.verificationFailed(source: source, problems: all) }
  }
}

/// A key prefix inside a `WeightReader`: `weights.scope("encoder").scope("level1")`.
public struct WeightScope {
  let reader: WeightReader
  /// The prefix including its trailing dot, or empty at the root.
  public let prefix: String

  /// The child module `name` (dots allowed, e.g. `"level2.0"`).
  public func scope(_ name: String) -> WeightScope {
    WeightScope(reader: reader, prefix: prefix + name + ".")
  }

  /// The tensor `prefix + name`, which must have `shape`.
  public func tensor(_ name: String, shape: [Int]) -> Tensor {
    reader.tensor(prefix + name, shape: shape)
  }
}
