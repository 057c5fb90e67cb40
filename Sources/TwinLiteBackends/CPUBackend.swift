import TwinLiteCore
import TwinLiteNN

/// Options of the oneDNN backend.
public struct CPUBackendOptions: Sendable {
  /// How the position attention is run; see `PAMMode`. The default computes it unless a per-image
  /// bound proves the result equals its input bit for bit.
  public var pam: PAMMode

  public init(pam: PAMMode = .skipWhenExact) {
    self.pam = pam
  }
}

/// TwinLiteNet on oneDNN 2.6 (CPU): Conv+BN folded at load time, channels-last activations,
/// fused element-wise kernels for the ESP sums, PReLU and concatenations, primitives created once
/// per input shape and reused.
///
/// Threads: oneDNN here runs on GNU OpenMP; `threads` is applied (per calling thread) before
/// primitives are created and before every run. Use an instance from one thread at a time.
public final class CPUBackend: InferenceBackend {
  public let name = "cpu"
  public let threads: Int
  public let options: CPUBackendOptions
  private let engine: DNNLEngine
  private let weights: CPUWeights
  private var plans: [[Int]: CPUPlan] = [:]
  private var lastPlan: CPUPlan?
  /// Per-step timing of the following runs when set (`--profile`).
  public var timer: StepTimer?

  /// Folds and checks every tensor of `stateDict` (keys without `module.`); throws
  /// `BackendError.missingWeight` / `.shapeMismatch` naming the key.
  public init(stateDict: StateDict, threads: Int = 2, options: CPUBackendOptions = CPUBackendOptions())
    throws(BackendError)
  {
    guard threads >= 1 else { throw .invalidOption("threads must be at least 1, got \(threads)") }
    self.threads = threads
    self.options = options
    OpenMP.setThreads(threads)
    engine = try DNNLEngine()
    weights = try CPUWeights(stateDict)
  }

  public func infer(_ batch: Tensor) throws -> (da: Tensor, ll: Tensor) {
    try validate(shape: batch.shape)
    OpenMP.setThreads(threads)
    let p = try plan(for: batch.shape)
    lastPlan = p
    return try p.run(batch, timer: timer)
  }

  /// Creates (once) the primitives for `shape` without running them.
  public func prepare(shape: [Int]) throws {
    try validate(shape: shape)
    OpenMP.setThreads(threads)
    _ = try plan(for: shape)
  }

  /// Images of the last run whose position attention was skipped by the exactness bound.
  public var lastSkippedPAMImages: Int { lastPlan?.pam.skippedImages ?? 0 }

  private func plan(for shape: [Int]) throws(BackendError) -> CPUPlan {
    if let p = plans[shape] { return p }
    let p = try CPUPlan(engine: engine, weights: weights, n: shape[0], h: shape[2], w: shape[3],
                        pamMode: options.pam)
    plans[shape] = p
    return p
  }
}
