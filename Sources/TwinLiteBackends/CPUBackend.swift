import TwinLiteCore
import TwinLiteNN

/// Options of the oneDNN backend.
public struct CPUBackendOptions: Sendable {
  /// How the position attention is run; see `PAMMode`. The default computes it unless a per-image
  /// bound proves the result equals its input bit for bit.
  public var pam: PAMMode
  /// oneDNN implementations the plan must not use, by name prefix (e.g. `jit_wino`), besides the
  /// reference code it never uses: to see how the plan falls back, or to avoid a faulty kernel.
  public var excludedImplementations: [String]

  public init(pam: PAMMode = .skipWhenExact, excludedImplementations: [String] = []) {
    self.pam = pam
    self.excludedImplementations = excludedImplementations
  }
}

/// One step of a CPU plan: a oneDNN primitive or a C kernel, and the implementation that runs it.
public struct CPUPlanStep: Sendable, Equatable {
  public let name: String
  /// oneDNN's `impl_info_str` (e.g. `jit:avx2`), or `twinlite:<variant>` for the backend's C kernels.
  public let implementation: String
}

/// TwinLiteNet on oneDNN 2.6 (CPU): Conv+BN folded at load time, channels-last activations,
/// fused element-wise kernels for the ESP sums, PReLU and concatenations, primitives created once
/// per input shape and reused. Runs at whatever x86-64 ISA oneDNN dispatches to (`DNNLRuntime.isa`),
/// never with oneDNN's reference kernels: a layer without a fast implementation is an error.
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
    guard threads >= 1 else {
      throw .invalidOption(name: "threads", reason: "must be at least 1, got \(threads)")
    }
    self.threads = threads
    self.options = options
    OpenMP.setThreads(threads)
    engine = try DNNLEngine(excluding: options.excludedImplementations)
    weights = try CPUWeights(stateDict)
  }

  /// The steps of the last plan used (or prepared), in order, with their implementations.
  public var planSteps: [CPUPlanStep] {
    lastPlan?.steps.map { CPUPlanStep(name: $0.name, implementation: $0.implementation) } ?? []
  }

  /// Layers of the last plan that could not use their first choice at this ISA, and why.
  public var planFallbacks: [String] { lastPlan?.fallbacks ?? [] }

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
    lastPlan = try plan(for: shape)
  }

  /// Images of the last run whose position attention was skipped by the exactness bound.
  public var lastSkippedPAMImages: Int { lastPlan?.pam.skippedImages ?? 0 }

  private func plan(for shape: [Int]) throws(BackendError) -> CPUPlan {
    if let p = plans[shape] { return p }
    let p = try CPUPlan(
      engine: engine, weights: weights, n: shape[0], h: shape[2], w: shape[3],
      pamMode: options.pam)
    plans[shape] = p
    FallbackNotice.report(p.fallbacks)
    return p
  }
}
