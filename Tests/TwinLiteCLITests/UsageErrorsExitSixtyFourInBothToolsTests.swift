import Foundation
import Testing
import _TwinLiteTestSupport

/// A wrong command line exits 64 in both tools, whether the argument parser refuses it or the
/// command's own check does, and both `--help` texts carry the one exit-status table.
@Suite(
  .enabled(if: ToolProcess.isBuilt("twinlite-bench"), "needs the built twinlite-bench and twinlite-prep"))
struct UsageErrorsExitSixtyFourInBothToolsTests {
  @Test(arguments: [
    ["--no-such-option"], ["speed", "--format", "yaml"], ["speed", "--backend", "gpu"],
    ["speed", "--pam", "sometimes"], ["speed", "--profile-clock", "sundial"], ["report", "--format", "pdf"],
    ["compare", "--baseline", "b", "--current", "c", "--format", "xml"],
    ["compare", "--baseline", "b", "--current", "c", "--direction", "up"], ["--report", "pdf"],
    ["--report"], ["speed", "--threads", "0"],
  ])
  func benchUsageErrors(_ arguments: [String]) throws {
    let result = try ToolProcess.run("twinlite-bench", arguments)
    #expect(result.status == 64, "\(arguments): \(result.stderr)")
    #expect(!result.stderr.isEmpty)
  }

  @Test func prepUsageErrors() throws {
    let folder = try Fixtures.temporaryDirectory("usage-64")
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("o").path
    for arguments in [
      ["--no-such-option"], [folder.path, "--out", out, "--workers", "0"],
      [folder.path, "--out", out, "--labels", "2019"],
      ["diff", folder.path, folder.path, "--format", "yaml"],
      ["sample", out, "--frames", "0"],
    ] {
      let result = try ToolProcess.run("twinlite-prep", arguments)
      #expect(result.status == 64, "\(arguments): \(result.stderr)")
    }
  }

  @Test func bothHelpTextsListTheSameTable() throws {
    // Help is wrapped to the terminal's width: compare with the words joined by single spaces.
    func words(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
    let bench = words(try ToolProcess.run("twinlite-bench", ["--help"]).stdout)
    let prep = words(try ToolProcess.run("twinlite-prep", ["--help"]).stdout)
    for line in [
      "0 success", "1 the run failed, or compare found a regression", "2 an input cannot be used",
      "3 some items failed", "64 the command line is wrong", "65 a distributed worker",
      "75 another run holds the output folder",
    ] {
      #expect(bench.contains(line), "twinlite-bench --help lacks '\(line)'")
      #expect(prep.contains(line), "twinlite-prep --help lacks '\(line)'")
    }
  }
}
