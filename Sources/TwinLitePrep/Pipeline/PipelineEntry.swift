import Foundation
import TwinLiteCatalog

/// How the CLI runs the pipeline (flags of `twinlite-prep ROOT --out OUT`).
public struct PipelineSettings: Sendable {
  public var out: String
  public var workers: Int
  public var shardSize: Int
  public var force: Bool
  public var quiet: Bool
  public var durable: Bool
  /// Stage timings in the summary (`TWINLITE_PREP_PROFILE=1`).
  public var profile: Bool
  /// Hash the linked/copied images too (`--hash-images`).
  public var hashImages: Bool = false
  /// Reserved for distributed runs (issue 7): explicit count, and the indices this process builds.
  public var shardCount: Int?
  public var shardIndices: Set<Int>?
  /// Distributed worker (issue 7): build only this worker's shards and write a catalog fragment
  /// (built in `localDirectory`) instead of OUT/catalog.sqlite.
  public var worker: WorkerAssignment?
  public var localDirectory = "/tmp"
  /// Seconds to wait for another process's lock on OUT (`--wait`).
  public var wait: Double = 0

  public init(
    out: String, workers: Int, shardSize: Int = ShardPlan.defaultShardSize, force: Bool = false,
    quiet: Bool = false, durable: Bool = true, profile: Bool = false, shardCount: Int? = nil,
    shardIndices: Set<Int>? = nil
  ) {
    self.out = out
    self.workers = workers
    self.shardSize = shardSize
    self.force = force
    self.quiet = quiet
    self.durable = durable
    self.profile = profile
    self.shardCount = shardCount
    self.shardIndices = shardIndices
  }
}

extension PrepPipeline where Conversion == FrameJobConversion {
  /// Converts a planned dataset with the sharded pipeline: the CLI's main path.
  public static func convert(
    inputs: DatasetInputs, plan: FramePlan, options: ConvertOptions,
    settings: PipelineSettings
  ) throws -> PipelineSummary {
    let profile = settings.profile ? PipelineProfile() : nil
    let conversion = FrameJobConversion(jobs: plan.jobs, options: options)
    let labelFiles = profile.measure("hash label files") { plan.labelFiles.map(LabelFileHasher.info) }
    let formats = Set(inputs.splits.compactMap { $0.labelSource?.rawValue }).sorted()
    var input = PipelineInput(
      root: inputs.root, format: formats.joined(separator: "+"), frames: conversion.frames,
      labelFiles: labelFiles, outputOptions: options.canonicalDescription)
    input.inputHashes = profile.measure("hash frame inputs") {
      FrameInputHasher.hashes(plan.jobs, images: options.images != .none, workers: settings.workers)
    }
    let fileIndex = Dictionary(
      plan.labelFiles.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    input.frameLabelFiles = plan.jobs.map { FrameInputHasher.labelSources($0).compactMap { fileIndex[$0] } }
    let run = RunInfo(
      argv: CommandLine.arguments, toolVersion: BuildInfo.toolVersion,
      gitCommit: BuildInfo.gitCommit(), host: ProcessInfo.processInfo.hostName, startedAt: Date())
    var pipelineOptions = PipelineOptions(
      out: URL(fileURLWithPath: settings.out), shardSize: settings.shardSize, shardCount: settings.shardCount,
      onlyShards: settings.shardIndices, workers: settings.workers, force: settings.force,
      progress: .automatic(quiet: settings.quiet), durable: settings.durable, run: run, profile: profile)
    pipelineOptions.hashLinkedFiles = settings.hashImages
    pipelineOptions.wait = settings.wait
    var summary: PipelineSummary
    if let worker = settings.worker {
      pipelineOptions.assign(worker, frames: input.frames)
      summary = try PrepPipeline(input: input, conversion: conversion, options: pipelineOptions)
        .runWorker(worker, localDirectory: settings.localDirectory)
    } else {
      summary = try PrepPipeline(input: input, conversion: conversion, options: pipelineOptions).run()
    }
    summary.sourceFailures = plan.sourceFailures.map {
      PipelineFailure(frame: $0.file, shard: nil, error: $0.message)
    }
    if !summary.sourceFailures.isEmpty { summary.exitCode = 3 }
    summary.peakRSSBytes = PrepDriver.peakRSS()
    return summary
  }
}
