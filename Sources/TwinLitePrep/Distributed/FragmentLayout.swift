import Foundation

/// Where the per-worker catalog fragments of a distributed run live.
///
/// ```
/// OUT/catalog.d/worker-00003-of-00008.sqlite        complete fragment (appears by one rename)
/// OUT/catalog.d/.tmp-worker-00003-of-00008-R.sqlite being copied in from local disk
/// ```
public struct FragmentLayout: Sendable {
  public let out: URL

  public init(out: URL) { self.out = out }

  public var directory: String { out.appendingPathComponent("catalog.d").path }

  public func fragmentPath(_ worker: WorkerAssignment) -> String { "\(directory)/\(worker.name).sqlite" }

  /// Complete fragments present, as (index, count, path), sorted by count then index.
  public func fragments() -> [(index: Int, count: Int, path: String)] {
    FileOps.listDirectory(directory).compactMap { entry -> (index: Int, count: Int, path: String)? in
      guard case .fragment(let index, let count) = Self.parse(entry) else { return nil }
      return (index: index, count: count, path: "\(directory)/\(entry)")
    }.sorted { ($0.count, $0.index) < ($1.count, $1.index) }
  }

  /// Files named `worker-….sqlite` that no worker of this tool writes (a count out of bounds,
  /// an index outside it, a malformed name), with the reason: `merge` and `missing` refuse them.
  public func strayFragments() -> [(path: String, reason: String)] {
    FileOps.listDirectory(directory).sorted().compactMap { entry in
      guard case .stray(let reason) = Self.parse(entry) else { return nil }
      return ("\(directory)/\(entry)", reason)
    }
  }

  enum Entry: Equatable {
    case fragment(index: Int, count: Int)
    case stray(String)
    case other
  }

  static func parse(_ entry: String) -> Entry {
    guard entry.hasPrefix("worker-"), entry.hasSuffix(".sqlite") else { return .other }
    let core = entry.dropFirst("worker-".count).dropLast(".sqlite".count)
    let parts = core.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[1] == "of",
      let index = Int(parts[0]), let count = Int(parts[2])
    else { return .stray("expected worker-IIIII-of-NNNNN.sqlite") }
    guard (1...ShardPlan.maximumShardCount).contains(count) else {
      return .stray(
        "worker count \(core.split(separator: "-").last ?? "") is outside 1...\(ShardPlan.maximumShardCount)")
    }
    guard (0..<count).contains(index) else { return .stray("worker index \(index) is outside 0..<\(count)") }
    return .fragment(index: index, count: count)
  }

  /// Local (node) scratch folder: `--local-dir`, else `$TMPDIR`, else /tmp.
  public static func localDirectory(_ explicit: String?, environment: [String: String]) -> String {
    if let explicit, !explicit.isEmpty { return explicit }
    if let temporary = environment["TMPDIR"], !temporary.isEmpty { return temporary }
    return "/tmp"
  }
}

extension FileOps {
  /// Copies a finished local file into `target` atomically: written beside it under a hidden
  /// name, optionally synced, then renamed. The target is never seen partially written.
  static func installCopy(of source: String, at target: String, durable: Bool) throws {
    let slash = target.lastIndex(of: "/") ?? target.startIndex
    let folder = String(target[..<slash])
    let staging = "\(folder)/.tmp-\(target[target.index(after: slash)...])-\(randomSuffix())"
    try makeDirectories(folder)
    do {
      try writeNew(staging, try read(source))
      if durable { syncFileSystem(staging) }
      try rename(staging, target)
    } catch {
      try? unlinkIfPresent(staging)
      throw error
    }
  }
}
