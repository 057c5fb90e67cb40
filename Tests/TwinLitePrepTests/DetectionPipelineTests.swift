import Foundation
import Testing
import TwinLiteCatalog
import TwinLitePrep
import _TwinLiteTestSupport

/// In the sharded pipeline det_annotations are outputs like the masks: hashed in the catalog,
/// checked by verify, skipped with complete shards on resume, counted in the summary, and part of
/// the options hash.
@Suite struct DetectionPipelineTests {
  func run(
    _ root: String, out: String, choice: DetectionChoice = .auto, force: Bool = false,
    worker: WorkerAssignment? = nil
  ) throws -> PipelineSummary {
    let inputs = try InputDetector.detect(root: root, splits: ["train", "val"])
    var plan = FramePlanner.plan(inputs, images: false)
    var output = FrameOutputOptions(layout: .yolop, images: .none)
    if choice != .off {
      output.detection = try choice.resolve(inputs)
      DetectionPlanner.attach(output.detection!, to: &plan)
    }
    var options = PipelineOptions(
      out: URL(fileURLWithPath: out), shardSize: 4, threads: 2, force: force, durable: false)
    options.worker = worker
    options.localDirectory = (out as NSString).deletingLastPathComponent
    return try PrepPipeline.convert(inputs: inputs, plan: plan, output: output, options: options)
  }

  @Test func detectionFilesAreHashedVerifiedResumedAndCounted() throws {
    let root = try PrepTest.sampleTree(frames: 10, seed: 4)
    try PrepTest.editList("\(root)/labels/det_20/det_train.json") { $0.removeFirst(2) }
    let out = try Fixtures.temporaryDirectory("det-pipeline").appendingPathComponent("out").path
    let boxes = SampleGenerator.scenes(SampleOptions(frames: 10, seed: 4)).map(\.boxes.count)
    let first = try run(root, out: out)
    #expect(first.converted == 10 && first.exitCode == 0)
    #expect(first.labelTotals["no-detection-labels"] == 2)
    let missing = SampleGenerator.scenes(SampleOptions(frames: 10, seed: 4)).filter { $0.split == "train" }
      .prefix(2).map(\.boxes.count).reduce(0, +)
    #expect(first.labelTotals["boxes"] == boxes.reduce(0, +) - missing)
    #expect(
      first.detectionLine
        == "det_annotations: \(boxes.reduce(0, +) - missing) boxes, 2 frames without detection labels "
        + "(empty object lists)")

    let layout = ShardLayout(out: URL(fileURLWithPath: out))
    let catalog = try Catalog.openReadOnly(at: layout.catalogURL)
    let detections = try catalog.frames().flatMap(\.outputs).filter { $0.kind == "detection" }
    #expect(detections.count == 10 && detections.allSatisfy { !$0.hash.isEmpty })
    #expect(try PipelineVerifier.verify(out: URL(fileURLWithPath: out)).ok)

    let again = try run(root, out: out)
    #expect(again.shardsSkipped == again.shards && again.converted == 0)
    #expect(again.labelTotals == first.labelTotals)

    let target = try #require(detections.first)
    try Data("{}\n".utf8).write(to: URL(fileURLWithPath: layout.absolute(target.path)))
    let report = try PipelineVerifier.verify(out: URL(fileURLWithPath: out))
    #expect(report.issues.map(\.path).contains(layout.absolute(target.path)))

    // Without det_annotations the outputs differ, so the folder's options no longer match.
    #expect(throws: PipelineError.self) { try run(root, out: out, choice: .off) }
  }

  @Test func aDistributedRunCountsWhatALocalRunCounts() throws {
    let root = try PrepTest.sampleTree(frames: 12, seed: 12)
    try PrepTest.editList("\(root)/labels/det_20/det_val.json") { $0.removeLast() }
    let folder = try Fixtures.temporaryDirectory("det-distributed")
    let local = try run(root, out: folder.appendingPathComponent("local").path)
    let out = folder.appendingPathComponent("distributed")
    for index in 0..<2 {
      _ = try run(root, out: out.path, worker: try WorkerAssignment(index: index, count: 2))
    }
    let merged = try DistributedMerge.merge(
      out: out, workerCount: 2, localDirectory: folder.path,
      run: RunInfo(argv: ["merge"], toolVersion: "test", gitCommit: nil, host: "login", startedAt: Date()),
      durable: false)
    #expect(local.labelTotals["no-detection-labels"] == 1)
    #expect(merged.labelTotals == local.labelTotals && merged.detectionLine == local.detectionLine)
  }
}
