import Foundation

/// One invocation of the tool, as recorded in the `runs` table.
public struct RunInfo: Sendable, Equatable {
  public var argv: [String]
  public var toolVersion: String
  public var gitCommit: String?
  public var host: String
  public var startedAt: Date

  public init(argv: [String], toolVersion: String, gitCommit: String?, host: String, startedAt: Date) {
    self.argv = argv
    self.toolVersion = toolVersion
    self.gitCommit = gitCommit
    self.host = host
    self.startedAt = startedAt
  }
}

/// A recorded run, with its end (nil while running or when the process was killed).
public struct RunRow: Sendable, Equatable {
  public var id: Int64
  public var info: RunInfo
  public var endedAt: Date?
  public var exitCode: Int?
  public var converted: Int
  public var failed: Int
  public var skipped: Int
}

/// What the output folder was built from, and with which plan (`dataset` table, one row).
public struct DatasetInfo: Sendable, Equatable, Codable {
  public var root: String
  public var format: String
  public var frameCount: Int
  public var planHash: String
  public var shardCount: Int
  public var shardSize: Int
  /// Hash of the options that change output bytes; a different value means a different dataset.
  public var optionsHash: String

  public init(
    root: String, format: String, frameCount: Int, planHash: String, shardCount: Int,
    shardSize: Int, optionsHash: String
  ) {
    self.root = root
    self.format = format
    self.frameCount = frameCount
    self.planHash = planHash
    self.shardCount = shardCount
    self.shardSize = shardSize
    self.optionsHash = optionsHash
  }
}

/// A label file the dataset was read from, with its content hash.
public struct LabelFileInfo: Sendable, Hashable, Codable {
  public var path: String
  public var size: Int64
  public var hash: String

  public init(path: String, size: Int64, hash: String) {
    self.path = path
    self.size = size
    self.hash = hash
  }
}

/// Life cycle of a shard: planned, built (folder renamed into place, rows recorded), published
/// (final-layout links made).
public enum ShardState: String, Sendable, Codable, CaseIterable {
  case pending, built, published
}

/// One shard (`shards` table), also the body of a shard's `_SUCCESS` marker.
public struct ShardRow: Sendable, Equatable, Codable {
  public var index: Int
  public var name: String
  public var state: ShardState
  public var frameCount: Int
  public var converted: Int
  public var failed: Int
  public var startedAt: Date?
  public var finishedAt: Date?
  public var seconds: Double?
  /// xxh64 over the shard's output hashes in frame order: one value that changes when any output does.
  public var outputHash: String?

  public init(
    index: Int, name: String, state: ShardState, frameCount: Int, converted: Int = 0,
    failed: Int = 0, startedAt: Date? = nil, finishedAt: Date? = nil, seconds: Double? = nil,
    outputHash: String? = nil
  ) {
    self.index = index
    self.name = name
    self.state = state
    self.frameCount = frameCount
    self.converted = converted
    self.failed = failed
    self.startedAt = startedAt
    self.finishedAt = finishedAt
    self.seconds = seconds
    self.outputHash = outputHash
  }
}

public enum FrameStatus: String, Sendable, Codable, CaseIterable {
  case pending, converted, failed
}

/// One output file of a frame (`outputs` table).
public struct OutputRow: Sendable, Equatable, Codable {
  /// `drivable`, `lane`, `image`, … as named by the converter.
  public var kind: String
  /// Final-layout path, relative to the output folder (`segments/train/x.png`).
  public var path: String
  /// The same file inside its shard folder, relative to the output folder.
  public var shardPath: String
  public var size: Int64
  /// xxh64 of the file's bytes, 16 hex digits.
  public var hash: String

  public init(kind: String, path: String, shardPath: String, size: Int64, hash: String) {
    self.kind = kind
    self.path = path
    self.shardPath = shardPath
    self.size = size
    self.hash = hash
  }
}

/// One frame (`frames` table) with its outputs.
public struct FrameRow: Sendable, Equatable, Codable {
  /// `split/name`: unique across splits.
  public var id: String { "\(split)/\(name)" }
  public var name: String
  public var split: String
  public var shard: Int
  public var status: FrameStatus
  public var error: String?
  /// Label counts from the converter, e.g. `["drivable": 3, "lane": 7]`.
  public var labelCounts: [String: Int]
  public var outputs: [OutputRow]
  /// xxh64 of everything the frame's outputs were made from (its label entries, drivable map,
  /// image size and time); nil for frames recorded by an older tool.
  public var inputHash: String?

  public init(
    name: String, split: String, shard: Int, status: FrameStatus, error: String? = nil,
    labelCounts: [String: Int] = [:], outputs: [OutputRow] = [], inputHash: String? = nil
  ) {
    self.name = name
    self.split = split
    self.shard = shard
    self.status = status
    self.error = error
    self.labelCounts = labelCounts
    self.outputs = outputs
    self.inputHash = inputHash
  }
}
