import ArgumentParser
import Foundation
import TwinLitePrep

/// Flags of the sharded pipeline, shared by the convert command.
struct PipelineFlags: ParsableArguments {
  @Option(help: "Frames per shard; shard count = ceil(frames / size). Changing it re-plans OUT (needs --force).")
  var shardSize: Int = ShardPlan.defaultShardSize

  @Flag(help: "Rebuild shards that are already complete (and allow a different plan or options in OUT).")
  var force = false

  @Flag(help: "Print a JSON summary on stdout at the end (failures included).")
  var json = false

  @Flag(help: "Skip the per-shard syncfs before _SUCCESS (crash-safe, but not power-loss-safe).")
  var noSync = false

  func validate() throws {
    guard shardSize >= 1 else { throw ValidationError("--shard-size must be at least 1") }
  }
}

extension ConvertCommand {
  /// Runs the sharded pipeline and maps its outcome to the documented exit codes.
  func runPipeline(inputs: DatasetInputs, plan: FramePlan, options: ConvertOptions, log: StandardError) throws {
    let settings = PipelineSettings(
      out: out, workers: workers, shardSize: pipeline.shardSize, force: pipeline.force, quiet: quiet,
      durable: !pipeline.noSync, profile: ProcessInfo.processInfo.environment["TWINLITE_PREP_PROFILE"] == "1")
    let summary: PipelineSummary
    do {
      summary = try PrepPipeline.convert(inputs: inputs, plan: plan, options: options, settings: settings)
    } catch let error as PipelineError {
      log.line("twinlite-prep: \(error)")
      throw ExitCode(error.isUsage ? PrepExitCode.usage : PrepExitCode.internalError)
    } catch {
      log.line("twinlite-prep: \(error)")
      throw ExitCode(PrepExitCode.internalError)
    }
    for failure in summary.sourceFailures + summary.failures { log.line("failed: \(failure)") }
    if pipeline.json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      print(String(decoding: try encoder.encode(summary), as: UTF8.self))
    } else {
      print(summary.line)
    }
    if summary.exitCode != 0 { throw ExitCode(summary.exitCode) }
  }
}
