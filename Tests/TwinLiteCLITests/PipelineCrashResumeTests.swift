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
    let made = try ToolProcess.run("twinlite-prep", ["sample", sample, "--frames", "400", "--quiet"])
    try #require(made.status == 0, "sample failed: \(made.stderr)")
    let convert = ["--threads", "2", "--shard-size", "25", "--quiet"]

    let reference = work.appendingPathComponent("reference")
    let started = Date()
    let clean = try ToolProcess.run("twinlite-prep", [sample, "--out", reference.path] + convert)
    let duration = Date().timeIntervalSince(started)
    try #require(clean.status == 0, "reference run failed: \(clean.stderr)")

    let crashed = work.appendingPathComponent("crashed")
    let shardCount = try FileManager.default.contentsOfDirectory(atPath: reference.path + "/shards").count
    var killedMidRun = 0
    var delays: [Double] = []
    // Each resumed run has less left to do, so each kill is drawn within the estimated remaining
    // time (from the shards already complete). A run that finishes before its kill (timing on a
    // busy machine) is wiped, so that the next kills land mid-run again.
    var finishedEarly = 0
    for _ in 0..<20 where killedMidRun < 5 {
      let complete =
        (try? FileManager.default.contentsOfDirectory(atPath: crashed.path + "/shards"))?
        .filter { $0.hasPrefix("shard-") }.count ?? 0
      let remaining = duration * Double(shardCount - complete) / Double(shardCount)
      let delay = Double.random(in: 0.01...max(0.03, remaining * 0.8))
      delays.append(delay)
      let process = try ToolProcess.start("twinlite-prep", [sample, "--out", crashed.path] + convert)
      Thread.sleep(forTimeInterval: delay)
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      if process.terminationReason == .uncaughtSignal {
        killedMidRun += 1
      } else {
        finishedEarly += 1
        try FileManager.default.removeItem(at: crashed)
      }
    }
    #expect(
      killedMidRun == 5,
      "\(killedMidRun) kills landed mid-run, \(finishedEarly) runs finished (delays \(delays))")

    let resumed = try ToolProcess.run("twinlite-prep", [sample, "--out", crashed.path] + convert)
    #expect(resumed.status == 0, "resume failed after kills at \(delays): \(resumed.stderr)")
    let expected = try OutputTree.files(reference)
    let actual = try OutputTree.files(crashed)
    #expect(expected.count > 800)
    #expect(Set(actual.keys) == Set(expected.keys), "kills at \(delays)")
    let differing = expected.keys.filter { actual[$0] != expected[$0] }.sorted()
    #expect(differing.isEmpty, "differing files \(differing.prefix(5)), kills at \(delays)")

    // The catalog passes PRAGMA integrity_check and agrees with every file, both ways.
    let verify = try ToolProcess.run("twinlite-prep", ["verify", crashed.path, "--format", "json"])
    #expect(verify.status == 0, "verify: \(verify.stdout) \(verify.stderr)")
    let report = try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any]
    #expect(report?["integrity"] as? [String] == ["ok"])
    #expect((report?["issues"] as? [Any])?.isEmpty == true)
  }
}
