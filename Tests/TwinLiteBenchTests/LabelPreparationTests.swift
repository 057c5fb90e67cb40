import Testing
import TwinLiteBench
import TwinLiteCore
import TwinLiteImageIO

/// Labels prepared as the official loader does: INTER_LINEAR to 640×360, then `> 1`.
@Suite struct LabelPreparationTests {
  @Test func halvingIsTwoByTwoOrPooling() {
    // 1280×720 with single 255 pixels at scattered positions, one per chosen 2×2 block.
    var mask = Mask(width: 1280, height: 720)
    let points = [(0, 0), (3, 0), (641, 359), (1279, 719), (100, 201), (1000, 1)]
    for (x, y) in points { mask[x, y] = 255 }
    let classes = AccuracyLabels.prepare(mask)
    #expect(classes.count == 640 * 360)
    var expected = [UInt8](repeating: 0, count: 640 * 360)
    for (x, y) in points { expected[(y / 2) * 640 + x / 2] = 1 }
    #expect(classes == expected)
  }

  @Test func zeroOneMasksBecomeBackground() {
    // `(1 + 1 + 1 + 1 + 2) >> 2 = 1`, not > 1: a 0/1 mask is all background, as upstream.
    let mask = Mask(width: 1280, height: 720, fill: 1)
    #expect(AccuracyLabels.prepare(mask).allSatisfy { $0 == 0 })
  }

  @Test func smallValuesSurviveOnlyAboveOneAfterAveraging() {
    // One 6 in a block: (6 + 2) >> 2 = 2 > 1 → foreground; one 5: (5 + 2) >> 2 = 1 → background.
    var mask = Mask(width: 1280, height: 720)
    mask[0, 0] = 6
    mask[2, 0] = 5
    let classes = AccuracyLabels.prepare(mask)
    #expect(classes[0] == 1)
    #expect(classes[1] == 0)
  }

  @Test func networkSizedMasksAreOnlyThresholded() {
    var mask = Mask(width: 640, height: 360)
    mask[5, 5] = 2
    mask[6, 5] = 1
    let classes = AccuracyLabels.prepare(mask)
    #expect(classes[5 * 640 + 5] == 1)
    #expect(classes[5 * 640 + 6] == 0)
    #expect(classes.reduce(0) { $0 + Int($1) } == 1)
  }

  @Test func colourLabelsUseOpenCVGrayWeights() {
    // Pure blue 255 → round(0.114 · 255) = 29; pure red 1 → 0.
    let image = PNGImage(
      width: 2, height: 1, colorType: .rgb, bitDepth: 8, channels: 3, pixels: [0, 0, 255, 1, 0, 0])
    #expect(AccuracyLabels.grayscale(image).pixels == [29, 0])
  }
}
