/// Everything that can go wrong while reading weights or arrays from a file.
///
/// `source` is the file path (or a label such as `data.pkl in best.pth`) so the message says where.
public enum CheckpointError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file could not be opened or read.
  case unreadable(source: String, reason: String)
  /// The zip container is damaged or uses something this reader does not accept.
  case malformedZip(source: String, reason: String)
  /// An entry name that could escape its folder (`..`, absolute, backslash, NUL).
  case unsafeEntryName(source: String, entry: String)
  /// A size beyond the configured limits.
  case tooLarge(source: String, what: String, size: Int, limit: Int)
  /// A required zip entry is absent.
  case missingEntry(source: String, entry: String)
  /// A zip compression method other than stored (0) or deflate (8).
  case unsupportedCompression(source: String, entry: String, method: Int)
  /// zlib refused the deflate stream, or the CRC does not match.
  case corruptEntry(source: String, entry: String, reason: String)
  /// An opcode the restricted pickle interpreter does not implement.
  case unsupportedOpcode(source: String, opcode: UInt8, offset: Int)
  /// A pickle global outside the allow-list (e.g. `os.system`); nothing is ever called.
  case forbiddenGlobal(source: String, module: String, name: String, offset: Int)
  /// Structurally invalid pickle (stack underflow, wrong argument types, truncated stream).
  case malformedPickle(source: String, offset: Int, reason: String)
  /// A tensor's element type is not accepted for this key.
  case unsupportedDType(source: String, key: String, dtype: String)
  /// A tensor's data does not fit its storage / buffer.
  case badTensorData(source: String, key: String, reason: String)
  /// safetensors header problems.
  case malformedSafetensors(source: String, reason: String)
  /// `.npy` header or payload problems.
  case malformedNPY(source: String, reason: String)
  /// The weights do not match the network: every missing/unexpected/mis-shaped key is listed.
  case verificationFailed(source: String, problems: [KeyProblem])

  public var description: String {
    switch self {
    case .unreadable(let source, let reason): return "\(source): cannot read: \(reason)"
    case .malformedZip(let source, let reason): return "\(source): malformed zip: \(reason)"
    case .unsafeEntryName(let source, let entry): return "\(source): unsafe zip entry name '\(entry)'"
    case .tooLarge(let source, let what, let size, let limit):
      return "\(source): \(what) is \(size) bytes, above the limit of \(limit)"
    case .missingEntry(let source, let entry): return "\(source): zip entry '\(entry)' is missing"
    case .unsupportedCompression(let source, let entry, let method):
      return "\(source): zip entry '\(entry)' uses compression method \(method) (only 0 and 8 are read)"
    case .corruptEntry(let source, let entry, let reason):
      return "\(source): zip entry '\(entry)' is corrupt: \(reason)"
    case .unsupportedOpcode(let source, let opcode, let offset):
      let hex = String(opcode, radix: 16, uppercase: false)
      return "\(source): pickle opcode 0x\(hex) at byte \(offset) is not allowed in a state dict"
    case .forbiddenGlobal(let source, let module, let name, let offset):
      return "\(source): pickle global '\(module).\(name)' at byte \(offset) is not allowed "
        + "(only collections.OrderedDict, torch._utils._rebuild_tensor_v2/_rebuild_parameter "
        + "and torch.*Storage are accepted)"
    case .malformedPickle(let source, let offset, let reason):
      return "\(source): malformed pickle at byte \(offset): \(reason)"
    case .unsupportedDType(let source, let key, let dtype):
      return "\(source): tensor '\(key)' has element type \(dtype), which is not accepted for this key"
    case .badTensorData(let source, let key, let reason): return "\(source): tensor '\(key)': \(reason)"
    case .malformedSafetensors(let source, let reason): return "\(source): malformed safetensors: \(reason)"
    case .malformedNPY(let source, let reason): return "\(source): malformed .npy: \(reason)"
    case .verificationFailed(let source, let problems):
      let lines = problems.map { "  " + $0.description }.joined(separator: "\n")
      return "\(source): weights do not match the network (\(problems.count) problem(s)):\n\(lines)"
    }
  }
}

/// One key-level disagreement between a state dict and a network's expected parameters.
public enum KeyProblem: Sendable, Equatable, CustomStringConvertible {
  case missing(key: String, expected: [Int])
  case unexpected(key: String, shape: [Int])
  case shapeMismatch(key: String, expected: [Int], actual: [Int])

  public var key: String {
    switch self {
    case .missing(let key, _), .unexpected(let key, _), .shapeMismatch(let key, _, _): return key
    }
  }

  public var description: String {
    switch self {
    case .missing(let key, let expected): return "missing key '\(key)' (expected shape \(expected))"
    case .unexpected(let key, let shape): return "unexpected key '\(key)' (shape \(shape))"
    case .shapeMismatch(let key, let expected, let actual):
      return "shape mismatch for '\(key)': expected \(expected), found \(actual)"
    }
  }
}
