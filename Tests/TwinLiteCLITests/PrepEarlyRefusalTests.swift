import Foundation
import Testing
import _TwinLiteTestSupport

/// Bounds and early refusals on the real binary (docs/prep-pipeline.md, "Guarantees" 6): each
/// exits 64 (a bad command line) or 2 (an input or OUT that cannot be used) with a message naming
/// the problem, and nothing is written.
@Suite(.serialized) struct PrepEarlyRefusalTests {
  static func sample() throws -> (root: String, work: URL) {
    let work = try Fixtures.temporaryDirectory("refusal")
    let root = work.appendingPathComponent("sample").path
    let made = try ToolProcess.run("twinlite-prep", ["sample", root, "--frames", "8", "--quiet"])
    try #require(made.status == 0, "sample failed: \(made.stderr)")
    return (root, work)
  }

  func expectUsage(
    _ arguments: [String], status: Int32 = 64, mentions: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let result = try ToolProcess.run("twinlite-prep", arguments)
    #expect(result.status == status, "\(arguments): exit \(result.status)", sourceLocation: sourceLocation)
    #expect(
      result.stderr.contains(mentions), "\(arguments): stderr lacks '\(mentions)': \(result.stderr)",
      sourceLocation: sourceLocation)
  }

  @Test func splitsOutputFolderAndNegativeNumbers() throws {
    let (root, work) = try Self.sample()
    let out = work.appendingPathComponent("out").path
    try expectUsage([root, "--out", out, "--splits", "train,bogus", "--quiet"], mentions: "split 'bogus'")
    try expectUsage([root, "--out", out, "--splits", "train,train,val"], mentions: "'train' is given twice")
    try expectUsage([root, "--out", out, "--shard-size", "-5"], mentions: "--shard-size must be at least 1")
    try expectUsage([root, "--out", out, "--threads", "-2"], mentions: "--threads must be at least 1")
    try expectUsage([root, "--out", root, "--quiet"], mentions: "is the dataset root")
    try expectUsage([root, "--out", "\(root)/labels/out", "--quiet"], mentions: "is inside the dataset root")
    let file = work.appendingPathComponent("a-file").path
    try Data("x".utf8).write(to: URL(fileURLWithPath: file))
    try expectUsage([root, "--out", file, "--quiet"], mentions: "is not a folder")
    #expect(!FileManager.default.fileExists(atPath: out))
    #expect(!FileManager.default.fileExists(atPath: "\(root)/labels/out"))
  }

  @Test func absurdWorkerCountsAndFragmentNames() throws {
    let (root, work) = try Self.sample()
    let out = work.appendingPathComponent("dm").path
    try expectUsage(["missing", out, "--worker-count=99999999999"], mentions: "1...1000000")
    try expectUsage(
      [root, "--out", out, "--worker-index", "0", "--worker-count", "99999999999", "--quiet"],
      mentions: "1...1000000")
    #expect(!FileManager.default.fileExists(atPath: "\(out)/catalog.d"))
    try FileManager.default.createDirectory(atPath: "\(out)/catalog.d", withIntermediateDirectories: true)
    let stray = "\(out)/catalog.d/worker-00000-of-99999999999.sqlite"
    try Data().write(to: URL(fileURLWithPath: stray))
    try expectUsage(["merge", out], status: 2, mentions: stray)
    try expectUsage(["missing", out], status: 2, mentions: stray)
  }

  @Test func workerWithOtherOptionsExitsTwoBeforeTouchingOut() throws {
    let (root, work) = try Self.sample()
    let out = work.appendingPathComponent("dm").path
    let worker = [root, "--out", out, "--worker-count", "2", "--shard-size", "2", "--quiet"]
    #expect(try ToolProcess.run("twinlite-prep", worker + ["--worker-index", "0"]).status == 0)
    let before = try OutputTree.files(URL(fileURLWithPath: out))
    try expectUsage(
      worker + ["--worker-index", "1", "--lane-width", "3"], status: 2, mentions: "Nothing was changed")
    try expectUsage(
      worker + ["--worker-index", "0", "--lane-width", "3"], status: 2, mentions: "Nothing was changed")
    #expect(try OutputTree.files(URL(fileURLWithPath: out)) == before)
  }

  @Test func damagedCatalogSaysHowToRecoverAndRepairDoesIt() throws {
    let (root, work) = try Self.sample()
    let out = work.appendingPathComponent("out").path
    #expect(try ToolProcess.run("twinlite-prep", [root, "--out", out, "--quiet"]).status == 0)
    for suffix in ["-wal", "-shm"] {
      try? FileManager.default.removeItem(atPath: "\(out)/catalog.sqlite\(suffix)")
    }
    try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: "\(out)/catalog.sqlite"))
    for arguments in [[root, "--out", out, "--quiet"], ["verify", out], ["status", out]] {
      let result = try ToolProcess.run("twinlite-prep", arguments)
      #expect(result.status == 1, "\(arguments)")
      #expect(result.stderr.contains("twinlite-prep repair \(out)"), "\(arguments): \(result.stderr)")
    }
    let repair = try ToolProcess.run("twinlite-prep", ["repair", out])
    #expect(repair.status == 0, "\(repair.stderr)")
    #expect(repair.stdout.contains("catalog rebuilt from"))
    #expect(try ToolProcess.run("twinlite-prep", ["verify", out]).status == 0)
    #expect(try ToolProcess.run("twinlite-prep", [root, "--out", out, "--quiet"]).status == 0)
  }
}
