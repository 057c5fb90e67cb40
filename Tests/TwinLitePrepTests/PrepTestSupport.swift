import Foundation
import TwinLiteCore
import TwinLiteImageIO
import TwinLitePrep
import _TwinLiteTestSupport

/// Shared helpers: a sample tree in a temporary folder, a run of the CLI's pipeline, mask reads.
enum PrepTest {
  static func sampleTree(frames: Int = 8, seed: UInt64 = 42, label: String = "sample") throws -> String {
    let root = try Fixtures.temporaryDirectory(label).appendingPathComponent("bdd100k").path
    _ = try SampleGenerator.write(to: root, options: SampleOptions(frames: frames, seed: seed))
    return root
  }

  static func convert(
    _ root: String, options: FrameOutputOptions = FrameOutputOptions(), labels: LabelSourceKind? = nil,
    drivable: DrivableSourcePreference = .auto, threads: Int = 2
  ) throws -> (out: String, summary: PipelineSummary, plan: FramePlan) {
    let out = try Fixtures.temporaryDirectory("prep-out").appendingPathComponent("out").path
    let inputs = try InputDetector.detect(
      root: root, splits: ["train", "val"], labels: labels, drivable: drivable)
    let plan = FramePlanner.plan(inputs, images: options.images != .none)
    return (out, try run(inputs, plan, options, out: out, threads: threads), plan)
  }

  /// Runs the pipeline the CLI runs (`PrepPipeline.convert`) into `out`.
  static func run(
    _ inputs: DatasetInputs, _ plan: FramePlan, _ output: FrameOutputOptions, out: String, threads: Int = 2,
    force: Bool = false
  ) throws -> PipelineSummary {
    let options = PipelineOptions(
      out: URL(fileURLWithPath: out), shardSize: 4, threads: threads, force: force, durable: false)
    return try PrepPipeline.convert(inputs: inputs, plan: plan, output: output, options: options)
  }

  static func mask(_ path: String) throws -> Mask { try PNGDecoder.readMask(path: path) }

  static func write(_ text: String, to path: String) throws {
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
  }

  static func remove(_ root: String, _ relative: String) throws {
    try FileManager.default.removeItem(atPath: "\(root)/\(relative)")
  }

  static func files(_ dir: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
  }

  static func copyTree(_ root: String) throws -> String {
    let copy = try Fixtures.temporaryDirectory("copy").appendingPathComponent("bdd100k").path
    try FileManager.default.copyItem(atPath: root, toPath: copy)
    return copy
  }
}
