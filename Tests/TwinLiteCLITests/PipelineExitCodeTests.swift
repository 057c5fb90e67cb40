import Foundation
import Testing
import _TwinLiteTestSupport

/// The documented exit codes of `twinlite-prep` (convert, status, verify), run on the binary.
@Suite(.serialized) struct PipelineExitCodeTests {
  /// A 40-frame sample whose lane labels are broken for the first two train frames.
  static func brokenSample() throws -> (root: String, broken: [String]) {
    let root = try Fixtures.temporaryDirectory("exit").appendingPathComponent("sample").path
    let made = try ToolProcess.run("twinlite-prep", ["sample", root, "--frames", "40", "--quiet"])
    try #require(made.status == 0, "sample failed: \(made.stderr)")
    let url = URL(fileURLWithPath: "\(root)/labels/lane/polygons/lane_train.json")
    var frames = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]])
    var broken: [String] = []
    for index in 0..<2 {
      var labels = try #require(frames[index]["labels"] as? [[String: Any]])
      var poly = try #require(labels[0]["poly2d"] as? [[String: Any]])
      poly[0]["vertices"] = "not a list"
      labels[0]["poly2d"] = poly
      frames[index]["labels"] = labels
      let name = try #require(frames[index]["name"] as? String)
      broken.append("train/" + name.replacingOccurrences(of: ".jpg", with: ""))
    }
    try JSONSerialization.data(withJSONObject: frames).write(to: url)
    return (root, broken.sorted())
  }

  @Test func failedFramesExitThreeAreListedAndStoredAndRerunSaysTheSame() throws {
    let (root, broken) = try Self.brokenSample()
    let out = try Fixtures.temporaryDirectory("exit").appendingPathComponent("out").path
    let run = try ToolProcess.run(
      "twinlite-prep",
      [
        root, "--out", out, "--shard-size", "10", "--quiet", "--summary-format", "json",
      ])
    #expect(run.status == 3, "stderr: \(run.stderr)")
    let summary = try #require(
      try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let failures = try #require(summary["failures"] as? [[String: Any]])
    #expect(failures.compactMap { $0["frame"] as? String }.sorted() == broken)
    #expect(failures.allSatisfy { ($0["error"] as? String)?.contains("vertices") == true })
    #expect(summary["converted"] as? Int == 38)
    for frame in broken { #expect(run.stderr.contains("failed: \(frame)")) }
    let status = try ToolProcess.run("twinlite-prep", ["status", out])
    #expect(status.status == 0)
    #expect(status.stdout.contains("38 converted, 2 failed, 0 pending"))
    // The failed frames stay failed on a resumed run (the labels did not change).
    let again = try ToolProcess.run("twinlite-prep", [root, "--out", out, "--shard-size", "10", "--quiet"])
    #expect(again.status == 3)
    #expect(try ToolProcess.run("twinlite-prep", ["verify", out]).status == 0)
  }

  @Test func usageErrorsExitSixtyFourAndUnusableInputsTwo() throws {
    let (root, _) = try Self.brokenSample()
    let out = try Fixtures.temporaryDirectory("exit").appendingPathComponent("out").path
    #expect(try ToolProcess.run("twinlite-prep", [root, "--out", out, "--shard-size", "0"]).status == 64)
    #expect(try ToolProcess.run("twinlite-prep", [root, "--out", out, "--no-such-flag"]).status == 64)
    #expect(try ToolProcess.run("twinlite-prep", ["/nonexistent/bdd100k", "--out", out]).status == 2)
    #expect(try ToolProcess.run("twinlite-prep", ["status", out]).status == 2)
    #expect(try ToolProcess.run("twinlite-prep", ["verify", out]).status == 2)
    // Another shard size is another plan: refused without --force, rebuilt with it.
    #expect(
      try ToolProcess.run("twinlite-prep", [root, "--out", out, "--shard-size", "10", "--quiet"]).status == 3)
    let replanned = try ToolProcess.run(
      "twinlite-prep", [root, "--out", out, "--shard-size", "7", "--quiet"])
    #expect(replanned.status == 2)
    #expect(replanned.stderr.contains("--force"))
    #expect(
      try ToolProcess.run("twinlite-prep", [root, "--out", out, "--shard-size", "7", "--quiet", "--force"])
        .status == 3)
    #expect(try ToolProcess.run("twinlite-prep", ["verify", out]).status == 0)
  }

  @Test func verifyExitsThreeOnAModifiedMask() throws {
    let root = try Fixtures.temporaryDirectory("exit").appendingPathComponent("sample").path
    #expect(try ToolProcess.run("twinlite-prep", ["sample", root, "--frames", "12", "--quiet"]).status == 0)
    let out = try Fixtures.temporaryDirectory("exit").appendingPathComponent("out")
    #expect(try ToolProcess.run("twinlite-prep", [root, "--out", out.path, "--quiet"]).status == 0)
    #expect(try ToolProcess.run("twinlite-prep", ["verify", out.path]).status == 0)
    let lane = out.appendingPathComponent("lane/train")
    let first = try #require(try FileManager.default.contentsOfDirectory(atPath: lane.path).sorted().first)
    let mask = lane.appendingPathComponent(first)
    var bytes = try Data(contentsOf: mask)
    bytes[bytes.count - 20] ^= 0x01
    try bytes.write(to: mask)  // replaces the file: the shard copy keeps the old bytes
    let verify = try ToolProcess.run("twinlite-prep", ["verify", out.path])
    #expect(verify.status == 3)
    #expect(verify.stdout.contains("lane/train/\(first)"))
  }
}
