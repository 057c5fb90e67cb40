import Foundation
import TwinLiteDataset
import TwinLitePrep
import _TwinLiteTestSupport

/// `--layout yolop` runs with det_annotations, and reads of what they wrote.
extension PrepTest {
  static func convertYOLOP(
    _ root: String, labels: LabelSourceKind? = nil, choice: DetectionChoice = .auto
  ) throws -> (out: String, summary: PipelineSummary, plan: FramePlan) {
    let inputs = try InputDetector.detect(root: root, splits: ["train", "val"], labels: labels)
    var plan = FramePlanner.plan(inputs, images: false)
    let detection = try choice.resolve(inputs)
    DetectionPlanner.attach(detection, to: &plan)
    var options = FrameOutputOptions(layout: .yolop, images: .none)
    options.detection = detection
    let out = try Fixtures.temporaryDirectory("yolop-out").appendingPathComponent("out").path
    return (out, try run(inputs, plan, options, out: out), plan)
  }

  /// The boxes of a written det_annotations file, checked by the same rules as a 2018 file
  /// used unchanged (what YOLOP's loader can read).
  static func boxes(_ path: String) throws -> [DetectionBox] {
    try LabelReader.perImageDetections(
      Array(try Data(contentsOf: URL(fileURLWithPath: path))), file: path, name: ""
    ).boxes
  }

  /// The sample's boxes of frame `name`, in 2018 names, as (class, x1, y1, x2, y2).
  static func sceneBoxes(_ scenes: [SampleScene], _ name: String) -> [[String]] {
    scenes.first { $0.name == name }!.boxes.map {
      [$0.category == "traffic light" ? "tl_" + $0.colour2018 : $0.category2018]
        + [$0.x1, $0.y1, $0.x2, $0.y2].map { "\($0)" }
    }
  }

  static func rows(_ boxes: [DetectionBox]) -> [[String]] {
    boxes.map { [$0.yolopClass] + [$0.x1, $0.y1, $0.x2, $0.y2].map { "\($0)" } }
  }

  /// Rewrites a JSON list file with `edit` applied to its elements.
  static func editList(_ path: String, _ edit: (inout [[String: Any]]) -> Void) throws {
    let url = URL(fileURLWithPath: path)
    var items = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [[String: Any]]
    edit(&items)
    try JSONSerialization.data(withJSONObject: items).write(to: url)
  }
}
