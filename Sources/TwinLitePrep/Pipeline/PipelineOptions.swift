import Foundation
import TwinLiteCatalog

/// What the pipeline converts: the frames (in any order) and where they came from.
public struct PipelineInput: Sendable {
  /// Dataset root as given by the user (recorded, not read by the pipeline).
  public var root: String
  /// Detected label format (recorded).
  public var format: String
  /// Frames to plan; `FrameConversionWorker.convert(frameAt:)` receives indices into this array.
  public var frames: [PlanFrame]
  /// Label files and their hashes (recorded in the `label_files` table).
  public var labelFiles: [LabelFileInfo]
  /// Canonical text of the options that change output bytes (layout, line width, …).
  public var outputOptions: String
  /// Per frame (aligned with `frames`): xxh64 of its inputs (`FrameInputHasher`); empty when
  /// the caller does not track inputs.
  public var inputHashes: [String] = []
  /// Per frame: indices into `labelFiles` of the label files it is read from; empty: all of them.
  public var frameLabelFiles: [[Int]] = []

  public init(
    root: String, format: String, frames: [PlanFrame], labelFiles: [LabelFileInfo],
    outputOptions: String
  ) {
    self.root = root
    self.format = format
    self.frames = frames
    self.labelFiles = labelFiles
    self.outputOptions = outputOptions
  }
}

/// How one prep run executes: where it writes, how outputs are cut into shards, how many threads
/// convert, what it records, and (for a distributed run) which worker this process is. What a
/// frame's files contain is `FrameOutputOptions`' concern, not this one's.
public struct PipelineOptions: Sendable {
  public var out: URL
  /// Target frames per shard (`--shard-size`); shards are units of output, not processes.
  public var shardSize: Int
  /// An explicit shard count instead of ceil(frames / shardSize).
  public var shardCount: Int?
  /// Only these shard indices; nil: all (a distributed worker's are set by `assign`).
  public var onlyShards: Set<Int>?
  /// Threads converting frames in this process (`--threads`).
  public var threads: Int
  /// Rebuild complete shards (`--force`).
  public var force: Bool
  public var progress: ProgressMode
  /// One `syncfs` per shard before `_SUCCESS`, so a power loss cannot leave a marked shard with
  /// unwritten files. Not needed against process crashes (the page cache survives those).
  public var durable: Bool
  /// Recorded in the catalog's `runs` table.
  public var run: RunInfo
  /// Stage timings, reported in the summary when set (`--profile`).
  public var profile: PipelineProfile?
  /// Record into OUT/catalog.sqlite and publish the final layout (default). False for a worker
  /// of a distributed run: it only builds shard folders, whose `_SUCCESS` files are the
  /// catalog fragments that one later merge folds in (no two writers on one SQLite file).
  public var sharedCatalog = true
  /// Hash linked/copied source files (the JPEGs) too (`--hash-images`). Off by default: it reads
  /// every image (15 GB for BDD100K) to fingerprint bytes this tool did not produce; their size is
  /// recorded and checked instead, and the catalog's hash is empty.
  public var hashLinkedFiles = false
  /// Seconds to wait for another process's lock on OUT before giving up (`--wait`).
  public var wait: Double = 0
  /// The process of a distributed run this is (`--worker-index/--worker-count`); nil: a
  /// single-machine run. `PrepPipeline.convert` builds only its shards and writes a fragment.
  public var worker: WorkerAssignment?
  /// Local scratch folder where a worker builds its catalog fragment (`--local-dir`).
  public var localDirectory = "/tmp"

  public init(
    out: URL, shardSize: Int = ShardPlan.defaultShardSize, shardCount: Int? = nil,
    onlyShards: Set<Int>? = nil, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
    force: Bool = false, progress: ProgressMode = .quiet, durable: Bool = true, run: RunInfo = .current(),
    profile: PipelineProfile? = nil
  ) {
    self.out = out
    self.shardSize = shardSize
    self.shardCount = shardCount
    self.onlyShards = onlyShards
    self.threads = threads
    self.force = force
    self.progress = progress
    self.durable = durable
    self.run = run
    self.profile = profile
  }
}

extension RunInfo {
  /// This process: its argv, build, host and start time.
  public static func current() -> RunInfo {
    RunInfo(
      argv: CommandLine.arguments, toolVersion: BuildInfo.toolVersion, gitCommit: BuildInfo.gitCommit(),
      host: ProcessInfo.processInfo.hostName, startedAt: Date())
  }
}

/// One failed frame, as listed at the end of a run.
public struct PipelineFailure: Codable, Sendable, Equatable, CustomStringConvertible {
  /// `split/name`, or the label file for a whole-file failure.
  public var frame: String
  /// The frame's shard; nil for a whole-file failure.
  public var shard: Int?
  public var error: String

  public init(frame: String, shard: Int?, error: String) {
    self.frame = frame
    self.shard = shard
    self.error = error
  }

  public var description: String { "\(frame): \(error)" }
}

/// A shard that existed but was rebuilt, and why.
public struct PipelineRebuild: Codable, Sendable, Equatable, CustomStringConvertible {
  public var shard: String
  public var reason: String

  public var description: String { "rebuilt \(shard): \(reason)" }
}

/// The outcome of a run (`--summary-format json` prints it).
public struct PipelineSummary: Codable, Sendable {
  public var out: String
  public var frames: Int
  public var shards: Int
  public var shardsBuilt: Int
  public var shardsSkipped: Int
  public var converted: Int
  public var failed: Int
  /// Frames in shards that were already complete (resume).
  public var skipped: Int
  public var seconds: Double
  public var framesPerSecond: Double
  public var planHash: String
  public var failures: [PipelineFailure]
  public var exitCode: Int32
  /// Thread-seconds per stage, when profiling.
  public var profile: [String: Double]?
  /// Shards rebuilt although a folder existed, with the reason (inputs changed, damaged file, …).
  public var rebuilt: [PipelineRebuild] = []
  /// Label files that failed as a whole (their frames could not be listed); set by the caller.
  public var sourceFailures: [PipelineFailure] = []
  /// Whole-file failures first, then the frames that failed: everything the run lists as failed.
  public var allFailures: [PipelineFailure] { sourceFailures + failures }
  /// Peak resident set size of the process at the end, bytes (`PeakMemory`).
  public var peakRSSBytes: Int = 0
  /// The frames' label counts (`areas`, `lanes`, `boxes`, …) summed over the converted frames.
  public var labelTotals: [String: Int] = [:]

  /// Adds the label counts of `frames` that converted to `labelTotals`.
  public mutating func addLabelCounts(of frames: [FrameRow]) {
    for frame in frames where frame.status == .converted {
      labelTotals.merge(frame.labelCounts, uniquingKeysWith: +)
    }
  }

  /// `prep: 2000 frames in 2 shards (2 built, 0 complete), 2000 converted, 0 failed in 6.1 s …`.
  public var line: String {
    "prep: \(frames) frames in \(shards) shards (\(shardsBuilt) built, \(shardsSkipped) already complete), "
      + "\(converted) converted, \(failed + sourceFailures.count) failed in "
      + String(
        format: "%.1f s (%.1f frames/s), peak RSS %.0f MiB", seconds, framesPerSecond,
        Double(peakRSSBytes) / 1_048_576)
  }

  /// 0: all frames converted; 3: some failed (listed in `failures` and the catalog).
  public static func exitCode(failed: Int) -> Int32 { failed > 0 ? 3 : 0 }
}
