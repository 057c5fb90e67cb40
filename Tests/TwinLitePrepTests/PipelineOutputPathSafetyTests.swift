import Foundation
import Testing
import TwinLiteCatalog
import TwinLitePrep

/// The pipeline's own guard on the paths a conversion returns: a path that leaves the shard
/// folder fails its frame, and two frames writing one file are a duplicate, not a crashed run.
@Suite struct PipelineOutputPathSafetyTests {
  /// Writes `paths(frame)` with fixed bytes for every frame.
  struct FixedPathConversion: FrameConversion {
    let frames: [PlanFrame]
    let paths: @Sendable (PlanFrame) -> [String]

    struct Worker: FrameConversionWorker {
      let frames: [PlanFrame]
      let paths: @Sendable (PlanFrame) -> [String]

      mutating func convert(frameAt index: Int) throws -> ConvertedFrame {
        ConvertedFrame(
          files: paths(frames[index]).map {
            OutputFile(kind: .drivable, path: $0, content: .bytes([1, 2, 3]))
          })
      }
    }

    func makeWorker() throws -> Worker { Worker(frames: frames, paths: paths) }
  }

  func run(_ fixture: PipelineFixture, paths: @escaping @Sendable (PlanFrame) -> [String]) throws
    -> PipelineSummary
  {
    let run = RunInfo(
      argv: ["test"], toolVersion: "test", gitCommit: nil, host: "localhost", startedAt: Date())
    let options = PipelineOptions(
      out: fixture.out, shardSize: 100, threads: 1, progress: .quiet, durable: false, run: run)
    return try PrepPipeline(
      input: fixture.input, conversion: FixedPathConversion(frames: fixture.frames, paths: paths),
      options: options
    ).run()
  }

  @Test func pathsLeavingTheShardFailTheirFrameOnly() throws {
    let fixture = try PipelineFixture(count: 4)
    let parent = fixture.out.deletingLastPathComponent()
    let summary = try run(fixture) { frame in
      switch frame.name {
      case "frame1": ["segments/../../../escaped-up.png"]
      case "frame2": ["/tmp/escaped-absolute.png"]
      case "frame3": ["segments/train/ok.png", "lane//double-slash.png"]
      default: ["segments/\(frame.split)/\(frame.name).png"]
      }
    }
    #expect(summary.exitCode == 3 && summary.converted == 1)
    let messages = summary.failures.map(\.description)
    #expect(messages.contains { $0.contains("'segments/../../../escaped-up.png': output path rejected") })
    let absolute = "'/tmp/escaped-absolute.png': output path rejected: is absolute"
    #expect(messages.contains { $0.contains(absolute) })
    #expect(messages.contains { $0.contains("component '' is empty") })
    #expect(!FileManager.default.fileExists(atPath: parent.appendingPathComponent("escaped-up.png").path))
    #expect(!FileManager.default.fileExists(atPath: "/tmp/escaped-absolute.png"))
    // frame3 wrote its first file before its second was refused: nothing of it remains.
    let files = try fixture.outputFiles().keys.filter { !$0.hasSuffix("manifest.json") }
    #expect(files.allSatisfy { $0.hasSuffix("val/frame0.png") }, "\(files.sorted())")
  }

  @Test func twoFramesWritingOneFileAreADuplicateNotACrash() throws {
    let fixture = try PipelineFixture(count: 3)
    let summary = try run(fixture) { _ in ["segments/train/same.png"] }
    #expect(summary.converted == 1 && summary.failed == 2 && summary.exitCode == 3)
    #expect(summary.failures.allSatisfy { $0.error.contains("'segments/train/same.png': duplicate output") })
    #expect(try fixture.outputFiles()["segments/train/same.png"] == [1, 2, 3])
  }
}
