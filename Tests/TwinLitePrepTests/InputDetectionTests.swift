import Foundation
import Testing
import TwinLitePrep
import _TwinLiteTestSupport

/// Each BDD100K tree is recognised, and the documented precedence picks the source.
@Suite struct InputDetectionTests {
  func tree(_ files: [String]) throws -> String {
    let root = try Fixtures.temporaryDirectory("detect").path
    for file in files { try PrepTest.write("[]", to: "\(root)/\(file)") }
    return root
  }

  @Test func perImageLayout() throws {
    let root = try tree(["labels/100k/train/a.json", "labels/100k/train/b.json", "images/100k/train/a.jpg"])
    let inputs = try InputDetector.detect(root: root, splits: ["train", "val"])
    let train = inputs.splits[0]
    #expect(train.labelSource == .perImage2018 && train.perImageCount == 2)
    #expect(train.imagesDirectory == "\(root)/images/100k/train")
    #expect(train.drivableMaps == nil)
    #expect(inputs.splits[1].labelSource == nil)
  }

  @Test func aggregateBeatsPerImage() throws {
    let root = try tree(["labels/100k/val/a.json", "labels/bdd100k_labels_images_val.json"])
    let s = try InputDetector.detect(root: root, splits: ["val"]).splits[0]
    #expect(s.labelSource == .aggregate2018)
    #expect(s.availableLabelSources == [.aggregate2018, .perImage2018])
  }

  @Test func complete2020BeatsEverything() throws {
    let root = try tree([
      "labels/drivable/polygons/drivable_train.json", "labels/lane/polygons/lane_train.json",
      "labels/bdd100k_labels_images_train.json", "labels/100k/train/a.json",
      "labels/drivable/masks/train/a.png",
    ])
    let s = try InputDetector.detect(root: root, splits: ["train"]).splits[0]
    #expect(s.labelSource == .scalabel2020)
    #expect(s.drivableMaps == nil, "polygons exist, so maps are not used by default")
  }

  @Test func laneOnly2020UsesDrivableMapsAnd2020MasksBeat2018Maps() throws {
    let root = try tree([
      "labels/lane/polygons/lane_train.json", "labels/drivable/masks/train/a.png",
      "drivable_maps/labels/train/a_drivable_id.png",
    ])
    let s = try InputDetector.detect(root: root, splits: ["train"]).splits[0]
    #expect(s.labelSource == .scalabel2020)
    #expect(s.drivableMaps == .masks2020)
    #expect(s.availableDrivableMaps == [.masks2020, .drivableId2018])

    let only2018 = try tree([
      "labels/lane/polygons/lane_val.json", "drivable_maps/labels/val/a_drivable_id.png",
    ])
    #expect(
      try InputDetector.detect(root: only2018, splits: ["val"]).splits[0].drivableMaps == .drivableId2018)
  }

  @Test func partial2020LosesToComplete2018() throws {
    let root = try tree(["labels/lane/polygons/lane_train.json", "labels/bdd100k_labels_images_train.json"])
    #expect(try InputDetector.detect(root: root, splits: ["train"]).splits[0].labelSource == .aggregate2018)
  }

  @Test func forcedChoicesAndTheirErrors() throws {
    let root = try tree([
      "labels/drivable/polygons/drivable_train.json", "labels/lane/polygons/lane_train.json",
      "labels/100k/train/a.json", "labels/drivable/masks/train/a.png",
    ])
    let forced = try InputDetector.detect(
      root: root, splits: ["train"], labels: .perImage2018, drivable: .maps)
    #expect(forced.splits[0].labelSource == .perImage2018 && forced.splits[0].drivableMaps == .masks2020)
    #expect(throws: DatasetError.self) {
      try InputDetector.detect(root: root, splits: ["train"], labels: .aggregate2018)
    }
    let noMaps = try tree(["labels/100k/train/a.json"])
    #expect(throws: DatasetError.self) {
      try InputDetector.detect(root: noMaps, splits: ["train"], drivable: .maps)
    }
    let lanesOnly = try tree(["labels/lane/polygons/lane_train.json"])
    #expect(throws: DatasetError.self) {
      try InputDetector.detect(root: lanesOnly, splits: ["train"], drivable: .polygons)
    }
  }

  @Test func missingRootAndEmptyRoot() throws {
    #expect(throws: DatasetError.rootNotFound("/nonexistent/bdd")) {
      try InputDetector.detect(root: "/nonexistent/bdd", splits: ["train"])
    }
    let empty = try tree(["images/100k/train/a.jpg"])
    do {
      _ = try InputDetector.detect(root: empty, splits: ["train"])
      Issue.record("an empty root was accepted")
    } catch {
      guard case .noInputs(_, let splits, let looked) = error else {
        Issue.record("expected noInputs, got \(error)")
        return
      }
      #expect(splits == ["train"])
      #expect(looked.contains("labels/bdd100k_labels_images_train.json"))
    }
  }

  @Test func reportNamesWhatWasFoundAndUsed() throws {
    let root = try tree(["labels/lane/polygons/lane_train.json", "labels/drivable/masks/train/a.png"])
    let report = try InputDetector.detect(root: root, splits: ["train"]).report.joined(separator: "\n")
    #expect(report.contains("2020 lane polygons labels/lane/polygons/lane_train.json"))
    #expect(report.contains("drivable from PNG maps (2020-masks)"))
  }
}
