import TwinLiteBackends
import TwinLiteCore
import TwinLiteModel
import TwinLiteNN

/// Builds an `InferenceBackend` by its command-line name.
public enum BackendFactory {
  public static let names = ["reference", "cpu"]

  /// `threads` and `pam` apply to `cpu`; the reference network parallelises with Dispatch on its own.
  public static func make(_ name: String, stateDict: StateDict, source: String, threads: Int = 2,
                          pam: PAMMode = .skipWhenExact) throws -> any InferenceBackend
  {
    switch name {
    case "reference": return try ReferenceBackend(stateDict: stateDict, source: source)
    case "cpu": return try CPUBackend(stateDict: stateDict, threads: threads, options: CPUBackendOptions(pam: pam))
    default:
      throw BenchError.backendUnavailable(name: name, reason: "known backends: \(names.joined(separator: ", "))")
    }
  }
}
