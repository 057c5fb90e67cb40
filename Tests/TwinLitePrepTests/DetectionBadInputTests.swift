import Foundation
import Testing
import TwinLitePrep

/// Broken detection labels fail their own frame with a message naming the file, frame and label;
/// a detection list that cannot be read at all is a source failure for its split.
@Suite struct DetectionBadInputTests {
  @Test func aBrokenBoxFailsOnlyItsFrame() throws {
    let root = try PrepTest.sampleTree(frames: 8, seed: 9)
    let file = "\(root)/labels/det_20/det_train.json"
    var broken = ""
    try PrepTest.editList(file) { frames in
      broken = String((frames[1]["name"] as! String).dropLast(4))
      var labels = frames[1]["labels"] as! [[String: Any]]
      labels[0]["box2d"] = ["x1": "left", "y1": 1, "x2": 2, "y2": 3]
      frames[1]["labels"] = labels
    }
    let (out, summary, _) = try PrepTest.convertYOLOP(root)
    #expect(summary.converted == 7 && summary.exitCode == 3)
    #expect(summary.allFailures.map(\.frame) == ["train/\(broken)"])
    #expect(
      summary.allFailures.first?.error
        == "\(file): frame '\(broken).jpg', label 0: box2d.x1 is a string, not a number")
    #expect(!FileManager.default.fileExists(atPath: "\(out)/da_seg_annotations/train/\(broken).png"))
  }

  @Test func anUnreadableListDropsItsSplitWithASourceFailure() throws {
    let root = try PrepTest.sampleTree(frames: 8, seed: 10)
    let file = "\(root)/labels/det_20/det_val.json"
    try Data("[{\"name\": \"x.jpg\"".utf8).write(to: URL(fileURLWithPath: file))
    let (_, summary, plan) = try PrepTest.convertYOLOP(root)
    #expect(plan.jobs.allSatisfy { $0.split == "train" } && summary.converted == 6)
    #expect(plan.sourceFailures.map(\.file) == [file] && summary.exitCode == 3)
  }

  @Test func aPerImageFileYOLOPCannotReadFailsItsFrame() throws {
    let root = try PrepTest.sampleTree(frames: 4, seed: 11)
    let folder = "\(root)/labels/100k/train"
    let name = try #require(PrepTest.files(folder).first)
    let path = "\(folder)/\(name)"
    let url = URL(fileURLWithPath: path)
    var document = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    var frames = document["frames"] as! [[String: Any]]
    var objects = frames[0]["objects"] as! [[String: Any]]
    let light = try #require(objects.firstIndex { $0["category"] as? String == "traffic light" })
    objects[light]["attributes"] = ["trafficLightColor": "G"]
    frames[0]["objects"] = objects
    document["frames"] = frames
    try JSONSerialization.data(withJSONObject: document).write(to: url)
    let (_, summary, _) = try PrepTest.convertYOLOP(root, labels: .perImage2018)
    #expect(summary.converted == 3 && summary.allFailures.count == 1)
    #expect(
      summary.allFailures.first?.error
        == "\(path): frame '\(name.dropLast(5))', label \(light): unknown trafficLightColor 'G' "
        + "(YOLOP knows green, red, yellow, none)")
  }
}
