import Foundation
import TwinLiteCatalog
import TwinLitePrep

/// Runs the workers of a distributed run over a `PipelineFixture` and reads catalogs back in a
/// form that ignores timings and run ids (which differ between any two runs).
struct DistributedRun {
  let fixture: PipelineFixture
  let shardSize: Int
  let workerCount: Int

  var scratch: String { fixture.out.deletingLastPathComponent().appendingPathComponent("local").path }

  @discardableResult
  func runWorker(_ index: Int, outputOptions: String = "test-v1") throws -> PipelineSummary {
    let worker = try WorkerAssignment(index: index, count: workerCount)
    var input = fixture.input
    input.outputOptions = outputOptions
    let run = RunInfo(
      argv: ["worker"], toolVersion: "test", gitCommit: nil, host: "node\(index)", startedAt: Date())
    var options = PipelineOptions(
      out: fixture.out, shardSize: shardSize, threads: 2, progress: .quiet, durable: false, run: run)
    options.assign(worker, frames: input.frames)
    let conversion = RecordingConversion(frames: fixture.frames, images: fixture.images)
    try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    return try PrepPipeline(input: input, conversion: conversion, options: options)
      .runWorker(worker, localDirectory: scratch)
  }

  func merge() throws -> PipelineSummary {
    let run = RunInfo(argv: ["merge"], toolVersion: "test", gitCommit: nil, host: "login", startedAt: Date())
    return try DistributedMerge.merge(
      out: fixture.out, workerCount: workerCount, localDirectory: scratch, run: run, durable: false)
  }
}

/// Catalog content that must not depend on how the run was split.
struct CatalogContent: Equatable {
  var dataset: DatasetInfo?
  var shards: [String]
  var frames: [FrameRow]

  init(out: URL) throws {
    let catalog = try Catalog.openReadOnly(at: ShardLayout(out: out).catalogURL)
    dataset = try catalog.dataset()
    shards = try catalog.shards().map {
      "\($0.index) \($0.name) \($0.state) \($0.frameCount) \($0.converted) \($0.failed) "
        + ($0.outputHash ?? "-")
    }
    frames = try catalog.frames()
  }
}

extension PipelineFixture {
  /// Output files without the fragment folder (which only a distributed run has).
  func layoutFiles(in folder: URL? = nil) throws -> [String: [UInt8]] {
    try outputFiles(in: folder).filter { !$0.key.hasPrefix("catalog.d/") }
  }
}
