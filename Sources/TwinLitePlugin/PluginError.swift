/// Why a backend plugin could not be loaded or run. Every case names the library path.
public enum PluginError: Error, Sendable, Equatable, CustomStringConvertible {
  /// No file at `path`.
  case fileNotFound(path: String)
  /// `dlopen` refused the file (not a shared object, wrong architecture, missing dependency).
  case openFailed(path: String, reason: String)
  /// The library does not export `symbol`.
  case symbolMissing(path: String, symbol: String)
  /// The entry symbol is not a function (e.g. a data object); calling it would jump into data.
  case entryNotAFunction(path: String, symbol: String, elfType: String)
  /// The entry point returned NULL.
  case nullTable(path: String)
  /// The table's `abi_version` is not one this host loads (`expected` is the newest it knows).
  case abiVersionMismatch(path: String, expected: UInt32, found: UInt32)
  /// The table is smaller than this host's, or a required function pointer is NULL.
  case incompleteTable(path: String, reason: String)
  /// The plugin's `create` returned NULL; `message` is the plugin's own explanation.
  case createFailed(path: String, code: Int32, message: String)
  /// The plugin's `infer` returned a non-zero status; `message` is its `last_error`.
  case inferFailed(path: String, code: Int32, message: String)
  /// The plugin's `last_timing` returned a non-zero status; `message` is its `last_error`.
  case timingFailed(path: String, code: Int32, message: String)
  /// The input batch is not N×3×H×W with N, H, W ≥ 1.
  case invalidInput(path: String, shape: [Int])

  public var description: String {
    switch self {
    case .fileNotFound(let path): return "plugin \(path): file not found"
    case .openFailed(let path, let reason): return "plugin \(path): cannot be loaded: \(reason)"
    case .symbolMissing(let path, let symbol): return "plugin \(path): symbol '\(symbol)' is missing"
    case .entryNotAFunction(let path, let symbol, let elfType):
      return "plugin \(path): symbol '\(symbol)' is not a function (ELF symbol type \(elfType))"
    case .nullTable(let path): return "plugin \(path): entry point returned no function table"
    case .abiVersionMismatch(let path, let expected, let found):
      return "plugin \(path): ABI version \(found), this build of twinlite-bench loads versions "
        + "\(PluginLibrary.minimumABIVersion)...\(expected)"
    case .incompleteTable(let path, let reason): return "plugin \(path): incomplete function table: \(reason)"
    case .createFailed(let path, let code, let message):
      return "plugin \(path): create failed (code \(code)): \(message)"
    case .inferFailed(let path, let code, let message):
      return "plugin \(path): infer failed (code \(code)): \(message)"
    case .timingFailed(let path, let code, let message):
      return "plugin \(path): last_timing failed (code \(code)): \(message)"
    case .invalidInput(let path, let shape):
      return "plugin \(path): input of shape \(shape) is not N×3×H×W"
    }
  }
}
