import Foundation
import Testing
import TwinLitePrep
import _TwinLiteTestSupport

/// Each tree's folder layout is detected on its own; trees and splits that are not there are
/// usage errors that say where the tool looked.
@Suite struct DiffLayoutDetectionTests {
  func tree(_ folders: [String]) throws -> String {
    let root = try Fixtures.temporaryDirectory("diff-layout").path
    for folder in folders {
      try FileManager.default.createDirectory(atPath: "\(root)/\(folder)", withIntermediateDirectories: true)
    }
    return root
  }

  @Test(arguments: [
    (["segments/val", "lane/val"], "twinlite", "segments", "lane"),
    (
      ["da_seg_annotations/val", "ll_seg_annotations/val"], "yolop", "da_seg_annotations",
      "ll_seg_annotations"
    ),
    (["bdd_seg_gt/train", "bdd_lane_gt/train"], "yolop-config", "bdd_seg_gt", "bdd_lane_gt"),
    (["da_seg_annotations/val"], "yolop", "da_seg_annotations", nil),
  ])
  func knownLayouts(folders: [String], layout: String, drivable: String, lane: String?) throws {
    let found = try MaskTreeLayout.detect(root: tree(folders), side: "A")
    #expect(found.layout == layout && found.drivable == drivable && found.lane == lane)
  }

  @Test func theSplitsAreTheSubfoldersOfEitherHead() throws {
    let found = try MaskTreeLayout.detect(
      root: tree(["segments/val", "lane/train", "images/test"]), side: "A")
    #expect(found.splits == ["train", "val"])
  }

  @Test func aMissingRootOrEmptyTreeIsNamed() throws {
    let empty = try tree(["images/val"])
    #expect(throws: DiffError.rootNotFound(side: "B", path: "\(empty)/nope")) {
      try MaskTreeLayout.detect(root: "\(empty)/nope", side: "B")
    }
    do {
      _ = try MaskTreeLayout.detect(root: empty, side: "A")
      Issue.record("an empty tree was accepted")
    } catch {
      #expect(error.description.hasPrefix("\(empty): no mask folders in tree A"))
      #expect(error.description.contains("\(empty)/da_seg_annotations/<split>/"))
      #expect(error.isUsage)
    }
  }

  @Test func anAbsentSplitIsAUsageError() throws {
    let a = try tree(["segments/val", "lane/val"])
    let b = try tree(["da_seg_annotations/val", "ll_seg_annotations/val"])
    do {
      _ = try MaskTreeDiff.run(a: a, b: b, options: MaskDiffOptions(split: "test"))
      Issue.record("split test was accepted")
    } catch {
      guard case .splitNotFound(let split, let looked) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(split == "test" && looked.contains("\(b)/ll_seg_annotations/test"))
    }
  }

  @Test func aHeadMissingFromOneTreeCountsAsUnmatched() throws {
    let a = try tree(["segments/val", "lane/val"])
    let b = try tree(["da_seg_annotations/val"])
    for name in ["x", "y"] {
      FileManager.default.createFile(atPath: "\(a)/lane/val/\(name).png", contents: Data())
    }
    let report = try MaskTreeDiff.run(a: a, b: b, options: MaskDiffOptions())
    #expect(report.b.lane == nil && report.frames == 0)
    #expect(report.lane.onlyInA == 2 && report.lane.onlyInB == 0 && report.lane.iou == nil)
    #expect(report.unmatched.map(\.file) == ["\(a)/lane/val/x.png", "\(a)/lane/val/y.png"])
  }
}
