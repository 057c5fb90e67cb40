import Foundation
import Synchronization
import TwinLiteCatalog
import TwinLiteCore

/// One disagreement between the catalog and the files.
public struct VerifyIssue: Sendable, Equatable, Codable, CustomStringConvertible {
  public var path: String
  public var problem: String

  public var description: String { "\(path): \(problem)" }
}

/// The result of `twinlite-prep verify`.
public struct VerifyReport: Sendable, Codable {
  public var integrity: [String]
  public var filesChecked: Int
  public var issues: [VerifyIssue]
  /// What could not be checked (a label file no longer reachable): reported, not a failure.
  public var notes: [String] = []

  public var ok: Bool { integrity == ["ok"] && issues.isEmpty }
}

/// Re-hashes every output recorded in the catalog and compares sizes and hashes.
public enum PipelineVerifier {
  /// Checks `out`: SQLite integrity, shard states and markers, and every output file (final
  /// layout and shard copy) against its recorded xxh64. Throws only when the catalog is unusable.
  public static func verify(out: URL, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws
    -> VerifyReport
  {
    let layout = ShardLayout(out: out)
    let catalog = try CatalogAccess.open(out: out, readOnly: true)
    let integrity = try catalog.integrityCheck()
    var issues: [VerifyIssue] = []
    var shardFolders: [Int: String] = [:]
    for shard in try catalog.shards() {
      // Catalog rows are joined onto OUT: a row that breaks the name rule is reported, not used.
      if let problem = FrameName.problem(shard.name, suffix: "") {
        issues.append(
          VerifyIssue(
            path: layout.catalogURL.path,
            problem: "shard \(shard.index): name \(FrameName.quoted(shard.name)) rejected: \(problem)"))
        continue
      }
      shardFolders[shard.index] = layout.shardRelative(shard.name)
      if shard.state != .published {
        issues.append(
          VerifyIssue(path: layout.shardPath(shard.name), problem: "shard is \(shard.state.rawValue)"))
      } else if !FileOps.exists(layout.shardSuccessPath(shard.name)) {
        issues.append(VerifyIssue(path: layout.shardSuccessPath(shard.name), problem: "marker missing"))
      }
    }
    let frames = try catalog.frames()
    let pending = frames.filter { $0.status == .pending }.count
    if pending > 0 {
      issues.append(VerifyIssue(path: layout.catalogURL.path, problem: "\(pending) frames still pending"))
    }
    var checked: [OutputRow] = []
    for frame in frames {
      guard let problem = FrameRowCheck.problem(frame, shard: shardFolders[frame.shard]) else {
        if frame.status == .converted { checked += frame.outputs }
        continue
      }
      issues.append(
        VerifyIssue(
          path: layout.catalogURL.path,
          problem: "frame \(FrameName.printable(frame.id)): \(problem); its files were not checked"))
    }
    let outputs = checked
    let found = Mutex<[VerifyIssue]>([])
    ParallelSlots.run(count: outputs.count, threads: threads) { slot in
      let problems = check(outputs[slot], layout: layout)
      if !problems.isEmpty { found.withLock { $0.append(contentsOf: problems) } }
      return true
    }
    issues += found.withLock { $0 }.sorted { $0.path < $1.path }
    let shards = try catalog.shards()
    issues += strayFiles(outputs: outputs, shards: shards.map(\.name), layout: layout)
    issues += strayShardFiles(frames: frames, shards: shards, layout: layout)
    let (stale, notes) = staleShards(catalog: catalog, shards: shards, layout: layout)
    return VerifyReport(
      integrity: integrity, filesChecked: outputs.count, issues: issues + stale, notes: notes)
  }

  /// Shards built from label files that have changed since: a plain rerun rebuilds the shards
  /// whose frames changed (and records the new files for the others).
  static func staleShards(catalog: Catalog, shards: [ShardRow], layout: ShardLayout)
    -> (issues: [VerifyIssue], notes: [String])
  {
    // A catalog of an older tool has no per-shard provenance: nothing to compare.
    guard let recorded = try? catalog.shardLabelFiles() else { return ([], []) }
    var current: [String: LabelFileInfo] = [:]
    var issues: [VerifyIssue] = []
    var notes: [String] = []
    for shard in shards {
      for file in recorded[shard.index] ?? [] {
        let now = current[file.path] ?? LabelFileHasher.info(file.path)
        current[file.path] = now
        guard now.hash != "missing" else {
          if !notes.contains(where: { $0.hasPrefix(file.path) }) {
            notes.append(
              "\(file.path): label file not found here; shards built from it were not checked for staleness")
          }
          continue
        }
        if now.hash != file.hash || now.size != file.size {
          issues.append(
            VerifyIssue(
              path: layout.shardPath(shard.name),
              problem:
                "stale: built from \(file.path) with xxh64 \(file.hash), the file now has \(now.hash); "
                + "rerun the same twinlite-prep command to rebuild what changed"))
          break
        }
      }
    }
    return (issues, notes)
  }

  /// Files inside complete shard folders that their `_SUCCESS` does not list.
  static func strayShardFiles(frames: [FrameRow], shards: [ShardRow], layout: ShardLayout) -> [VerifyIssue] {
    var known = Set(frames.flatMap { $0.outputs.map { layout.absolute($0.shardPath) } })
    var issues: [VerifyIssue] = []
    for shard in shards {
      let root = layout.shardPath(shard.name)
      known.insert("\(root)/manifest.json")
      known.insert("\(root)/_SUCCESS")
      guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
      for case let relative as String in walker {
        let path = "\(root)/\(relative)"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
        else { continue }
        if !known.contains(path) {
          issues.append(VerifyIssue(path: path, problem: "not in the shard's _SUCCESS"))
        }
      }
    }
    return issues
  }

  /// Files the catalog does not know: in the output folders it wrote to, and under `shards/`
  /// (leftover temp folders, shards of another plan, hidden publish links).
  static func strayFiles(outputs: [OutputRow], shards: [String], layout: ShardLayout) -> [VerifyIssue] {
    var known = Set(outputs.map(\.path))
    let roots = Set(outputs.compactMap { $0.path.split(separator: "/").first.map(String.init) })
    var issues: [VerifyIssue] = []
    for root in roots.sorted() {
      guard let walker = FileManager.default.enumerator(atPath: layout.absolute(root)) else { continue }
      for case let relative as String in walker {
        let path = "\(root)/\(relative)"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: layout.absolute(path), isDirectory: &isDirectory),
          !isDirectory.boolValue
        else { continue }
        if known.remove(path) == nil {
          issues.append(VerifyIssue(path: layout.absolute(path), problem: "not in the catalog"))
        }
      }
    }
    let shardNames = Set(shards)
    for entry in FileOps.listDirectory(layout.shardsPath).sorted() where !shardNames.contains(entry) {
      let problem: String
      if ShardLayout.shardOfTemporary(entry) != nil {
        problem =
          ShardLayout.temporaryIsLive(entry, in: layout.shardsPath)
          ? "being written by a running process (\(TemporaryOwner.parse(entry)?.suffix.dropFirst() ?? ""))"
          : "left by an interrupted run (the next run deletes it)"
      } else {
        problem = "not a shard of this plan"
      }
      issues.append(VerifyIssue(path: "\(layout.shardsPath)/\(entry)", problem: problem))
    }
    return issues
  }

  static func check(_ output: OutputRow, layout: ShardLayout) -> [VerifyIssue] {
    let final = layout.absolute(output.path)
    let shard = layout.absolute(output.shardPath)
    var paths = [final]
    if !FileOps.sameFile(final, shard) { paths.append(shard) }
    return paths.compactMap { path in
      problem(path, output: output).map { VerifyIssue(path: path, problem: $0) }
    }
  }

  /// Why the file at `path` does not match `output`'s record, or nil. A linked source file
  /// recorded without a hash is checked by existence and size only.
  static func problem(_ path: String, output: OutputRow) -> String? {
    if output.hash.isEmpty {
      guard let size = try? FileOps.size(path) else { return "missing" }
      return size == output.size ? nil : "size \(size), catalog says \(output.size)"
    }
    guard let (size, value) = try? FileOps.hashFile(path) else { return "missing or unreadable" }
    if size != output.size { return "size \(size), catalog says \(output.size)" }
    let hash = StableHash.hex(value)
    return hash == output.hash ? nil : "xxh64 \(hash), catalog says \(output.hash)"
  }
}
