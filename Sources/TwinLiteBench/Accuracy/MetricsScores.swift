import TwinLiteCore

/// The four published-style scores, as fractions in [0, 1].
public struct SegmentationScores: Sendable, Equatable, Codable {
  /// Drivable-area mIoU over both classes (the paper's "mIoU", 91.3 %).
  public var daMIoU: Double
  /// Lane "accuracy" of the current official code: lane recall (77.8 % in the Plus README).
  public var llAcc: Double
  /// Lane IoU of the lane class (31.08 % in the paper).
  public var llIoU: Double
  /// Overall lane pixel accuracy `(TP + TN) / all`, the older "accuracy" (97.3 % in the paper).
  public var llPixelAcc: Double

  public init(daMIoU: Double, llAcc: Double, llIoU: Double, llPixelAcc: Double) {
    self.daMIoU = daMIoU
    self.llAcc = llAcc
    self.llIoU = llIoU
    self.llPixelAcc = llPixelAcc
  }

  /// The scores of one pair of confusion matrices.
  public init(drivable: BinaryConfusion, lane: BinaryConfusion) {
    self.init(
      daMIoU: drivable.meanIoU, llAcc: lane.foregroundRecall, llIoU: lane.foregroundIoU,
      llPixelAcc: lane.pixelAccuracy)
  }

  enum CodingKeys: String, CodingKey {
    case daMIoU = "da_miou"
    case llAcc = "ll_acc"
    case llIoU = "ll_iou"
    case llPixelAcc = "ll_pixel_acc"
  }

  /// `(name, value)` in a fixed order (reports, compare).
  public var named: [(name: String, value: Double)] {
    [("da_miou", daMIoU), ("ll_acc", llAcc), ("ll_iou", llIoU), ("ll_pixel_acc", llPixelAcc)]
  }
}

/// Confusion matrices of one image (or one batch): drivable area and lanes.
public struct ImageConfusion: Sendable, Equatable {
  public var drivable: BinaryConfusion
  public var lane: BinaryConfusion

  public init(drivable: BinaryConfusion = BinaryConfusion(), lane: BinaryConfusion = BinaryConfusion()) {
    self.drivable = drivable
    self.lane = lane
  }

  public static func + (a: ImageConfusion, b: ImageConfusion) -> ImageConfusion {
    ImageConfusion(drivable: a.drivable + b.drivable, lane: a.lane + b.lane)
  }

  public var scores: SegmentationScores { SegmentationScores(drivable: drivable, lane: lane) }
}

/// Accumulates both aggregations side by side.
///
/// - *paper-exact* (`utils.val`): the confusion matrix is reset for every batch; each batch's scores
///   enter a running mean weighted by the batch's size (`AverageMeter.update(score, n)`).
/// - *dataset-level*: one confusion matrix over all frames, scored once at the end.
public struct MetricsAccumulator: Sendable {
  public private(set) var frames = 0
  public private(set) var batches = 0
  public private(set) var total = ImageConfusion()
  private var weighted = (da: 0.0, acc: 0.0, iou: 0.0, pixel: 0.0)

  public init() {}

  /// Adds one batch given as its images' confusion matrices (the batch matrix is their sum).
  public mutating func addBatch(_ images: [ImageConfusion]) {
    guard !images.isEmpty else { return }
    let batch = images.reduce(ImageConfusion(), +)
    let s = batch.scores
    let n = Double(images.count)
    weighted.da += s.daMIoU * n
    weighted.acc += s.llAcc * n
    weighted.iou += s.llIoU * n
    weighted.pixel += s.llPixelAcc * n
    total = total + batch
    frames += images.count
    batches += 1
  }

  /// The batch-size-weighted mean of per-batch scores (all zero before any batch).
  public var paper: SegmentationScores {
    let n = Double(max(frames, 1))
    return SegmentationScores(
      daMIoU: weighted.da / n, llAcc: weighted.acc / n, llIoU: weighted.iou / n,
      llPixelAcc: weighted.pixel / n)
  }

  /// The scores of the one accumulated confusion matrix.
  public var dataset: SegmentationScores { total.scores }
}
