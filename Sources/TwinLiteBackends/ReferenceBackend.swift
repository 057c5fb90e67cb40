import TwinLiteCore
import TwinLiteModel
import TwinLiteNN

/// The pure-Swift reference network (`TwinLiteNet` in TwinLiteModel) behind `InferenceBackend`.
public final class ReferenceBackend: InferenceBackend {
  public let name = "reference"
  public let network: TwinLiteNet

  /// Builds and verifies the network from `stateDict` (see `TwinLiteNet.init(weights:source:)`).
  public init(stateDict: StateDict, source: String = "state dict") throws {
    network = try TwinLiteNet(weights: stateDict, source: source)
  }

  public func infer(_ batch: Tensor) throws -> (da: Tensor, ll: Tensor) {
    try validate(shape: batch.shape)
    let out = network(batch)
    return (out.drivable, out.lane)
  }
}
