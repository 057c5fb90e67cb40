import Foundation
import Testing
import _TwinLiteTestSupport

/// `twinlite-bench --report FORMAT [report options]` is the `report` command: a value that happens
/// to be a command's name is read as a value, the option must come first, and the run says on
/// standard error where the figures come from and where the report goes.
@Suite(.enabled(if: ToolProcess.isBuilt("twinlite-bench"), "needs the built twinlite-bench"))
struct BenchRootReportOptionTests {
  static func saved(in dir: URL) throws -> String {
    let path = dir.appendingPathComponent("saved.json").path
    try BenchHostileInputExitsCleanlyTests.report().write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func aCommandNameAsAValueIsNotACommand() throws {
    let dir = try Fixtures.temporaryDirectory("bench-root-report")
    defer { try? FileManager.default.removeItem(at: dir) }
    let saved = try Self.saved(in: dir)
    let plain = try ToolProcess.run("twinlite-bench", ["report", "--format", "csv", "--from", saved])
    #expect(plain.status == 0, "\(plain.stderr)")
    for split in ["speed", "accuracy", "help"] {
      let root = try ToolProcess.run(
        "twinlite-bench", ["--report", "csv", "--from", saved, "--split", split])
      #expect(root.status == 0, "--split \(split): \(root.stderr)")
      #expect(root.stdout == plain.stdout)
    }
    let joined = try ToolProcess.run("twinlite-bench", ["--report=csv", "--from", saved])
    #expect(joined.status == 0 && joined.stdout == plain.stdout, "\(joined.stderr)")
  }

  @Test func theOptionComesFirst() throws {
    for arguments in [["speed", "--report", "md"], ["--split", "val", "--report", "md"]] {
      let result = try ToolProcess.run("twinlite-bench", arguments)
      #expect(result.status == 64, "\(arguments)")
      #expect(result.stderr.contains("--report comes first"), "\(arguments): \(result.stderr)")
    }
  }

  @Test func itSaysWhereTheReportComesFromAndGoes() throws {
    let dir = try Fixtures.temporaryDirectory("bench-root-report-plan")
    defer { try? FileManager.default.removeItem(at: dir) }
    let saved = try Self.saved(in: dir)
    let shown = try ToolProcess.run("twinlite-bench", ["--report", "md", "--from", saved])
    #expect(shown.status == 0)
    #expect(shown.stderr.contains("report: rendering \(saved) as md to standard output"), "\(shown.stderr)")
    let file = dir.appendingPathComponent("r.md").path
    let written = try ToolProcess.run("twinlite-bench", ["--report", "md", "--from", saved, "--out", file])
    #expect(written.status == 0 && written.stderr.contains("as md to \(file)"), "\(written.stderr)")
    let help = try ToolProcess.run("twinlite-bench", ["--help"]).stdout.split(whereSeparator: \.isWhitespace)
      .joined(
        separator: " ")
    #expect(help.contains("fixed-seed random weights"))
    #expect(help.contains("writes the report to standard output"))
  }
}
