import Foundation
import Testing
import TwinLiteCore
import TwinLitePrep
import _TwinLiteTestSupport

/// `MaskTreeDiff` on our masks against a "published" tree with known perturbations: every count
/// and score equals what this test computes itself from the two sets of pixels.
@Suite struct DiffPerturbedTreeTests {
  /// Pixel counts of one head, summed the plain way.
  struct Expected {
    var a = 0
    var b = 0
    var both = 0
    var frameIoUs: [String: Double] = [:]
  }

  func expected(_ trees: PerturbedMaskTrees, _ head: MaskHead) throws -> Expected {
    var result = Expected()
    for frame in [trees.shifted, trees.cut, trees.zeroOne, trees.rgb, trees.same] {
      let ours = try PrepTest.mask(
        "\(trees.ours)/\(head == .drivable ? "segments" : "lane")/val/\(frame).png")
      let theirs = try #require(trees.publishedMasks[head]?[frame])
      var (a, b, both) = (0, 0, 0)
      for i in 0..<ours.pixels.count {
        let inA = ours.pixels[i] > 0
        let inB = theirs.pixels[i] > 0
        if inA { a += 1 }
        if inB { b += 1 }
        if inA && inB { both += 1 }
      }
      result.a += a
      result.b += b
      result.both += both
      if a + b - both > 0 { result.frameIoUs[frame] = Double(both) / Double(a + b - both) }
    }
    return result
  }

  /// numpy's default percentile: linear between the closest ranks.
  func percentile(_ values: [Double], _ q: Double) -> Double {
    let v = values.sorted()
    let position = q * Double(v.count - 1)
    let i = Int(position)
    return i + 1 < v.count ? v[i] + (v[i + 1] - v[i]) * (position - Double(i)) : v[i]
  }

  @Test(arguments: MaskHead.allCases)
  func scoresEqualIndependentCounts(head: MaskHead) throws {
    let trees = try PerturbedMaskTrees.get()
    let report = try MaskTreeDiff.run(
      a: trees.ours, b: trees.published, options: MaskDiffOptions(split: "val"))
    let summary = report.head(head)
    let e = try expected(trees, head)
    #expect(report.splits == ["val"] && report.frames == 5)
    #expect(summary.frames == 5 && summary.onlyInA == 1 && summary.onlyInB == 1 && summary.errors == 0)
    #expect(
      summary.pixels == DiffPixelCounts(a: e.a, b: e.b, intersection: e.both, union: e.a + e.b - e.both))
    #expect(summary.iou == Double(e.both) / Double(e.a + e.b - e.both))
    #expect(summary.precision == Double(e.both) / Double(e.a))
    #expect(summary.recall == Double(e.both) / Double(e.b))
    let ious = Array(e.frameIoUs.values)
    #expect(summary.frameIoU.scored == ious.count && summary.frameIoU.emptyBoth == 5 - ious.count)
    #expect(summary.frameIoU.min == ious.min())
    #expect(abs(try #require(summary.frameIoU.p5) - percentile(ious, 0.05)) < 1e-12)
    #expect(abs(try #require(summary.frameIoU.median) - percentile(ious, 0.5)) < 1e-12)
    #expect(summary.zeroOneFrames == DiffSideCounts(a: 0, b: 1))
  }

  @Test func thePerturbationsLandWhereTheyWereMade() throws {
    let trees = try PerturbedMaskTrees.get()
    let report = try MaskTreeDiff.run(
      a: trees.ours, b: trees.published, options: MaskDiffOptions(split: "val"))
    let lane = try expected(trees, .lane)
    let drivable = try expected(trees, .drivable)
    // Only the perturbed head of the perturbed frame differs; 0/1 and RGB files compare as 0/255.
    for frame in [trees.zeroOne, trees.rgb, trees.same] {
      #expect(lane.frameIoUs[frame] == 1 && drivable.frameIoUs[frame] == 1, "\(frame)")
    }
    #expect(drivable.frameIoUs[trees.shifted] == 1 && lane.frameIoUs[trees.cut] == 1)
    let shiftedIoU = try #require(lane.frameIoUs[trees.shifted])
    let cutIoU = try #require(drivable.frameIoUs[trees.cut])
    #expect(shiftedIoU < 1 && cutIoU < 1)
    let worstLane = try #require(report.worst.first { $0.head == .lane })
    let worstDrivable = try #require(report.worst.first { $0.head == .drivable })
    #expect(worstLane.frame == trees.shifted && worstLane.iou == shiftedIoU)
    #expect(worstDrivable.frame == trees.cut && worstDrivable.iou == cutIoU)
    #expect(
      worstDrivable.aPixels > worstDrivable.bPixels && worstDrivable.intersection == worstDrivable.bPixels)
    let unmatched = Set(report.unmatched.map { "\($0.onlyIn) \($0.head.rawValue) \($0.frame)" })
    #expect(
      unmatched == [
        "A drivable \(trees.missing)", "A lane \(trees.missing)", "B drivable \(trees.onlyInB)",
        "B lane \(trees.onlyInB)",
      ])
  }

  @Test func everySplitIsComparedWhenNoneIsNamed() throws {
    let trees = try PerturbedMaskTrees.get()
    let report = try MaskTreeDiff.run(a: trees.ours, b: trees.published, options: MaskDiffOptions())
    #expect(report.splits == ["train", "val"] && report.frames == 5)
    let train = try #require(report.perSplit.first { $0.split == "train" })
    #expect(train.frames == 0 && train.lane.onlyInA == 18 && train.drivable.onlyInA == 18)
    #expect(train.lane.iou == nil && train.lane.frameIoU.median == nil)
    #expect(report.lane.onlyInA == 19 && report.lane.frames == 5)
  }

  @Test func oneThreadAndTwoThreadsGiveTheSameReport() throws {
    let trees = try PerturbedMaskTrees.get()
    let serial = try MaskTreeDiff.run(
      a: trees.ours, b: trees.published, options: MaskDiffOptions(split: "val", jobs: 1))
    let parallel = try MaskTreeDiff.run(
      a: trees.ours, b: trees.published, options: MaskDiffOptions(split: "val", jobs: 2))
    #expect(serial == parallel)
  }
}
