import Foundation
import Testing
import _TwinLiteTestSupport

/// Edited labels never leave stale masks (docs/prep-pipeline.md, "Guarantees" 3 and 4), in every
/// label layout: `verify` flags the stale shard, a plain rerun rebuilds exactly it and says why,
/// its masks equal a fresh run's, and the catalog records the edited file.
@Suite(.serialized) struct StaleLabelsRebuildTests {
  struct Layout: Sendable, CustomStringConvertible {
    var labels: String
    var file: String
    var description: String { labels }
  }

  static let layouts = [
    Layout(labels: "2020", file: "labels/lane/polygons/lane_train.json"),
    Layout(labels: "2018-aggregate", file: "labels/bdd100k_labels_images_train.json"),
    Layout(labels: "2018-per-image", file: "labels/100k/train"),
  ]

  /// Moves the first vertex of the first lane of the first train frame that has one by 40 px.
  static func moveOneVertex(_ root: String, _ layout: Layout) throws -> String {
    var path = "\(root)/\(layout.file)"
    if layout.labels == "2018-per-image" {
      let first = try #require(try FileManager.default.contentsOfDirectory(atPath: path).sorted().first)
      path += "/\(first)"
    }
    let url = URL(fileURLWithPath: path)
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    var frames = (json as? [[String: Any]]) ?? [try #require(json as? [String: Any])]
    for index in frames.indices {
      guard var labels = frames[index]["labels"] as? [[String: Any]],
        let lane = labels.firstIndex(where: { Self.isLane($0["category"] as? String ?? "") }),
        var poly = labels[lane]["poly2d"] as? [[String: Any]],
        var vertices = poly.first?["vertices"] as? [[Double]]
      else { continue }
      vertices[0][0] = vertices[0][0] < 600 ? vertices[0][0] + 40 : vertices[0][0] - 40
      poly[0]["vertices"] = vertices
      labels[lane]["poly2d"] = poly
      frames[index]["labels"] = labels
      let object: Any = json is [Any] ? frames : frames[0]
      try JSONSerialization.data(withJSONObject: object).write(to: url)
      return (frames[index]["name"] as? String ?? "").replacingOccurrences(of: ".jpg", with: "")
    }
    throw PipelineCLIRunner.Failure(description: "no lane to move in \(path)")
  }

  /// 2018 names lanes `lane`/`lane/TYPE`; the 2020 lane file names them by type.
  static func isLane(_ category: String) -> Bool {
    !(category.hasPrefix("area") || category == "drivable area" || ["direct", "alternative"].contains(category))
  }

  @Test(arguments: layouts) func editedLabelRebuildsItsShardAndVerifyPassesAgain(_ layout: Layout) throws {
    let work = try Fixtures.temporaryDirectory("stale")
    let root = work.appendingPathComponent("sample").path
    #expect(try PipelineCLIRunner.run(["sample", root, "--frames", "24", "--seed", "7", "--quiet"]).status == 0)
    let out = work.appendingPathComponent("out").path
    let convert = [root, "--out", out, "--labels", layout.labels, "--shard-size", "4", "--quiet", "--no-images"]
    #expect(try PipelineCLIRunner.run(convert).status == 0)

    let frame = try Self.moveOneVertex(root, layout)
    let verifyStale = try PipelineCLIRunner.run(["verify", out])
    if layout.labels != "2018-per-image" {  // per-image folders are fingerprinted by listing only
      #expect(verifyStale.status == 3 && verifyStale.stdout.contains("stale"), "\(verifyStale.stdout)")
    }
    let rerun = try PipelineCLIRunner.run(convert)
    #expect(rerun.status == 0, "\(rerun.stderr)")
    #expect(rerun.stdout.contains("(1 built,"), "\(rerun.stdout)")
    #expect(rerun.stderr.contains("inputs of 1 frame changed (train/\(frame))"), "\(rerun.stderr)")

    let fresh = work.appendingPathComponent("fresh").path
    #expect(try PipelineCLIRunner.run([root, "--out", fresh] + convert.dropFirst(3)).status == 0)
    let lane = "lane/train/\(frame).png"
    let rebuilt = try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(lane)"))
    #expect(rebuilt == (try Data(contentsOf: URL(fileURLWithPath: "\(fresh)/\(lane)"))))
    let verify = try PipelineCLIRunner.run(["verify", out])
    #expect(verify.status == 0, "\(verify.stdout)")
  }
}
