import ArgumentParser
import Foundation
import TwinLitePrep

/// How a convert run executes in this process: threads, shards, resume, durability, reporting.
struct ExecutionFlags: ParsableArguments {
  @OptionGroup
  var threads: ThreadsFlag

  @Option(
    help: """
      Frames per shard, the unit of output and resume; shard count = ceil(frames / size). Changing it \
      re-plans OUT (needs --force).
      """)
  var shardSize: Int = ShardPlan.defaultShardSize

  @Flag(help: "Rebuild shards that are already complete (and allow a different plan or options in OUT).")
  var force = false

  @Option(help: "How the summary on stdout is written: text or json (failures included).")
  var summaryFormat: OutputFormat = .text

  @Flag(help: ArgumentHelp(visibility: .hidden))
  var json = false

  @Flag(help: "Also hash the linked images into the catalog (reads every JPEG; default: size only).")
  var hashImages = false

  @Flag(help: "Skip the per-shard syncfs before _SUCCESS (crash-safe, but not power-loss-safe).")
  var noSync = false

  @Flag(
    help: """
      Add thread-seconds per stage to the summary (also on with the environment variable \
      TWINLITE_PREP_PROFILE=1).
      """)
  var profile = false

  @Option(
    help: ArgumentHelp(
      "When another run holds OUT, wait up to this many seconds for it (default: exit at once, naming it).",
      valueName: "SECONDS"))
  var wait: Double = 0

  var threadCount: Int { threads.count }

  var format: OutputFormat { json ? .json : summaryFormat }

  func validate() throws {
    guard shardSize >= 1 else { throw ValidationError("--shard-size must be at least 1") }
    guard wait >= 0, wait.isFinite else { throw ValidationError("--wait must be a number of seconds >= 0") }
  }

  /// One line per old flag used.
  var deprecations: [String] {
    threads.deprecations + (json ? [Deprecation.line("--json", "--summary-format json")] : [])
  }

  /// The pipeline's options for a run writing `out`.
  func options(out: String, quiet: Bool, worker: WorkerFlags) throws -> PipelineOptions {
    let environment = ProcessInfo.processInfo.environment
    var options = PipelineOptions(
      out: URL(fileURLWithPath: out), shardSize: shardSize, threads: threadCount, force: force,
      progress: .automatic(quiet: quiet), durable: !noSync,
      profile: profile || environment["TWINLITE_PREP_PROFILE"] == "1" ? PipelineProfile() : nil)
    options.hashLinkedFiles = hashImages
    options.wait = wait
    options.worker = try worker.assignment()
    options.localDirectory = FragmentLayout.localDirectory(worker.localDir, environment: environment)
    return options
  }
}

/// `--threads N` (the older `--workers` hidden): threads of this process.
struct ThreadsFlag: ParsableArguments {
  @Option(help: ArgumentHelp("Threads in this process (default: number of cores).", valueName: "N"))
  var threads: Int?

  @Option(help: ArgumentHelp(visibility: .hidden))
  var workers: Int?

  /// `--threads`, else the deprecated `--workers`, else the number of cores.
  var count: Int { threads ?? workers ?? ProcessInfo.processInfo.activeProcessorCount }

  func validate() throws {
    guard threads == nil || workers == nil else {
      throw ValidationError("--threads and --workers (its old name) exclude each other")
    }
    guard count >= 1 else { throw ValidationError("--threads must be at least 1") }
  }

  var deprecations: [String] { workers == nil ? [] : [Deprecation.line("--workers", "--threads")] }
}

/// `--format` / `--summary-format` values: text for people, json for programs.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}

/// Old flag names still accepted for one release, hidden from `--help`.
enum Deprecation {
  static func line(_ old: String, _ new: String) -> String {
    "twinlite-prep: \(old) is deprecated and will be removed in the next release; use \(new)"
  }
}
