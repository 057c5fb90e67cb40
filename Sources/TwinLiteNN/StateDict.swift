import TwinLiteCore

/// Named tensors as a PyTorch `state_dict()` holds them, keyed by the checkpoint's own names
/// after key rewriting (e.g. `encoder.level1.conv.weight`, no `module.` prefix).
///
/// Both execution paths (the pure-Swift reference and the oneDNN backend) build from this value.
public struct StateDict: Sendable {
  public var tensors: [String: Tensor]

  public init(_ tensors: [String: Tensor] = [:]) {
    self.tensors = tensors
  }

  public subscript(key: String) -> Tensor? {
    get { tensors[key] }
    set { tensors[key] = newValue }
  }

  public var keys: [String] { tensors.keys.sorted() }
}
