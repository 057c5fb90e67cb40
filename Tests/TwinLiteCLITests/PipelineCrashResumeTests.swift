import Foundation
import Testing
import _TwinLiteTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Kills a real `twinlite-prep` run with SIGKILL at random moments, resumes it, and checks the
/// result is indistinguishable from an uninterrupted run.
@Suite(.serialized) struct PipelineCrashResumeTests {
  @Test func sigkillAtRandomMomentsThenResumeGivesIdenticalOutputs() throws {
    let work = try Fixtures.temporaryDirectory("crash")
    let sample = work.appendingPathComponent("sample").path
    let made = try PipelineCLIRunner.run(["sample", sample, "--frames", "400", "--quiet"])
    try #require(made.status == 0, "sample failed: \(made.stderr)")
    let convert = ["--workers", "2", "--shard-size", "40", "--quiet"]

    let reference = work.appendingPathComponent("reference")
    let started = Date()
    let clean = try PipelineCLIRunner.run([sample, "--out", reference.path] + convert)
    let duration = Date().timeIntervalSince(started)
    try #require(clean.status == 0, "reference run failed: \(clean.stderr)")

    let crashed = work.appendingPathComponent("crashed")
    var killedMidRun = 0
    var delays: [Double] = []
    for _ in 0..<6 {
      let process = try PipelineCLIRunner.start([sample, "--out", crashed.path] + convert)
      // Anywhere from start-up to near the end of what a whole run takes.
      let delay = Double.random(in: 0.02...max(0.05, duration * 0.9))
      delays.append(delay)
      Thread.sleep(forTimeInterval: delay)
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      if process.terminationReason == .uncaughtSignal { killedMidRun += 1 }
    }
    #expect(killedMidRun >= 3, "only \(killedMidRun) of 6 runs were still running when killed (delays \(delays))")

    let resumed = try PipelineCLIRunner.run([sample, "--out", crashed.path] + convert)
    #expect(resumed.status == 0, "resume failed after kills at \(delays): \(resumed.stderr)")
    let expected = try PipelineCLIRunner.tree(reference)
    let actual = try PipelineCLIRunner.tree(crashed)
    #expect(expected.count > 800)
    #expect(Set(actual.keys) == Set(expected.keys), "kills at \(delays)")
    let differing = expected.keys.filter { actual[$0] != expected[$0] }.sorted()
    #expect(differing.isEmpty, "differing files \(differing.prefix(5)), kills at \(delays)")

    // The catalog passes PRAGMA integrity_check and agrees with every file, both ways.
    let verify = try PipelineCLIRunner.run(["verify", crashed.path, "--json"])
    #expect(verify.status == 0, "verify: \(verify.stdout) \(verify.stderr)")
    let report = try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any]
    #expect(report?["integrity"] as? [String] == ["ok"])
    #expect((report?["issues"] as? [Any])?.isEmpty == true)
  }
}
