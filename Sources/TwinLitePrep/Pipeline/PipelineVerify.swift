import Dispatch
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

  public var ok: Bool { integrity == ["ok"] && issues.isEmpty }
}

/// Re-hashes every output recorded in the catalog and compares sizes and hashes.
public enum PipelineVerifier {
  /// Checks `out`: SQLite integrity, shard states and markers, and every output file (final
  /// layout and shard copy) against its recorded xxh64. Throws only when the catalog is unusable.
  public static func verify(out: URL, workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws
    -> VerifyReport
  {
    let layout = ShardLayout(out: out)
    let catalog = try Catalog.openReadOnly(at: layout.catalogURL)
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
    let next = Atomic(0)
    DispatchQueue.concurrentPerform(iterations: max(1, min(workers, outputs.count))) { _ in
      while true {
        let slot = next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard slot < outputs.count else { break }
        let problems = check(outputs[slot], layout: layout)
        if !problems.isEmpty { found.withLock { $0.append(contentsOf: problems) } }
      }
    }
    issues += found.withLock { $0 }.sorted { $0.path < $1.path }
    issues += strayFiles(outputs: outputs, shards: try catalog.shards().map(\.name), layout: layout)
    return VerifyReport(integrity: integrity, filesChecked: outputs.count, issues: issues)
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
      let problem =
        entry.hasPrefix(".tmp-") || entry.hasPrefix(".old-")
        ? "left by an interrupted run (the next run deletes it)" : "not a shard of this plan"
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
      if output.hash.isEmpty {
        // A linked source file recorded without a hash: existence and size only.
        guard let size = try? FileOps.size(path) else { return VerifyIssue(path: path, problem: "missing") }
        return size == output.size ? nil : VerifyIssue(path: path, problem: "size \(size), catalog says \(output.size)")
      }
      guard let (size, value) = try? FileOps.hashFile(path) else {
        return VerifyIssue(path: path, problem: "missing or unreadable")
      }
      if size != output.size {
        return VerifyIssue(path: path, problem: "size \(size), catalog says \(output.size)")
      }
      let hash = StableHash.hex(value)
      if hash != output.hash {
        return VerifyIssue(path: path, problem: "xxh64 \(hash), catalog says \(output.hash)")
      }
      return nil
    }
  }
}
