import Foundation
import Testing
import _TwinLiteTestSupport

/// The old flag names (`--workers`, `--shard-index`, `--shard-count`, `--json`) still work for one
/// release, each printing one deprecation line naming its replacement, and are hidden from `--help`.
@Suite struct PrepDeprecatedFlagAliasTests {
  func deprecationLines(_ stderr: String) -> [String] {
    stderr.split(separator: "\n").map(String.init).filter { $0.contains("is deprecated") }
  }

  @Test func oldConvertFlagsWorkAndSayOnceWhatReplacesThem() throws {
    let work = try Fixtures.temporaryDirectory("alias")
    let sample = try ConcurrentRunsTests.sample(work, frames: 8)
    let out = work.appendingPathComponent("out").path
    let old = try ToolProcess.run(
      "twinlite-prep",
      [
        sample, "--out", out, "--workers", "1", "--shard-index", "0", "--shard-count", "1",
        "--shard-size", "4", "--json", "--quiet",
      ])
    #expect(old.status == 0, "\(old.stderr)")
    let lines = deprecationLines(old.stderr)
    #expect(lines.count == 4, "\(old.stderr)")
    for (name, replacement) in [
      ("--workers", "--threads"), ("--shard-index", "--worker-index"), ("--shard-count", "--worker-count"),
      ("--json", "--summary-format json"),
    ] {
      #expect(
        lines.filter { $0.contains("\(name) is deprecated") && $0.hasSuffix("use \(replacement)") }.count
          == 1,
        "\(name): \(lines)")
    }
    let summary = try JSONSerialization.jsonObject(with: Data(old.stdout.utf8)) as? [String: Any]
    #expect(summary?["converted"] as? Int == 8, "--json still prints the JSON summary")

    let new = work.appendingPathComponent("new").path
    let current = try ToolProcess.run(
      "twinlite-prep",
      [
        sample, "--out", new, "--threads", "1", "--worker-index", "0", "--worker-count", "1",
        "--shard-size", "4", "--summary-format", "json", "--quiet",
      ])
    #expect(current.status == 0 && deprecationLines(current.stderr).isEmpty, "\(current.stderr)")
    let merged = try ToolProcess.run("twinlite-prep", ["merge", new, "--shard-count", "1"])
    #expect(merged.status == 0, "\(merged.stderr)")
    #expect(deprecationLines(merged.stderr).count == 1)
  }

  @Test func verifyKeepsJsonAndWorkersAsAliases() throws {
    let work = try Fixtures.temporaryDirectory("alias-verify")
    let sample = try ConcurrentRunsTests.sample(work, frames: 4)
    let out = work.appendingPathComponent("out").path
    #expect(try ToolProcess.run("twinlite-prep", [sample, "--out", out, "--quiet"]).status == 0)
    let new = try ToolProcess.run("twinlite-prep", ["verify", out, "--format", "json", "--threads", "1"])
    let old = try ToolProcess.run("twinlite-prep", ["verify", out, "--json", "--workers", "1"])
    #expect(new.status == 0 && old.status == 0)
    #expect(new.stdout == old.stdout && new.stdout.hasPrefix("{"))
    #expect(deprecationLines(new.stderr).isEmpty && deprecationLines(old.stderr).count == 2)
  }

  @Test func helpShowsOnlyTheNewNames() throws {
    let help = try ToolProcess.run("twinlite-prep", ["convert", "--help"]).stdout
    for name in ["--threads", "--worker-index", "--worker-count", "--summary-format", "--profile"] {
      #expect(help.contains(name), "\(name)")
    }
    for old in ["--workers", "--shard-index", "--shard-count", "--json"] {
      #expect(!help.contains(old + " "), "\(old) is hidden")
    }
    let verify = try ToolProcess.run("twinlite-prep", ["verify", "--help"]).stdout
    #expect(verify.contains("--format") && verify.contains("--threads") && !verify.contains("--json"))
  }
}
