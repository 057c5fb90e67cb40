import Foundation
import TwinLiteCatalog

extension PrepPipeline where Conversion == FrameJobs {
  /// Converts a planned dataset with the sharded pipeline: what `twinlite-prep ROOT` runs.
  ///
  /// How a frame flows from label to PNG (files in order):
  /// 1. `twinlite-prep/ConvertCommand.swift` parses the flags into `FrameOutputOptions` (what a
  ///    frame's files are) and `PipelineOptions` (how the run executes).
  /// 2. `Input/InputDetector.swift` finds each split's label files; `Convert/FramePlanner.swift`
  ///    turns them into one `FrameJob` per frame (`Detection/DetectionPlanner.swift` adds boxes).
  /// 3. Here: input hashes (`Convert/FrameInputHasher.swift`) and the `PipelineInput`.
  /// 4. `Pipeline/PrepPipeline.swift` `run()`: locks OUT, opens the catalog, cuts the frames into
  ///    shards (`ShardPlan.swift`) and skips shards that are complete (`PrepPipeline+Inspect.swift`).
  /// 5. `Pipeline/PrepPipeline+Build.swift` `convertShard`: each thread's `FrameConverter`
  ///    (`Convert/FrameConverter.swift`) reads the labels (`FrameJob.loadLabels`), draws the masks
  ///    (TwinLiteDataset's `MaskRenderer`), encodes PNGs (TwinLiteImageIO's `PNGWriter`) and returns
  ///    a `ConvertedFrame`; `convertAndWrite` writes its files into the shard's temporary folder
  ///    (images through `ContainedDirectory+Place.swift`).
  /// 6. `commitShard` (`PrepPipeline+Build.swift`, `ShardCommitter.swift`): `_SUCCESS`, rename into
  ///    place, catalog rows; `PrepPipeline+Publish.swift` hard-links the files to
  ///    `OUT/segments/{split}/NAME.png` and the other final folders.
  /// Frame failures do not throw: they are listed in the summary and the catalog.
  public static func convert(
    inputs: DatasetInputs, plan: FramePlan, output: FrameOutputOptions, options: PipelineOptions
  ) throws -> PipelineSummary {
    let profile = options.profile
    let conversion = FrameJobs(jobs: plan.jobs, options: output)
    let labelFiles = profile.measure("hash label files") { plan.labelFiles.map(LabelFileHasher.info) }
    let formats = Set(inputs.splits.compactMap { $0.labelSource?.rawValue }).sorted()
    var input = PipelineInput(
      root: inputs.root, format: formats.joined(separator: "+"), frames: conversion.frames,
      labelFiles: labelFiles, outputOptions: output.canonicalDescription)
    input.inputHashes = profile.measure("hash frame inputs") {
      FrameInputHasher.hashes(plan.jobs, images: output.images != .none, threads: options.threads)
    }
    let fileIndex = Dictionary(
      plan.labelFiles.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    input.frameLabelFiles = plan.jobs.map { FrameInputHasher.labelSources($0).compactMap { fileIndex[$0] } }
    var options = options
    var summary: PipelineSummary
    if let worker = options.worker {
      options.assign(worker, frames: input.frames)
      summary = try PrepPipeline(input: input, conversion: conversion, options: options)
        .runWorker(worker, localDirectory: options.localDirectory)
    } else {
      summary = try PrepPipeline(input: input, conversion: conversion, options: options).run()
    }
    summary.sourceFailures = plan.sourceFailures.map {
      PipelineFailure(frame: $0.file, shard: nil, error: $0.message)
    }
    if !summary.sourceFailures.isEmpty { summary.exitCode = 3 }
    summary.peakRSSBytes = PeakMemory.residentBytes()
    return summary
  }
}

/// This process's peak resident set size in bytes: `VmHWM` of /proc/self/status. Not getrusage's
/// `ru_maxrss`: after a vfork-style spawn (posix_spawn) it keeps the parent's peak, so a tool started
/// by a large process would report that process's memory as its own.
public enum PeakMemory {
  public static func residentBytes() -> Int {
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
      let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
    {
      return kilobytes * 1024
    }
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss) * 1024
  }
}
