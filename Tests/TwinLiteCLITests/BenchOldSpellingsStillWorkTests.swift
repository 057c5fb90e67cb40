import Foundation
import Testing
import _TwinLiteTestSupport

/// Renamed spellings keep working for one release, each with one deprecation line on standard
/// error: `report --output` (now `--out`) and `speed --pam skipWhenExact` (now `skip-when-exact`);
/// `--help` shows only the new ones, with every allowed value.
@Suite(.enabled(if: ToolProcess.isBuilt("twinlite-bench"), "needs the built twinlite-bench"))
struct BenchOldSpellingsStillWorkTests {
  @Test func reportOutputIsOut() throws {
    let dir = try Fixtures.temporaryDirectory("bench-old-output")
    defer { try? FileManager.default.removeItem(at: dir) }
    let saved = try BenchRootReportOptionTests.saved(in: dir)
    let new = dir.appendingPathComponent("new.csv").path
    let old = dir.appendingPathComponent("old.csv").path
    let byNew = try ToolProcess.run(
      "twinlite-bench", ["report", "--format", "csv", "--from", saved, "--out", new])
    #expect(byNew.status == 0 && !byNew.stderr.contains("deprecated"), "\(byNew.stderr)")
    let byOld = try ToolProcess.run(
      "twinlite-bench", ["report", "--format", "csv", "--from", saved, "--output", old])
    #expect(byOld.status == 0, "\(byOld.stderr)")
    #expect(byOld.stderr.contains("twinlite-bench: --output is deprecated; use --out"))
    #expect(try String(contentsOfFile: old, encoding: .utf8) == String(contentsOfFile: new, encoding: .utf8))
    let both = try ToolProcess.run(
      "twinlite-bench", ["report", "--from", saved, "--out", new, "--output", old])
    #expect(both.status == 64 && both.stderr.contains("give --out only"), "\(both.stderr)")
  }

  @Test func pamSkipWhenExactIsKebabCase() throws {
    // --runs 0 stops the command after parsing: what is said about --pam comes from parsing.
    let old = try ToolProcess.run("twinlite-bench", ["speed", "--pam", "skipWhenExact", "--runs", "0"])
    #expect(
      old.stderr.contains("--pam skipWhenExact is deprecated; use --pam skip-when-exact"), "\(old.stderr)")
    #expect(old.status == 64 && old.stderr.contains("--runs: must be at least 1"), "\(old.stderr)")
    let new = try ToolProcess.run("twinlite-bench", ["speed", "--pam", "skip-when-exact", "--runs", "0"])
    #expect(new.status == 64 && new.stderr.contains("--runs: must be at least 1"), "\(new.stderr)")
    #expect(!new.stderr.contains("deprecated"))
  }

  @Test func helpShowsTheNewNamesAndTheAllowedValues() throws {
    // Help is wrapped to the terminal's width: compare with the words joined by single spaces.
    func help(_ command: String) throws -> String {
      try ToolProcess.run("twinlite-bench", [command, "--help"]).stdout.split(whereSeparator: \.isWhitespace)
        .joined(
          separator: " ")
    }
    let speed = try help("speed")
    for values in [
      "reference, cpu, plugin:PATH", "compute, skip-when-exact", "text, json", "wall, thread-cpu",
    ] {
      #expect(speed.contains(values), "speed --help lacks \(values)")
    }
    #expect(!speed.contains("skipWhenExact"))
    #expect(speed.contains("default: skip-when-exact"))
    let report = try help("report")
    #expect(report.contains("--out <out>") && !report.contains("--output"))
    #expect(report.contains("md, json, csv, html"))
    let compare = try help("compare")
    #expect(compare.contains("text, github-action-benchmark") && compare.contains("bigger, smaller"))
  }
}
