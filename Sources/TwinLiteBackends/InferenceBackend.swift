import TwinLiteCore

/// A TwinLiteNet forward pass: RGB batch in, drivable-area and lane logits out.
///
/// - Input: `N×3×H×W` Float32, RGB in [0, 1] (`TwinLiteInput`), H and W divisible by 8
///   (the network's input is 360×640).
/// - Output: two `N×2×H×W` logit tensors; the mask is `logit[1] > logit[0]`.
///
/// Backends hold native resources and scratch memory: use one instance from one thread at a time.
public protocol InferenceBackend: AnyObject {
  /// Short name as given on the command line (`reference`, `cpu`).
  var name: String { get }
  /// Runs the network on `batch`.
  func infer(_ batch: Tensor) throws -> (da: Tensor, ll: Tensor)
}

extension InferenceBackend {
  /// Checks the common input contract; backends call it before running.
  func validate(shape: [Int]) throws(BackendError) {
    guard shape.count == 4, shape[0] >= 1, shape[1] == 3 else {
      throw .invalidInput(shape: shape, reason: "expected N×3×H×W with N ≥ 1")
    }
    guard shape[2] >= 8, shape[3] >= 8, shape[2] % 8 == 0, shape[3] % 8 == 0 else {
      throw .invalidInput(shape: shape, reason: "H and W must be positive multiples of 8")
    }
  }
}
