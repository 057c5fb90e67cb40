import Testing
import TwinLiteBench
import TwinLiteCore

/// Paper-exact (per-batch reset, batch-size-weighted mean) versus dataset-level aggregation.
@Suite struct PaperAggregationTests {
  func image(da: (Int, Int, Int, Int), ll: (Int, Int, Int, Int)) -> ImageConfusion {
    ImageConfusion(
      drivable: BinaryConfusion(
        trueNegatives: da.0, falsePositives: da.1, falseNegatives: da.2, truePositives: da.3),
      lane: BinaryConfusion(
        trueNegatives: ll.0, falsePositives: ll.1, falseNegatives: ll.2, truePositives: ll.3))
  }

  @Test func batchScoresAreWeightedByBatchSize() {
    // Batch A: two images; its summed lane matrix is TN 14, FP 2, FN 2, TP 2.
    let a1 = image(da: (5, 1, 0, 4), ll: (8, 0, 1, 1))
    let a2 = image(da: (6, 0, 2, 2), ll: (6, 2, 1, 1))
    // Batch B: one image without lane pixels in truth or prediction.
    let b1 = image(da: (2, 0, 0, 8), ll: (10, 0, 0, 0))
    var m = MetricsAccumulator()
    m.addBatch([a1, a2])
    m.addBatch([b1])
    #expect(m.frames == 3)
    #expect(m.batches == 2)

    // Batch A lane: IoU 2/6, recall 2/4, pixel acc 16/20. DA: TN 11 FP 1 FN 2 TP 6 →
    // bg IoU 11/14, fg IoU 6/9.
    let aLaneIoU = 2.0 / 6.0
    let aRecall = 2.0 / (4.0 + 1e-12)
    let aPixel = 16.0 / 20.0
    let aDA = (11.0 / 14.0 + 6.0 / 9.0) / 2
    // Batch B lane: IoU 0 (nan → 0), recall 0, pixel acc 1. DA: bg 2/2, fg 8/8 → mIoU 1.
    let paper = m.paper
    #expect(abs(paper.llIoU - (aLaneIoU * 2 + 0) / 3) < 1e-12)
    #expect(abs(paper.llAcc - (aRecall * 2 + 0) / 3) < 1e-12)
    #expect(abs(paper.llPixelAcc - (aPixel * 2 + 1) / 3) < 1e-12)
    #expect(abs(paper.daMIoU - (aDA * 2 + 1) / 3) < 1e-12)

    // Dataset level: lane TN 24 FP 2 FN 2 TP 2; DA TN 13 FP 1 FN 2 TP 14.
    let dataset = m.dataset
    #expect(abs(dataset.llIoU - 2.0 / 6.0) < 1e-12)
    #expect(abs(dataset.llAcc - 2.0 / 4.0) < 1e-12)
    #expect(abs(dataset.llPixelAcc - 26.0 / 30.0) < 1e-12)
    #expect(abs(dataset.daMIoU - (13.0 / 16.0 + 14.0 / 17.0) / 2) < 1e-12)
  }

  @Test func laneFreeBatchPullsThePaperAverageDown() {
    let good = image(da: (1, 0, 0, 1), ll: (1, 0, 0, 1))
    let empty = image(da: (1, 0, 0, 1), ll: (2, 0, 0, 0))
    var together = MetricsAccumulator()
    together.addBatch([good, empty])
    var apart = MetricsAccumulator()
    apart.addBatch([good])
    apart.addBatch([empty])
    // One batch: lane IoU 1. Separate batches: (1 + 0) / 2. Dataset level is the same both ways.
    #expect(together.paper.llIoU == 1)
    #expect(apart.paper.llIoU == 0.5)
    #expect(apart.paper.llAcc < 0.5 + 1e-9 && apart.paper.llAcc > 0.5 - 1e-9)
    #expect(together.dataset == apart.dataset)
  }

  @Test func emptyAccumulatorScoresZero() {
    let m = MetricsAccumulator()
    #expect(m.paper == SegmentationScores(daMIoU: 0, llAcc: 0, llIoU: 0, llPixelAcc: 0))
    #expect(m.frames == 0)
  }
}
