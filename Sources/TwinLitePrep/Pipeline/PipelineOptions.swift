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

/// How the pipeline runs.
public struct PipelineOptions: Sendable {
  public var out: URL
  /// Target frames per shard (`--shard-size`).
  public var shardSize: Int
  /// Explicit shard count (distributed `--shard-count`); nil: ceil(frames / shardSize).
  public var shardCount: Int?
  /// Only these shard indices (distributed `--shard-index`); nil: all.
  public var onlyShards: Set<Int>?
  /// Threads converting frames (`--workers`).
  public var workers: Int
  /// Rebuild complete shards (`--force`).
  public var force: Bool
  public var progress: ProgressMode
  /// One `syncfs` per shard before `_SUCCESS`, so a power loss cannot leave a marked shard with
  /// unwritten files. Not needed against process crashes (the page cache survives those).
  public var durable: Bool
  /// Recorded in the catalog's `runs` table.
  public var run: RunInfo
  /// Stage timings, reported in the summary when set.
  public var profile: PipelineProfile?
  /// Record into OUT/catalog.sqlite and publish the final layout (default). False for a shard
  /// worker of a distributed run: it only builds shard folders, whose `_SUCCESS` files are the
  /// catalog fragments that one later merge folds in (no two writers on one SQLite file).
  public var sharedCatalog = true
  /// Hash linked/copied source files (the JPEGs) too. Off by default: it reads every image
  /// (15 GB for BDD100K) to fingerprint bytes this tool did not produce; their size is recorded
  /// and checked instead, and the catalog's hash is empty.
  public var hashLinkedFiles = false
  /// Seconds to wait for another process's lock on OUT before giving up (`--wait`).
  public var wait: Double = 0

  public init(
    out: URL, shardSize: Int = ShardPlan.defaultShardSize, shardCount: Int? = nil,
    onlyShards: Set<Int>? = nil, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
    force: Bool = false, progress: ProgressMode = .quiet, durable: Bool = true, run: RunInfo,
    profile: PipelineProfile? = nil
  ) {
    self.out = out
    self.shardSize = shardSize
    self.shardCount = shardCount
    self.onlyShards = onlyShards
    self.workers = workers
    self.force = force
    self.progress = progress
    self.durable = durable
    self.run = run
    self.profile = profile
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

/// The outcome of a run (`--json` prints it).
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
  /// Peak resident set size of the process at the end, bytes (getrusage).
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
