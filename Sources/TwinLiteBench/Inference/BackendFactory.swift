import TwinLiteBackends
import TwinLiteCore
import TwinLiteModel
import TwinLiteNN
import TwinLitePlugin

/// Builds an `InferenceBackend` by its command-line name.
public enum BackendFactory {
  public static let names = ["reference", "cpu"]

  /// `threads` and `pam` apply to `cpu`; the reference network parallelises with Dispatch on its own.
  public static func make(
    _ name: String, stateDict: StateDict, source: String, threads: Int = 2,
    pam: PAMMode = .skipWhenExact
  ) throws -> any InferenceBackend {
    if isPlugin(name) { return try makePlugin(name, modelPath: source, threads: threads) }
    switch name {
    case "reference": return try ReferenceBackend(stateDict: stateDict, source: source)
    case "cpu":
      return try CPUBackend(stateDict: stateDict, threads: threads, options: CPUBackendOptions(pam: pam))
    default:
      throw BenchError.backendUnavailable(
        name: name, reason: "known backends: \(names.joined(separator: ", "))")
    }
  }

  /// `plugin:PATH` names a backend plugin library (see `twinlite_backend.h`).
  public static func isPlugin(_ name: String) -> Bool { name.hasPrefix("plugin:") }

  /// Loads the plugin named by `plugin:PATH`; it reads `modelPath` itself (a checkpoint for the CPU
  /// plugin, an .onnx file for TensorRT). `threads=N` is always passed; `extraOptions` are appended.
  public static func makePlugin(
    _ name: String, modelPath: String, threads: Int = 2, extraOptions: String = ""
  ) throws -> any InferenceBackend {
    let options = ["threads=\(threads)", extraOptions].filter { !$0.isEmpty }.joined(separator: ";")
    let path = String(name.dropFirst("plugin:".count))
    return try PluginBackend(path: path, modelPath: modelPath, options: options)
  }
}
