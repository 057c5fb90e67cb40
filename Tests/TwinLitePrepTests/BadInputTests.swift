import Foundation
import Testing
import TwinLitePrep
import _TwinLiteTestSupport

/// Broken label files and missing images fail their own frame with a message naming the file
/// (and label index) and the problem; every other frame is still converted.
@Suite struct BadInputTests {
  /// A per-image-only sample tree and its train label files (sorted).
  func perImageTree() throws -> (root: String, files: [String]) {
    let root = try PrepTest.sampleTree(frames: 12, seed: 8, label: "bad")
    for path in [
      "labels/drivable", "labels/lane", "labels/bdd100k_labels_images_train.json",
      "labels/bdd100k_labels_images_val.json",
    ] {
      try PrepTest.remove(root, path)
    }
    let dir = "\(root)/labels/100k/train"
    return (root, PrepTest.files(dir).map { "\(dir)/\($0)" })
  }

  /// Rewrites object `index` of a v0 file with `edit`.
  func editObject(_ path: String, _ index: Int, _ edit: (inout [String: Any]) -> Void) throws {
    var root =
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    var frames = root["frames"] as! [[String: Any]]
    var objects = frames[0]["objects"] as! [[String: Any]]
    edit(&objects[index])
    frames[0]["objects"] = objects
    root["frames"] = frames
    try JSONSerialization.data(withJSONObject: root).write(to: URL(fileURLWithPath: path))
  }

  @Test func eachBrokenFrameFailsAloneWithANamedMessage() throws {
    let (root, files) = try perImageTree()
    #expect(files.count == 9)
    // 0 malformed JSON (truncated), 1 wrong type, 2 unknown lane type, 3 huge coordinate,
    // 4 empty poly2d, 5 NaN literal, 6 missing image.
    let text = try String(contentsOfFile: files[0], encoding: .utf8)
    try String(text.prefix(text.count / 2)).write(toFile: files[0], atomically: false, encoding: .utf8)
    try editObject(files[1], 3) { $0["poly2d"] = [["x", 719, "L"], [612, 400, "L"]] }
    try editObject(files[2], 4) { $0["category"] = "lane/rainbow" }
    try editObject(files[3], 5) { $0["poly2d"] = [[1e300, 719, "L"], [612, 400, "L"]] }
    try editObject(files[4], 0) { $0["poly2d"] = [] as [Any] }
    let nan = try String(contentsOfFile: files[5], encoding: .utf8)
    #expect(nan.contains("720"))
    try nan.replacingOccurrences(of: "720", with: "NaN").write(
      toFile: files[5], atomically: false, encoding: .utf8)
    let sixth = (files[6] as NSString).lastPathComponent.replacingOccurrences(of: ".json", with: "")
    let image = "\(root)/images/100k/train/\(sixth).jpg"
    try FileManager.default.removeItem(atPath: image)

    let run = try PrepTest.convert(root)
    #expect(run.summary.frames == 12)
    #expect(run.summary.converted == 5, "2 good train frames + 3 val frames")
    #expect(run.summary.exitCode == 3)
    let byFile = Dictionary(
      uniqueKeysWithValues: files.enumerated().map { i, path in
        let name = (path as NSString).lastPathComponent.replacingOccurrences(of: ".json", with: "")
        return (i, run.summary.allFailures.first { $0.frame == "train/\(name)" }?.error ?? "")
      })
    for i in 0...5 { #expect(byFile[i]!.hasPrefix(files[i]), "message \(i) names the file: \(byFile[i]!)") }
    #expect(byFile[0]!.contains("malformed JSON"))
    #expect(byFile[1]!.contains("label 3") && byFile[1]!.contains("string"))
    #expect(byFile[2]!.contains("label 4") && byFile[2]!.contains("rainbow"))
    #expect(byFile[3]!.contains("label 5"))
    #expect(byFile[4]!.contains("label 0"))
    #expect(!byFile[5]!.isEmpty)
    #expect(byFile[6]!.contains(image) && byFile[6]!.contains("not found"))
    for i in 7...8 { #expect(byFile[i]!.isEmpty) }
    // Converted frames have all their files; failed frames have none under a final name.
    #expect(PrepTest.files("\(run.out)/segments/train").count == 2)
    #expect(PrepTest.files("\(run.out)/lane/val").count == 3)
  }

  @Test func missingImagesAreFineWithNoImages() throws {
    let (root, _) = try perImageTree()
    try PrepTest.remove(root, "images")
    let run = try PrepTest.convert(root, options: FrameOutputOptions(images: .none))
    #expect(run.summary.converted == 12 && run.summary.exitCode == 0)
    #expect(!FileManager.default.fileExists(atPath: "\(run.out)/images"))
  }

  @Test func aBrokenAggregateFileFailsItsSplitAndTheOtherSplitConverts() throws {
    let root = try PrepTest.sampleTree(frames: 8, seed: 4, label: "bad-agg")
    for path in ["labels/drivable", "labels/lane", "labels/100k"] { try PrepTest.remove(root, path) }
    try "[{\"name\": \"x.jpg\", \"labels\": [".write(
      toFile: "\(root)/labels/bdd100k_labels_images_train.json", atomically: false, encoding: .utf8)
    let run = try PrepTest.convert(root)
    #expect(run.summary.converted == 2, "the val frames")
    #expect(run.summary.exitCode == 3)
    #expect(run.summary.allFailures.contains { $0.error.contains("bdd100k_labels_images_train.json") })
  }
}
