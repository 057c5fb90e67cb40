/// A key rewrite applied while loading, written as data so callers can see and change it.
public enum KeyRule: Sendable, Equatable, CustomStringConvertible {
  /// Removes a leading prefix when present (e.g. `module.` from a `DataParallel` save).
  case dropPrefix(String)
  /// Replaces a leading prefix when present.
  case replacePrefix(String, with: String)

  public func apply(_ key: String) -> String {
    switch self {
    case .dropPrefix(let prefix):
      return key.hasPrefix(prefix) ? String(key.dropFirst(prefix.count)) : key
    case .replacePrefix(let prefix, let replacement):
      return key.hasPrefix(prefix) ? replacement + key.dropFirst(prefix.count) : key
    }
  }

  public var description: String {
    switch self {
    case .dropPrefix(let p): return "dropPrefix(\"\(p)\")"
    case .replacePrefix(let p, let r): return "replacePrefix(\"\(p)\", with: \"\(r)\")"
    }
  }
}

/// How tensors are turned into the Float32 `StateDict`.
public struct LoadOptions: Sendable {
  /// What to do with integer tensors (BN `num_batches_tracked`).
  public enum IntegerPolicy: Sendable, Equatable {
    /// Integer tensors whose key ends with one of these suffixes are skipped; others are errors.
    case drop(suffixes: [String])
    /// Integer tensors whose key ends with one of these suffixes are kept, converted to Float32.
    case keepAsFloat(suffixes: [String])
  }

  /// Applied in order to every key.
  public var keyRules: [KeyRule]
  public var integers: IntegerPolicy
  public var limits: ZipArchive.Limits

  public init(
    keyRules: [KeyRule] = [.dropPrefix("module.")],
    integers: IntegerPolicy = .drop(suffixes: ["num_batches_tracked"]),
    limits: ZipArchive.Limits = ZipArchive.Limits()
  ) {
    self.keyRules = keyRules
    self.integers = integers
    self.limits = limits
  }

  /// The defaults: strip `module.`, drop `num_batches_tracked`.
  public static let standard = LoadOptions()

  /// Keys exactly as stored, integer bookkeeping kept (as Float32): for comparisons with the file.
  public static let verbatim = LoadOptions(
    keyRules: [], integers: .keepAsFloat(suffixes: ["num_batches_tracked"]))

  func rewrite(_ key: String) -> String { keyRules.reduce(key) { $1.apply($0) } }

  /// nil: skip the tensor; true: keep; throws when the integer tensor is not allow-listed.
  func keepsInteger(_ key: String, dtype: String, source: String) throws -> Bool {
    switch integers {
    case .drop(let suffixes):
      if suffixes.contains(where: key.hasSuffix) { return false }
    case .keepAsFloat(let suffixes):
      if suffixes.contains(where: key.hasSuffix) { return true }
    }
    throw CheckpointError.unsupportedDType(source: source, key: key, dtype: dtype)
  }
}
