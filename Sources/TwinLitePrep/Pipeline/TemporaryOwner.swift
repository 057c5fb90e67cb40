import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Who wrote a temporary (`.tmp-`) or retired (`.old-`) shard folder, carried in its name so the
/// owner is known from the moment `mkdir` makes it: `.tmp-shard-00007-of-00064-R+PID.START@HOST`.
///
/// A process deletes such a folder only when it is its own, or when its owner is gone: on the
/// same host, the owner's pid is not running (or runs a process started at another time); on
/// another host, the folder's lease expired (its time was last refreshed `leaseSeconds` ago; the
/// owner refreshes it while it writes). So two runs, or two attempts of one worker, never delete
/// each other's live folders, even where `flock` does not reach across machines.
public struct TemporaryOwner: Sendable, Equatable {
  /// How long a folder of another host stays untouched before it counts as abandoned. Generous:
  /// it must cover clock skew between hosts and the slowest shard commit.
  public static let leaseSeconds: Double = 600

  public var pid: Int32
  /// Process start time in clock ticks since boot (`/proc/PID/stat` field 22); 0 when unknown.
  public var start: UInt64
  public var host: String

  /// This process.
  public static let current = TemporaryOwner(
    pid: getpid(), start: processStart(getpid()) ?? 0, host: sanitizedHost(ProcessInfo.processInfo.hostName))

  /// The suffix appended after the random part of a name: `+PID.START@HOST`.
  public var suffix: String { "+\(pid).\(start)@\(host)" }

  /// The owner named by a folder name, or nil for a name without one (left by an older tool).
  public static func parse(_ name: String) -> TemporaryOwner? {
    guard let plus = name.lastIndex(of: "+"), let at = name.lastIndex(of: "@"), plus < at else { return nil }
    let ids = name[name.index(after: plus)..<at].split(separator: ".")
    guard ids.count == 2, let pid = Int32(ids[0]), let start = UInt64(ids[1]) else { return nil }
    let host = String(name[name.index(after: at)...])
    guard !host.isEmpty else { return nil }
    return TemporaryOwner(pid: pid, start: start, host: host)
  }

  /// Whether the owner of the folder at `path` may still be writing it.
  public func isAlive(folder path: String, now: Date = Date()) -> Bool {
    if self == Self.current { return true }
    if host == Self.current.host {
      guard kill(pid, 0) == 0 || errno == EPERM else { return false }
      // The pid runs; a different start time means it was reused by another process.
      guard start != 0, let running = Self.processStart(pid) else { return true }
      return running == start
    }
    return Self.leaseHolds(path, now: now)
  }

  /// Whether `path` was touched within the lease (the rule for owners on other hosts and for
  /// names without an owner).
  static func leaseHolds(_ path: String, now: Date = Date()) -> Bool {
    var info = stat()
    guard stat(path, &info) == 0 else { return false }
    let touched = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) * 1e-9
    return now.timeIntervalSince1970 - touched < leaseSeconds
  }

  /// Refreshes the lease of one of this process's folders.
  static func touch(_ path: String) {
    _ = utimensat(AT_FDCWD, path, nil, 0)
  }

  static func processStart(_ pid: Int32) -> UInt64? {
    // Not FileOps.read: /proc files report size 0.
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
    // Field 2 (the command) is in parentheses and may hold spaces: count fields after the last ')'.
    guard let close = text.lastIndex(of: ")") else { return nil }
    let fields = text[text.index(after: close)...].split(separator: " ")
    // Fields after ')' start at field 3; the start time is field 22.
    return fields.count > 19 ? UInt64(fields[19]) : nil
  }

  /// Host names keep letters, digits, '-' and '.'; anything else would break the name's syntax.
  static func sanitizedHost(_ host: String) -> String {
    let kept = host.unicodeScalars.map { scalar -> Character in
      CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII || scalar == "-" || scalar == "."
        ? Character(scalar) : "_"
    }
    return kept.isEmpty ? "unknown" : String(kept.prefix(64))
  }
}

extension ShardLayout {
  /// Temporary and retired folders under `shards/` (for the given shard names; all when nil)
  /// whose owners are gone: safe to delete.
  func abandonedFolders(for names: Set<String>?, now: Date = Date()) -> [String] {
    FileOps.listDirectory(shardsPath).filter { entry in
      guard let shard = Self.shardOfTemporary(entry) else { return false }
      if let names, !names.contains(shard) { return false }
      return !Self.temporaryIsLive(entry, in: shardsPath, now: now)
    }.map { "\(shardsPath)/\($0)" }
  }

  /// The shard name inside a `.tmp-`/`.old-` entry, or nil for other entries.
  static func shardOfTemporary(_ entry: String) -> String? {
    for prefix in [".tmp-", ".old-"] where entry.hasPrefix(prefix) {
      let rest = entry.dropFirst(prefix.count)
      // shard-NNNNN-of-NNNNN-R…: the name ends at the fourth '-'.
      let parts = rest.split(separator: "-", maxSplits: 4, omittingEmptySubsequences: false)
      guard parts.count == 5, parts[0] == "shard", parts[2] == "of" else { return nil }
      return parts[0..<4].joined(separator: "-")
    }
    return nil
  }

  /// Whether a `.tmp-`/`.old-` entry may still be in use. Names without an owner come from an
  /// older tool, which deleted them at start-up: they are abandoned.
  static func temporaryIsLive(_ entry: String, in folder: String, now: Date = Date()) -> Bool {
    guard let owner = TemporaryOwner.parse(entry) else { return false }
    return owner.isAlive(folder: "\(folder)/\(entry)", now: now)
  }
}
