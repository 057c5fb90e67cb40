import Foundation
import TwinLiteBackends
import TwinLiteNN

/// What one `create` call owns: the backend and the C strings handed back through the ABI.
final class CPUPluginContext {
  let backend: any InferenceBackend
  let summary: UnsafeMutablePointer<CChar>
  private(set) var lastError: UnsafeMutablePointer<CChar>
  /// (forward, copy in, copy out) milliseconds of the last successful infer; the CPU is the device.
  var lastTiming: (forward: Double, upload: Double, download: Double)?

  init(modelPath: String, options: PluginOptions) throws {
    let stateDict = try StateDict(contentsOf: modelPath)
    switch options.backend {
    case "reference":
      backend = try ReferenceBackend(stateDict: stateDict, source: modelPath)
    default:
      backend = try CPUBackend(
        stateDict: stateDict, threads: options.threads, options: CPUBackendOptions(pam: options.pam))
    }
    let threads =
      options.backend == "cpu"
      ? "threads=\(options.threads), pam=\(options.pam.rawValue), oneDNN \(DNNLRuntime.version) at "
        + DNNLRuntime.isa
      : "Dispatch threads"
    summary = strdup("twinlite \(backend.name) backend in a plugin, float32, CPU, \(threads)")
    lastError = strdup("")
  }

  func setError(_ message: String) {
    free(lastError)
    lastError = strdup(message)
  }

  deinit {
    free(summary)
    free(lastError)
  }
}
