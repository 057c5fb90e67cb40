import ArgumentParser
import Foundation
import TwinLitePrep

/// Flags of the sharded pipeline, shared by the convert command.
struct PipelineFlags: ParsableArguments {
  @Option(
    help: "Frames per shard; shard count = ceil(frames / size). Changing it re-plans OUT (needs --force).")
  var shardSize: Int = ShardPlan.defaultShardSize

  @Flag(help: "Rebuild shards that are already complete (and allow a different plan or options in OUT).")
  var force = false

  @Flag(help: "Print a JSON summary on stdout at the end (failures included).")
  var json = false

  @Flag(help: "Also hash the linked images into the catalog (reads every JPEG; default: size only).")
  var hashImages = false

  @Flag(help: "Skip the per-shard syncfs before _SUCCESS (crash-safe, but not power-loss-safe).")
  var noSync = false

  @Option(
    help: ArgumentHelp(
      "Distributed worker: build the shards s with s % N == I (default: TWINLITE_SHARD_INDEX, "
        + "SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX).",
      valueName: "I"))
  var shardIndex: Int?

  @Option(
    help: ArgumentHelp(
      "Distributed worker: number of workers N (or TWINLITE_SHARD_COUNT; never SLURM_ARRAY_TASK_COUNT).",
      valueName: "N"))
  var shardCount: Int?

  @Option(help: "Worker scratch folder for its catalog fragment (default: $TMPDIR, else /tmp).")
  var localDir: String?

  @Option(
    help: ArgumentHelp(
      "When another run holds OUT, wait up to this many seconds for it (default: exit 75 at once, naming it).",
      valueName: "SECONDS"))
  var wait: Double = 0

  func validate() throws {
    guard shardSize >= 1 else { throw ValidationError("--shard-size must be at least 1") }
    guard wait >= 0, wait.isFinite else { throw ValidationError("--wait must be a number of seconds >= 0") }
    do {
      _ = try worker()
    } catch {
      throw ValidationError("\(error)")
    }
  }

  /// The worker this process is (flags, then environment), or nil for a single-machine run.
  func worker() throws(DistributedError) -> WorkerAssignment? {
    try WorkerAssignment.resolve(
      index: shardIndex, count: shardCount, environment: ProcessInfo.processInfo.environment)
  }
}

extension ConvertCommand {
  /// Runs the sharded pipeline and maps its outcome to the documented exit codes.
  func runPipeline(inputs: DatasetInputs, plan: FramePlan, options: ConvertOptions) throws {
    var settings = PipelineSettings(
      out: out, workers: workers, shardSize: pipeline.shardSize, force: pipeline.force, quiet: quiet,
      durable: !pipeline.noSync, profile: ProcessInfo.processInfo.environment["TWINLITE_PREP_PROFILE"] == "1")
    settings.hashImages = pipeline.hashImages
    settings.wait = pipeline.wait
    settings.worker = try pipeline.worker()
    settings.localDirectory = FragmentLayout.localDirectory(
      pipeline.localDir, environment: ProcessInfo.processInfo.environment)
    let summary: PipelineSummary
    do {
      summary = try PrepPipeline.convert(inputs: inputs, plan: plan, options: options, settings: settings)
    } catch {
      StandardError.line("twinlite-prep: \(error)")
      throw ExitCode(.of(error))
    }
    for failure in summary.sourceFailures + summary.failures { StandardError.line("failed: \(failure)") }
    for rebuilt in summary.rebuilt.prefix(20) { StandardError.line("\(rebuilt)") }
    if summary.rebuilt.count > 20 {
      StandardError.line("… and \(summary.rebuilt.count - 20) more shards rebuilt")
    }
    if pipeline.json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      print(String(decoding: try encoder.encode(summary), as: UTF8.self))
    } else {
      print(summary.line)
      if let line = summary.detectionLine { print(line) }
    }
    if summary.exitCode != 0 {
      // A worker's shards are complete even when frames failed: retrying cannot help, so it
      // says so (dataError), which schedulers are told not to retry; a local run says partial.
      throw ExitCode(settings.worker == nil ? summary.exitCode : ToolExitCode.dataError.rawValue)
    }
  }
}
