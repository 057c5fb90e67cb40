import Testing
import TwinLiteBench
import TwinLiteCore

/// The per-matrix scores against matrices computed by hand.
@Suite struct ConfusionMetricsTests {
  @Test func countsFollowGroundTruthRowsAndPredictionColumns() {
    //            pixel: 0  1  2  3  4  5  6  7  8  9
    let truth: [UInt8] = [0, 0, 0, 0, 0, 1, 1, 1, 1, 0]
    let pred: [UInt8] = [0, 0, 0, 1, 1, 1, 1, 1, 0, 0]
    let c = BinaryConfusion(prediction: pred, truth: truth)
    #expect(c == BinaryConfusion(trueNegatives: 4, falsePositives: 2, falseNegatives: 1, truePositives: 3))
    #expect(c.total == 10)
  }

  @Test func scoresMatchHandComputedValues() {
    // TN 4, FP 2, FN 1, TP 3.
    let c = BinaryConfusion(trueNegatives: 4, falsePositives: 2, falseNegatives: 1, truePositives: 3)
    #expect(abs(c.foregroundIoU - 3.0 / 6.0) < 1e-15)  // 3 / (3 + 2 + 1)
    #expect(abs(c.backgroundIoU - 4.0 / 7.0) < 1e-15)  // 4 / (4 + 2 + 1)
    #expect(abs(c.meanIoU - (3.0 / 6.0 + 4.0 / 7.0) / 2) < 1e-15)
    #expect(abs(c.foregroundRecall - 3.0 / 4.0) < 1e-12)  // 3 / (3 + 1 + 1e-12)
    #expect(abs(c.pixelAccuracy - 7.0 / 10.0) < 1e-15)
  }

  @Test func precisionIsTheShareOfPredictedForegroundThatIsTrue() {
    // TP 3, FP 2: 3 / 5; nothing predicted: undefined, not 0.
    let c = BinaryConfusion(trueNegatives: 4, falsePositives: 2, falseNegatives: 1, truePositives: 3)
    #expect(c.foregroundPrecision == 3.0 / 5.0)
    #expect(BinaryConfusion(prediction: [0, 0], truth: [1, 0]).foregroundPrecision == nil)
  }

  @Test func emptyForegroundGivesZeroNotNaN() {
    // An image with no lane pixels, predicted empty: IoU 0/0 → 0, recall 0/(0 + 1e-12) = 0,
    // background IoU 1, so mIoU 0.5 and pixel accuracy 1.
    let c = BinaryConfusion(prediction: [0, 0, 0, 0], truth: [0, 0, 0, 0])
    #expect(c.foregroundIoU == 0)
    #expect(c.foregroundRecall == 0)
    #expect(c.backgroundIoU == 1)
    #expect(c.meanIoU == 0.5)
    #expect(c.pixelAccuracy == 1)
  }

  @Test func falsePositivesOnlyGiveZeroIoUAndRecall() {
    let c = BinaryConfusion(prediction: [1, 1, 0, 0], truth: [0, 0, 0, 0])
    #expect(c.foregroundIoU == 0)
    #expect(c.foregroundRecall == 0)
    #expect(c.backgroundIoU == 0.5)
    #expect(c.pixelAccuracy == 0.5)
  }

  @Test func nonZeroClassValuesCountAsForeground() {
    let c = BinaryConfusion(prediction: [255, 0], truth: [1, 1])
    #expect(c == BinaryConfusion(trueNegatives: 0, falsePositives: 0, falseNegatives: 1, truePositives: 1))
  }
}
