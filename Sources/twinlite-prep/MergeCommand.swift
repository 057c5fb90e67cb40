import ArgumentParser
import Foundation
import TwinLitePrep

/// `twinlite-prep merge OUT`: one process folds the workers' fragments into OUT/catalog.sqlite.
struct MergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Fold the fragments of a distributed run into OUT/catalog.sqlite and publish the final layout.",
    discussion: """
      Run once, by one process, after every worker finished. The catalog is built in --local-dir \
      and renamed into place. Idempotent. Exit status: 0 merged, 3 merged but some frames failed, \
      or workers not complete (listed; nothing changed), 2 no fragments or fragments of \
      different runs, 64 a bad command line, 75 OUT in use, 1 internal error.
      """)

  @Argument(help: "Output folder of the distributed run.")
  var out: String

  @Option(help: "Number of workers N (default: TWINLITE_SHARD_COUNT, else from the fragments).")
  var shardCount: Int?

  @Option(help: "Scratch folder on local disk for the new catalog (default: $TMPDIR, else /tmp).")
  var localDir: String?

  @Flag(help: "Skip the sync before the rename (crash-safe, but not power-loss-safe).")
  var noSync = false

  func run() throws {
    let environment = ProcessInfo.processInfo.environment
    let run = RunInfo(
      argv: CommandLine.arguments, toolVersion: BuildInfo.toolVersion, gitCommit: BuildInfo.gitCommit(),
      host: ProcessInfo.processInfo.hostName, startedAt: Date())
    let summary: PipelineSummary
    do {
      summary = try DistributedMerge.merge(
        out: URL(fileURLWithPath: out), workerCount: try DistributedCLI.workerCount(shardCount),
        localDirectory: FragmentLayout.localDirectory(localDir, environment: environment), run: run,
        durable: !noSync)
    } catch {
      throw DistributedCLI.exit(for: error, command: "merge")
    }
    for failure in summary.failures { StandardError.line("failed: \(failure)") }
    print(
      "merge: \(summary.shards) shards, \(summary.converted) frames converted, \(summary.failed) failed "
        + String(format: "in %.1f s", summary.seconds))
    if let line = summary.detectionLine { print(line) }
    if summary.exitCode != 0 { throw ExitCode(summary.exitCode) }
  }
}

/// Shared by `merge` and `missing`.
enum DistributedCLI {
  /// `--shard-count`, else TWINLITE_SHARD_COUNT, else nil.
  static func workerCount(_ flag: Int?) throws -> Int? {
    if let flag { return flag }
    guard let text = ProcessInfo.processInfo.environment[WorkerAssignment.countVariable], !text.isEmpty else {
      return nil
    }
    guard let value = Int(text) else {
      throw DistributedError.invalidWorker("\(WorkerAssignment.countVariable)=\(text) is not a number")
    }
    return value
  }

  /// Logs `error` and maps it to the documented exit codes.
  static func exit(for error: any Error, command: String) -> ExitCode {
    StandardError.line("twinlite-prep \(command): \(error)")
    return ExitCode(.of(error))
  }
}
