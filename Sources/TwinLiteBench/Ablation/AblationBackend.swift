import TwinLiteBackends
import TwinLiteCore
import TwinLiteModel
import TwinLiteNN

/// A `TwinLiteVariant` (pure-Swift reference path) behind `InferenceBackend`, for the ablation.
public final class AblationBackend: InferenceBackend {
  public let name = "reference"
  public let variant: TwinLiteVariant

  public init(variant: TwinLiteVariant) { self.variant = variant }

  public func infer(_ batch: Tensor) throws -> (da: Tensor, ll: Tensor) {
    guard batch.rank == 4, batch.shape[1] == 3, batch.shape[2] % 8 == 0, batch.shape[3] % 8 == 0 else {
      throw BackendError.invalidInput(shape: batch.shape, reason: "expected N×3×H×W with H, W multiples of 8")
    }
    let out = variant(batch)
    return (out.drivable, out.lane)
  }
}
