import Foundation
import TwinLiteCatalog

/// Where things live in an output folder.
///
/// ```
/// OUT/.lock                                flock: one writer (workers share it)
/// OUT/catalog.sqlite                       one writer, local disk
/// OUT/shards/shard-00007-of-00064/         a complete shard (appears by one rename)
///     manifest.json                        plan, options and inputs hashes, frame ids
///     segments/train/NAME.png …            the shard's outputs, in the final layout's shape
///     _SUCCESS                             written last: shard, frame and label-file rows (JSON)
/// OUT/shards/.tmp-shard-00007-of-00064-R+PID.START@HOST/  a shard being written by that process
/// OUT/shards/.old-shard-00007-of-00064-R+PID.START@HOST/  a replaced shard being deleted
/// OUT/segments/train/NAME.png …            final layout: hard links to the shard files
/// OUT/_SUCCESS                             all shards published (JSON summary)
/// ```
public struct ShardLayout: Sendable {
  public let out: URL

  public init(out: URL) { self.out = out }

  public var catalogURL: URL { out.appendingPathComponent("catalog.sqlite") }
  public var shardsPath: String { out.appendingPathComponent("shards").path }
  public var successPath: String { out.appendingPathComponent("_SUCCESS").path }

  /// `shards/shard-…`, relative to the output folder.
  public func shardRelative(_ name: String) -> String { "shards/\(name)" }
  public func shardPath(_ name: String) -> String { "\(shardsPath)/\(name)" }
  public func shardSuccessPath(_ name: String) -> String { "\(shardPath(name))/_SUCCESS" }
  public func shardManifestPath(_ name: String) -> String { "\(shardPath(name))/manifest.json" }
  /// A new temporary folder name owned by this process (see `TemporaryOwner`).
  public func temporaryShardPath(_ name: String) -> String {
    "\(shardsPath)/.tmp-\(name)-\(FileOps.randomSuffix())\(TemporaryOwner.current.suffix)"
  }
  public func retiredShardPath(_ name: String) -> String {
    "\(shardsPath)/.old-\(name)-\(FileOps.randomSuffix())\(TemporaryOwner.current.suffix)"
  }
  public func absolute(_ relative: String) -> String { "\(out.path)/\(relative)" }
}

/// `manifest.json` of a shard: everything that decides its bytes, nothing that varies per run.
public struct ShardManifest: Codable, Sendable, Equatable {
  public var format = "twinlite-shard/2"
  public var shardIndex: Int
  public var shardCount: Int
  public var planHash: String
  public var optionsHash: String
  /// xxh64 over the member frames' `id<TAB>input hash` lines: changes when any frame's label
  /// entry, drivable map or image changes. Nil in shards of an older tool.
  public var inputsHash: String?
  public var frameCount: Int
  public var frames: [String]
}

/// `_SUCCESS` of a shard: its catalog rows, so the catalog can always be rebuilt from shard
/// folders (resume after a crash between rename and commit; `merge`; `repair`).
public struct ShardSuccess: Codable, Sendable {
  public var shard: ShardRow
  public var frames: [FrameRow]
  /// The dataset row of the run that built it (nil from an older tool).
  public var dataset: DatasetInfo?
  /// The label files its frames were read from, as they were when it was built or last found
  /// current (nil from an older tool).
  public var labelFiles: [LabelFileInfo]?
  /// Rows dropped on reading because they break the `FrameName` rule (never written to disk).
  public var rejected: [PipelineFailure] = []

  enum CodingKeys: String, CodingKey {
    case shard, frames, dataset, labelFiles
  }
}

enum JSONFiles {
  static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
    encoder.dateEncodingStrategy = .iso8601
    return Array(try encoder.encode(value)) + [0x0A]
  }

  static func decode<T: Decodable>(_ type: T.Type, from path: String) throws -> T {
    let bytes = try FileOps.read(path)
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    do {
      return try decoder.decode(type, from: Data(bytes))
    } catch {
      throw PipelineError.badShard(path: path, reason: "unreadable JSON: \(error)")
    }
  }
}
