/// A 2×2 confusion matrix `C[gt][pred]` over pixels, as `IOUEval.SegmentationMetric` builds it
/// (`bincount(2·gt + pred)`): class 0 background, class 1 foreground (drivable area or lane).
public struct BinaryConfusion: Sendable, Equatable, Codable {
  /// gt 0, pred 0.
  public var trueNegatives: Int
  /// gt 0, pred 1.
  public var falsePositives: Int
  /// gt 1, pred 0.
  public var falseNegatives: Int
  /// gt 1, pred 1.
  public var truePositives: Int

  public init(
    trueNegatives: Int = 0, falsePositives: Int = 0, falseNegatives: Int = 0, truePositives: Int = 0
  ) {
    self.trueNegatives = trueNegatives
    self.falsePositives = falsePositives
    self.falseNegatives = falseNegatives
    self.truePositives = truePositives
  }

  /// Counts `prediction` against `truth`: equal-length class maps, 0 = background, non-zero = class 1.
  public init(prediction: [UInt8], truth: [UInt8]) {
    precondition(prediction.count == truth.count, "confusion: \(prediction.count) vs \(truth.count) pixels")
    // Three branch-free sums (predicted, true, both) give all four cells.
    var predicted = 0
    var actual = 0
    var both = 0
    prediction.withUnsafeBufferPointer { p in
      truth.withUnsafeBufferPointer { t in
        for i in 0..<p.count {
          let x = p[i] != 0 ? 1 : 0
          let y = t[i] != 0 ? 1 : 0
          predicted &+= x
          actual &+= y
          both &+= x & y
        }
      }
    }
    self.init(
      trueNegatives: prediction.count - predicted - actual + both, falsePositives: predicted - both,
      falseNegatives: actual - both, truePositives: both)
  }

  public var total: Int { trueNegatives + falsePositives + falseNegatives + truePositives }

  /// `addBatch`: element-wise sum.
  public static func + (a: BinaryConfusion, b: BinaryConfusion) -> BinaryConfusion {
    BinaryConfusion(
      trueNegatives: a.trueNegatives + b.trueNegatives, falsePositives: a.falsePositives + b.falsePositives,
      falseNegatives: a.falseNegatives + b.falseNegatives, truePositives: a.truePositives + b.truePositives)
  }

  public static func += (a: inout BinaryConfusion, b: BinaryConfusion) { a = a + b }

  /// `nan → 0`, as the upstream `IoU[np.isnan(IoU)] = 0`.
  static func ratio(_ numerator: Int, _ denominator: Int) -> Double {
    denominator == 0 ? 0 : Double(numerator) / Double(denominator)
  }

  /// IoU of the background class, `TN / (TN + FP + FN)`.
  public var backgroundIoU: Double {
    Self.ratio(trueNegatives, trueNegatives + falsePositives + falseNegatives)
  }

  /// `IntersectionOverUnion()[1]`: IoU of class 1, `TP / (TP + FP + FN)`, nan → 0.
  public var foregroundIoU: Double {
    Self.ratio(truePositives, truePositives + falsePositives + falseNegatives)
  }

  /// `meanIntersectionOverUnion()`: mean of both class IoUs, each nan → 0.
  public var meanIoU: Double { (backgroundIoU + foregroundIoU) / 2 }

  /// `lineAccuracy()[1]` of the current code: `TP / (TP + FN + 1e-12)`, i.e. foreground recall
  /// (0 when the ground truth has no foreground).
  public var foregroundRecall: Double {
    Double(truePositives) / (Double(truePositives + falseNegatives) + 1e-12)
  }

  /// `TP / (TP + FP)`: the share of predicted foreground that is true; nil when nothing is predicted.
  public var foregroundPrecision: Double? {
    let predicted = truePositives + falsePositives
    return predicted == 0 ? nil : Double(truePositives) / Double(predicted)
  }

  /// `pixelAccuracy()`: `trace(C) / sum(C)`, the older "lane accuracy" (nan → 0 for an empty matrix).
  public var pixelAccuracy: Double { Self.ratio(truePositives + trueNegatives, total) }
}
