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

  /// Moves the first vertex of the first lane of the first train frame that has one by 40 px;
  /// returns that frame's name.
  static func moveOneVertex(_ root: String, _ layout: Layout) throws -> String {
    let path = "\(root)/\(layout.file)"
    if layout.labels == "2018-per-image" {
      for file in try FileManager.default.contentsOfDirectory(atPath: path).sorted() {
        if let name = try movePerImageVertex(URL(fileURLWithPath: "\(path)/\(file)")) { return name }
      }
      throw ToolProcess.Failure(description: "no lane to move in \(path)")
    }
    let url = URL(fileURLWithPath: path)
    var frames = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]])
    for index in frames.indices {
      guard var labels = frames[index]["labels"] as? [[String: Any]],
        let lane = labels.firstIndex(where: { Self.isLane($0["category"] as? String ?? "") }),
        var poly = labels[lane]["poly2d"] as? [[String: Any]],
        var vertices = poly.first?["vertices"] as? [[Double]]
      else { continue }
      vertices[0][0] = moved(vertices[0][0])
      poly[0]["vertices"] = vertices
      labels[lane]["poly2d"] = poly
      frames[index]["labels"] = labels
      try JSONSerialization.data(withJSONObject: frames).write(to: url)
      return (frames[index]["name"] as? String ?? "").replacingOccurrences(of: ".jpg", with: "")
    }
    throw ToolProcess.Failure(description: "no lane to move in \(path)")
  }

  /// The 2018 per-image layout: `frames[0].objects[i].poly2d` is a list of `[x, y, type]`.
  static func movePerImageVertex(_ url: URL) throws -> String? {
    guard var file = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any],
      var frames = file["frames"] as? [[String: Any]],
      var objects = frames.first?["objects"] as? [[String: Any]],
      let lane = objects.firstIndex(where: { Self.isLane($0["category"] as? String ?? "") }),
      var poly = objects[lane]["poly2d"] as? [[Any]], let x = poly.first?.first as? Double
    else { return nil }
    poly[0][0] = moved(x)
    objects[lane]["poly2d"] = poly
    frames[0]["objects"] = objects
    file["frames"] = frames
    try JSONSerialization.data(withJSONObject: file).write(to: url)
    return (file["name"] as? String ?? "").replacingOccurrences(of: ".jpg", with: "")
  }

  static func moved(_ x: Double) -> Double { x < 600 ? x + 40 : x - 40 }

  /// 2018 names lanes `lane`/`lane/TYPE`; the 2020 lane file names them by type.
  static func isLane(_ category: String) -> Bool {
    !(category.hasPrefix("area") || category == "drivable area"
      || ["direct", "alternative"].contains(category))
  }

  @Test(arguments: layouts) func editedLabelRebuildsItsShardAndVerifyPassesAgain(_ layout: Layout) throws {
    let work = try Fixtures.temporaryDirectory("stale")
    let root = work.appendingPathComponent("sample").path
    #expect(
      try ToolProcess.run("twinlite-prep", ["sample", root, "--frames", "24", "--seed", "7", "--quiet"])
        .status == 0)
    let out = work.appendingPathComponent("out").path
    let convert = [
      root, "--out", out, "--labels", layout.labels, "--shard-size", "4", "--quiet", "--no-images",
    ]
    #expect(try ToolProcess.run("twinlite-prep", convert).status == 0)

    let frame = try Self.moveOneVertex(root, layout)
    let verifyStale = try ToolProcess.run("twinlite-prep", ["verify", out])
    if layout.labels != "2018-per-image" {  // per-image folders are fingerprinted by listing only
      #expect(verifyStale.status == 3 && verifyStale.stdout.contains("stale"), "\(verifyStale.stdout)")
    }
    let rerun = try ToolProcess.run("twinlite-prep", convert)
    #expect(rerun.status == 0, "\(rerun.stderr)")
    #expect(rerun.stdout.contains("(1 built,"), "\(rerun.stdout)")
    #expect(rerun.stderr.contains("inputs of 1 frame changed (train/\(frame))"), "\(rerun.stderr)")

    let fresh = work.appendingPathComponent("fresh").path
    #expect(try ToolProcess.run("twinlite-prep", [root, "--out", fresh] + convert.dropFirst(3)).status == 0)
    let lane = "lane/train/\(frame).png"
    let rebuilt = try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(lane)"))
    #expect(rebuilt == (try Data(contentsOf: URL(fileURLWithPath: "\(fresh)/\(lane)"))))
    let verify = try ToolProcess.run("twinlite-prep", ["verify", out])
    #expect(verify.status == 0, "\(verify.stdout)")
  }
}
