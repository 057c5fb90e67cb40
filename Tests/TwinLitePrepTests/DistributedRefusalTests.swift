import Foundation
import Testing
import TwinLiteCatalog
import TwinLitePrep

/// Distributed runs refuse early (docs/prep-pipeline.md, "Guarantees" 6): option drift before
/// anything is touched, absurd counts and fragment names with a message, and `missing` works
/// in proportion to the fragments present, not to the worker count.
@Suite struct DistributedRefusalTests {
  @Test func workerWithOtherOptionsIsRefusedBeforeTouchingOut() throws {
    let fixture = try PipelineFixture(count: 40)
    let distributed = DistributedRun(fixture: fixture, shardSize: 10, workerCount: 2)
    try distributed.runWorker(0)
    let before = try fixture.outputFiles()
    let listing = try FileManager.default.contentsOfDirectory(atPath: fixture.out.path).sorted()
    do {
      try distributed.runWorker(1, outputOptions: "test-v2")
      Issue.record("a worker with other options was accepted")
    } catch let error as DistributedError {
      guard case .planDrift = error else { throw error }
      #expect(error.isUsage)
      #expect(error.description.contains("Nothing was changed"))
    }
    #expect(try fixture.outputFiles() == before)
    #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.out.path).sorted() == listing)
  }

  @Test func absurdFragmentNamesAndCountsAreRefused() throws {
    let fixture = try PipelineFixture(count: 10)
    let distributed = DistributedRun(fixture: fixture, shardSize: 10, workerCount: 1)
    try distributed.runWorker(0)
    let stray = FragmentLayout(out: fixture.out).directory + "/worker-00000-of-99999999999.sqlite"
    try Data("x".utf8).write(to: URL(fileURLWithPath: stray))
    let error = #expect(throws: DistributedError.self) {
      try WorkerScan.scan(out: fixture.out, workerCount: nil)
    }
    guard case .strayFragment(let path, let reason) = error else {
      Issue.record("wrong error \(String(describing: error))")
      return
    }
    #expect(path == stray && reason.contains("99999999999"))
    #expect(throws: DistributedError.self) { try distributed.merge() }
    try FileManager.default.removeItem(atPath: stray)
    #expect(throws: DistributedError.self) {
      try WorkerScan.scan(out: fixture.out, workerCount: 99_999_999_999)
    }
    #expect(throws: DistributedError.self) { try WorkerAssignment(index: 0, count: 1_000_001) }
  }

  @Test func missingOfAMillionWorkersIsRanges() throws {
    let fixture = try PipelineFixture(count: 10)
    let count = ShardPlan.maximumShardCount
    let worker = try WorkerAssignment(index: 500_000, count: count)
    var options = PipelineOptions(
      out: fixture.out, shardSize: 10, progress: .quiet, durable: false,
      run: RunInfo(argv: [], toolVersion: "t", gitCommit: nil, host: "h", startedAt: Date()))
    options.assign(worker, frames: fixture.frames)
    let scratch = fixture.out.deletingLastPathComponent().appendingPathComponent("local").path
    _ = try PrepPipeline(
      input: fixture.input, conversion: RecordingConversion(frames: fixture.frames), options: options
    ).runWorker(worker, localDirectory: scratch)
    let scan = try WorkerScan.scan(out: fixture.out, workerCount: count)
    #expect(scan.missing == [0...499_999, 500_001...(count - 1)])
    #expect(ArraySyntax.format(ranges: scan.missing) == "0-499999,500001-999999")
    #expect(scan.reasons.count == 2)
  }
}
