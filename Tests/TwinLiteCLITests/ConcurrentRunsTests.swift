import Foundation
import Testing
import _TwinLiteTestSupport

/// Two real processes on one OUT (docs/prep-pipeline.md, "Guarantees" 1 and 2), repeated so the
/// race is hit: OUT ends identical to a single run, or one run refuses cleanly naming the other
/// (exit 75, busy: a retry later works).
@Suite(.serialized) struct ConcurrentRunsTests {
  static let trials = 8

  static func sample(_ work: URL, frames: Int = 120) throws -> String {
    let sample = work.appendingPathComponent("sample").path
    let made = try ToolProcess.run(
      "twinlite-prep",
      [
        "sample", sample, "--frames", "\(frames)", "--seed", "7", "--quiet",
      ])
    try #require(made.status == 0, "sample failed: \(made.stderr)")
    return sample
  }

  /// Starts both, waits for both; returns (status, stderr) of each.
  static func race(_ a: [String], _ b: [String], in work: URL) throws -> [(Int32, String)] {
    let logs = (0..<2).map { work.appendingPathComponent("race-\($0)-\(UUID().uuidString).log") }
    var processes: [Process] = []
    for (arguments, log) in zip([a, b], logs) {
      _ = FileManager.default.createFile(atPath: log.path, contents: nil)
      processes.append(
        try ToolProcess.start("twinlite-prep", arguments, stderr: try FileHandle(forWritingTo: log)))
    }
    return try zip(processes, logs).map { process, log in
      process.waitUntilExit()
      return (process.terminationStatus, try String(contentsOf: log, encoding: .utf8))
    }
  }

  @Test func twoLocalRunsOnOneOutLeaveItAsOneRunWould() throws {
    let work = try Fixtures.temporaryDirectory("concurrent")
    let sample = try Self.sample(work)
    let convert = ["--shard-size", "20", "--threads", "1", "--quiet"]
    let reference = work.appendingPathComponent("reference")
    #expect(try ToolProcess.run("twinlite-prep", [sample, "--out", reference.path] + convert).status == 0)
    let expected = try OutputTree.files(reference)
    var refusals = 0
    for trial in 0..<Self.trials {
      let out = work.appendingPathComponent("out-\(trial)").path
      let results = try Self.race(
        [sample, "--out", out] + convert, [sample, "--out", out] + convert, in: work)
      for (status, stderr) in results where status != 0 {
        #expect(status == 75, "trial \(trial): exit \(status): \(stderr)")
        #expect(stderr.contains("in use by host=") && stderr.contains("pid="), "\(stderr)")
        refusals += 1
      }
      #expect(results.contains { $0.0 == 0 }, "trial \(trial): neither run finished")
      #expect(try OutputTree.files(URL(fileURLWithPath: out)) == expected, "trial \(trial)")
      let verify = try ToolProcess.run("twinlite-prep", ["verify", out])
      #expect(verify.status == 0, "trial \(trial): \(verify.stdout)")
    }
    #expect(refusals <= Self.trials)
  }

  @Test func withWaitBothRunsSucceedOneAfterTheOther() throws {
    let work = try Fixtures.temporaryDirectory("concurrent-wait")
    let sample = try Self.sample(work, frames: 60)
    let out = work.appendingPathComponent("out").path
    let convert = [sample, "--out", out, "--shard-size", "20", "--threads", "1", "--quiet", "--wait", "300"]
    let results = try Self.race(convert, convert, in: work)
    #expect(results.allSatisfy { $0.0 == 0 }, "\(results)")
    #expect(try ToolProcess.run("twinlite-prep", ["verify", out]).status == 0)
  }

  @Test func twoAttemptsOfOneWorkerNeverCorruptItsShards() throws {
    let work = try Fixtures.temporaryDirectory("concurrent-worker")
    let sample = try Self.sample(work)
    let flags = ["--shard-size", "20", "--threads", "1", "--quiet", "--worker-count", "2"]
    let reference = work.appendingPathComponent("reference")
    #expect(
      try ToolProcess.run(
        "twinlite-prep", [sample, "--out", reference.path, "--shard-size", "20", "--quiet"]
      ).status
        == 0)
    let expected = try OutputTree.files(reference)
    for trial in 0..<Self.trials {
      let out = work.appendingPathComponent("out-\(trial)").path
      let local = work.appendingPathComponent("local-\(trial)").path
      let worker0 = [sample, "--out", out, "--worker-index", "0", "--local-dir", local] + flags
      let results = try Self.race(worker0, worker0, in: work)
      #expect(results.allSatisfy { $0.0 == 0 }, "trial \(trial): \(results)")
      let worker1 = [sample, "--out", out, "--worker-index", "1", "--local-dir", local] + flags
      #expect(try ToolProcess.run("twinlite-prep", worker1).status == 0)
      let missing = try ToolProcess.run("twinlite-prep", ["missing", out, "--worker-count", "2"])
      #expect(missing.status == 0 && missing.stdout.isEmpty, "trial \(trial): \(missing.stdout)")
      let merge = try ToolProcess.run("twinlite-prep", ["merge", out, "--local-dir", local])
      #expect(merge.status == 0, "trial \(trial): \(merge.stderr)")
      let tree = try OutputTree.files(URL(fileURLWithPath: out)).filter {
        !$0.key.hasPrefix("catalog.d/")
      }
      #expect(tree == expected, "trial \(trial)")
      #expect(try ToolProcess.run("twinlite-prep", ["verify", out]).status == 0, "trial \(trial)")
    }
  }
}
