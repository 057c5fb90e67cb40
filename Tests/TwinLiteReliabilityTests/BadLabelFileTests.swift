import Foundation
import Testing
import _TwinLiteTestSupport

/// Each crafted label damage, end to end through `twinlite-prep`: exit 3, a failure line naming the
/// file and the problem, and every other frame still converted.
@Suite struct BadLabelFileTests {
  @Test(arguments: LabelCase.all)
  func damagedLabelFailsOnlyItsFrames(_ damage: LabelCase) throws {
    let root = try PrepSample.freshSample()
    let out = root.deletingLastPathComponent().appendingPathComponent("out")
    let trainFrames = try PrepSample.frames(root, split: "train")
    let valFrames = try PrepSample.frames(root, split: "val")
    let first = try #require(trainFrames.first)
    let target = try damage.apply(root: root, first: first)
    let result = try ToolProcess.run(
      "twinlite-prep",
      [
        root.path, "--out", out.path, "--labels", damage.layout.flag, "--drivable-source", "polygons",
        "--threads", "2", "--quiet",
      ])
    #expect(result.status == 3, "\(result)")
    let path = root.appendingPathComponent(damage.file(first: first)).path
    let lines = result.stderr.split(separator: "\n").filter { $0.contains(path) }
    #expect(!lines.isEmpty, "no stderr line names \(path): \(result)")
    let fragments = damage.expect
    #expect(
      lines.contains { line in fragments.allSatisfy { line.contains($0) } },
      "no line names \(path) with \(fragments): \(result)")

    var expected = Set(trainFrames.map { "train/\($0)" } + valFrames.map { "val/\($0)" })
    switch damage.lost {
    case .firstFrame: expected.remove("train/\(target)")
    case .trainSplit: expected = expected.filter { $0.hasPrefix("val/") }
    case .nothing: break
    }
    #expect(PrepSample.converted(out) == expected, "\(result)")
  }
}
