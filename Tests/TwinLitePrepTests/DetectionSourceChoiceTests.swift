import Foundation
import Testing
import TwinLitePrep

/// `--det-annotations auto` takes the chosen 2018 labels' own boxes, else 2020 `det_20`, else any
/// 2018 layout, else none (empty object lists); an explicit layout must exist.
@Suite struct DetectionSourceChoiceTests {
  func sources(_ root: String, labels: LabelSourceKind? = nil, _ choice: DetectionChoice = .auto) throws
    -> [DetectionSourceKind?]
  {
    let inputs = try InputDetector.detect(root: root, splits: ["train", "val"], labels: labels)
    return try choice.resolve(inputs).map(\.source)
  }

  @Test func autoFollowsTheMaskLabelsThenFallsBack() throws {
    let root = try PrepTest.sampleTree(frames: 4, seed: 2)
    #expect(try sources(root) == [.det2020, .det2020])
    #expect(try sources(root, labels: .aggregate2018) == [.aggregate2018, .aggregate2018])
    #expect(try sources(root, labels: .perImage2018) == [.perImage2018, .perImage2018])
    #expect(try sources(root, labels: .perImage2018, .only(.det2020)) == [.det2020, .det2020])
    try PrepTest.remove(root, "labels/det_20")
    #expect(try sources(root) == [.aggregate2018, .aggregate2018])
    for split in ["train", "val"] { try PrepTest.remove(root, "labels/bdd100k_labels_images_\(split).json") }
    #expect(try sources(root) == [.perImage2018, .perImage2018])
    try PrepTest.remove(root, "labels/100k")
    #expect(try sources(root) == [nil, nil])
    let inputs = try InputDetector.detect(root: root, splits: ["train"])
    let line = try DetectionChoice.auto.resolve(inputs)[0].reportLine(root: root)
    #expect(line == "  train: no detection labels found; det_annotations get empty object lists")
  }

  @Test func anExplicitLayoutMustExistAndOffChoosesNothing() throws {
    let root = try PrepTest.sampleTree(frames: 4, seed: 3)
    try PrepTest.remove(root, "labels/det_20")
    let inputs = try InputDetector.detect(root: root, splits: ["train", "val"])
    #expect(
      throws: DatasetError.invalidOption(
        name: "det-annotations", reason: "split train has no 2020 det_20 boxes (converted to 2018 names)")
    ) {
      try DetectionChoice.only(.det2020).resolve(inputs)
    }
    #expect(try DetectionChoice.off.resolve(inputs).isEmpty)
  }

  @Test func theOptionParsesEveryValueAndNothingElse() {
    #expect(DetectionChoice(argument: "auto") == .auto && DetectionChoice(argument: "off") == .off)
    #expect(DetectionChoice(argument: "2020") == .only(.det2020))
    #expect(DetectionChoice(argument: "2018-aggregate") == .only(.aggregate2018))
    #expect(DetectionChoice(argument: "2018-per-image") == .only(.perImage2018))
    #expect(DetectionChoice(argument: "on") == nil && DetectionChoice(argument: "det_20") == nil)
  }
}
