import Foundation
import Testing
import _TwinLiteTestSupport

/// `--profile` adds thread-seconds per stage to the summary, as TWINLITE_PREP_PROFILE=1 does.
@Suite struct PrepProfileFlagTests {
  @Test func profileFlagAddsStageTimesToTheSummary() throws {
    let work = try Fixtures.temporaryDirectory("profile")
    let sample = try ConcurrentRunsTests.sample(work, frames: 4)
    let out = work.appendingPathComponent("out").path
    let run = try ToolProcess.run(
      "twinlite-prep",
      [
        sample, "--out", out, "--quiet", "--profile", "--summary-format", "json",
      ])
    #expect(run.status == 0, "\(run.stderr)")
    let summary = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
    let profile = try #require(summary?["profile"] as? [String: Double])
    #expect(profile["convert"] != nil)
  }
}
