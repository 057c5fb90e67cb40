import TwinLiteCore
import TwinLiteNN

/// Upstream: `TwinLiteNet` — the ESPNet-C encoder with attention and two decoder heads
/// (drivable area, lane lines), eval mode, pure Swift. Keys are those of `best.pth` without `module.`.
public struct TwinLiteNet: Sendable {
  public let encoder: ESPNetEncoder
  public let drivableHead: SegmentationHead
  public let laneHead: SegmentationHead

  /// Builds from `weights` and verifies them: every missing, mis-shaped or unexpected key is reported
  /// in one `CheckpointError.verificationFailed` (`num_batches_tracked` may be present).
  public init(weights: StateDict, source: String = "state dict") throws {
    let reader = WeightReader(weights)
    self.init(reader.root)
    try reader.verify(source: source)
  }

  /// Loads a `.pth` or `.safetensors` file with the standard key rules (`dropPrefix("module.")`).
  public init(contentsOf path: String, options: LoadOptions = .standard) throws {
    try self.init(weights: try StateDict(contentsOf: path, options: options), source: path)
  }

  /// Builds from a scope without verification (used for recording the expected keys).
  public init(_ w: WeightScope) {
    encoder = ESPNetEncoder(w.scope("encoder"))
    drivableHead = SegmentationHead(w, up1: "up_1_1", up2: "up_2_1", classifier: "classifier_1")
    laneHead = SegmentationHead(w, up1: "up_1_2", up2: "up_2_2", classifier: "classifier_2")
  }

  /// The keys and shapes the network reads, in construction order (163 tensors: no `num_batches_tracked`).
  public static var expectedParameters: [(key: String, shape: [Int])] {
    let reader = WeightReader()
    _ = TwinLiteNet(reader.root)
    return reader.requested
  }

  /// Logits for a B×3×H×W RGB batch in [0, 1] (H, W divisible by 8): drivable area and lanes,
  /// each B×2×H×W.
  public func callAsFunction(_ input: Tensor, trace: Trace? = nil) -> TwinLiteOutput {
    precondition(input.rank == 4 && input.shape[1] == 3, "TwinLiteNet expects B×3×H×W, got \(input.shape)")
    let e = encoder(input, trace: trace)
    return TwinLiteOutput(drivable: drivableHead(e, trace: trace), lane: laneHead(e, trace: trace))
  }
}

/// The two logit tensors of one forward pass.
public struct TwinLiteOutput: Sendable {
  /// Drivable-area logits, B×2×H×W.
  public var drivable: Tensor
  /// Lane-line logits, B×2×H×W.
  public var lane: Tensor

  public init(drivable: Tensor, lane: Tensor) {
    self.drivable = drivable
    self.lane = lane
  }
}
