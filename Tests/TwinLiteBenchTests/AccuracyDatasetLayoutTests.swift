import Foundation
import Testing
import TwinLiteBench
import _TwinLiteTestSupport

/// Frame listing of prepared folders: sorted order, both folder layouts, missing frames.
@Suite struct AccuracyDatasetLayoutTests {
  func folder(_ labelFolders: (String, String), names: [String]) throws -> URL {
    let out = try Fixtures.temporaryDirectory("bench-layout")
    let fm = FileManager.default
    for kind in ["images", labelFolders.0, labelFolders.1] {
      try fm.createDirectory(at: out.appendingPathComponent("\(kind)/val"), withIntermediateDirectories: true)
    }
    for name in names {
      for path in [
        "images/val/\(name).jpg", "\(labelFolders.0)/val/\(name).png", "\(labelFolders.1)/val/\(name).png",
      ] {
        try Data().write(to: out.appendingPathComponent(path))
      }
    }
    return out
  }

  @Test func twinliteLayoutSortedByByteOrder() throws {
    let out = try folder(("segments", "lane"), names: ["b", "B", "a2", "a10"])
    defer { try? FileManager.default.removeItem(at: out) }
    let frames = try AccuracyDataset.frames(data: out.path, split: "val")
    #expect(frames.map(\.name) == ["B", "a10", "a2", "b"])
    #expect(frames[0].drivable == out.appendingPathComponent("segments/val/B.png").path)
    #expect(frames[0].lane == out.appendingPathComponent("lane/val/B.png").path)
  }

  @Test func yolopLayoutIsFound() throws {
    let out = try folder(("da_seg_annotations", "ll_seg_annotations"), names: ["x"])
    defer { try? FileManager.default.removeItem(at: out) }
    let frames = try AccuracyDataset.frames(data: out.path, split: "val")
    #expect(frames.first?.drivable == out.appendingPathComponent("da_seg_annotations/val/x.png").path)
    #expect(frames.first?.lane == out.appendingPathComponent("ll_seg_annotations/val/x.png").path)
  }

  @Test func emptySplitNamesTheFolder() throws {
    let out = try folder(("segments", "lane"), names: [])
    defer { try? FileManager.default.removeItem(at: out) }
    let images = out.appendingPathComponent("images").appendingPathComponent("val").path
    #expect(throws: AccuracyError.noFrames(folder: images)) {
      try AccuracyDataset.frames(data: out.path, split: "val")
    }
  }
}
