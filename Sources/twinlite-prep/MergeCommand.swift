import ArgumentParser
import Foundation
import TwinLiteCatalog
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

  @OptionGroup
  var workers: WorkerCountFlag

  @Option(help: "Scratch folder on local disk for the new catalog (default: $TMPDIR, else /tmp).")
  var localDir: String?

  @Flag(help: "Skip the sync before the rename (crash-safe, but not power-loss-safe).")
  var noSync = false

  func run() throws {
    let environment = ProcessInfo.processInfo.environment
    let run = RunInfo.current()
    let summary: PipelineSummary
    do {
      summary = try DistributedMerge.merge(
        out: URL(fileURLWithPath: out),
        workerCount: try workers.count(),
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
  /// Logs `error` and maps it to the documented exit codes.
  static func exit(for error: any Error, command: String) -> ExitCode {
    StandardError.line("twinlite-prep \(command): \(error)")
    return ExitCode(.of(error))
  }
}

/// `--worker-count N` of `merge` and `missing` (the older `--shard-count` hidden).
struct WorkerCountFlag: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Number of worker processes N (default: TWINLITE_WORKER_COUNT, else from the fragments).",
      valueName: "N"))
  var workerCount: Int?

  @Option(help: ArgumentHelp(visibility: .hidden))
  var shardCount: Int?

  func validate() throws {
    guard workerCount == nil || shardCount == nil else {
      throw ValidationError("--worker-count and its old name --shard-count exclude each other")
    }
  }

  /// The flag, else TWINLITE_WORKER_COUNT (or its older name), else nil. Says once when the old
  /// flag name was used.
  func count() throws -> Int? {
    if shardCount != nil { StandardError.line(Deprecation.line("--shard-count", "--worker-count")) }
    return try workerCount ?? shardCount
      ?? WorkerAssignment.environmentCount(ProcessInfo.processInfo.environment)
  }
}
