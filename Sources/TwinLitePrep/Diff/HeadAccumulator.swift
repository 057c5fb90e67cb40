import TwinLiteCore

/// Counts of one compared frame and head; `BinaryConfusion` with A as the prediction and B as the
/// truth (false positive = A only, false negative = B only).
struct HeadFrameCounts: Sendable {
  var confusion: BinaryConfusion
  var aLargest: UInt8
  var bLargest: UInt8

  var union: Int { confusion.truePositives + confusion.falsePositives + confusion.falseNegatives }
  var iou: Double? { union == 0 ? nil : Double(confusion.truePositives) / Double(union) }
}

/// Sums frames of one head into a `DiffHeadSummary`.
struct HeadAccumulator: Sendable {
  var total = BinaryConfusion()
  var ious: [Double] = []
  var frames = 0
  var emptyBoth = 0
  var onlyInA = 0
  var onlyInB = 0
  var errors = 0
  var zeroOne = DiffSideCounts(a: 0, b: 0)

  mutating func add(_ counts: HeadFrameCounts) {
    frames += 1
    total += counts.confusion
    if let iou = counts.iou { ious.append(iou) } else { emptyBoth += 1 }
    if counts.aLargest == 1 { zeroOne.a += 1 }
    if counts.bLargest == 1 { zeroOne.b += 1 }
  }

  mutating func merge(_ other: HeadAccumulator) {
    total += other.total
    ious += other.ious
    frames += other.frames
    emptyBoth += other.emptyBoth
    onlyInA += other.onlyInA
    onlyInB += other.onlyInB
    errors += other.errors
    zeroOne.a += other.zeroOne.a
    zeroOne.b += other.zeroOne.b
  }

  var summary: DiffHeadSummary {
    let t = total
    let a = t.truePositives + t.falsePositives
    let b = t.truePositives + t.falseNegatives
    let union = t.truePositives + t.falsePositives + t.falseNegatives
    func ratio(_ n: Int, _ d: Int) -> Double? { d == 0 ? nil : Double(n) / Double(d) }
    let sorted = ious.sorted()
    return DiffHeadSummary(
      frames: frames, onlyInA: onlyInA, onlyInB: onlyInB, errors: errors,
      iou: ratio(t.truePositives, union), precision: t.foregroundPrecision, recall: ratio(t.truePositives, b),
      pixels: DiffPixelCounts(a: a, b: b, intersection: t.truePositives, union: union),
      frameIoU: DiffFrameIoU(
        min: sorted.first, p5: DiffFrameIoU.quantile(sorted, 0.05),
        median: DiffFrameIoU.quantile(sorted, 0.5),
        scored: sorted.count, emptyBoth: emptyBoth),
      zeroOneFrames: zeroOne)
  }
}
