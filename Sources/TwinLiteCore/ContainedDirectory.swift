#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a file below a `ContainedDirectory` could not be made, naming the path.
public enum ContainedPathError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A component of the relative path breaks the `FrameName` rule (`..`, an absolute path, …).
  case invalidPath(path: String, problem: String)
  /// A folder on the way is a symbolic link or not a folder: writing through it could leave the base.
  case notAFolder(path: String)
  /// A system call failed.
  case io(path: String, operation: String, errno: Int32)

  public var description: String {
    switch self {
    case .invalidPath(let path, let problem):
      return "\(FrameName.quoted(path)): output path rejected: \(problem)"
    case .notAFolder(let path):
      return "\(path): is a symbolic link or not a folder; refusing to write through it (remove it and rerun)"
    case .io(let path, let operation, let code):
      return "\(path): \(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
    }
  }

  /// The errno of an `io` failure (EEXIST tells a duplicate output apart from a broken disk).
  public var errno: Int32? {
    if case .io(_, _, let code) = self { return code }
    return nil
  }
}

/// A folder opened once; every file below it is made through directory descriptors (`openat`,
/// `O_NOFOLLOW`), so neither a hostile relative path nor a symbolic link planted inside the folder
/// can make a write, link or unlink land outside it. The folder itself may be reached through links.
public final class ContainedDirectory: Sendable {
  public let path: String
  private let fd: Int32

  /// Opens `path`, creating it (and its parents) when missing.
  public init(path: String) throws(ContainedPathError) {
    var fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if fd < 0 && errno == ENOENT {
      var prefix = path.hasPrefix("/") ? "" : "."
      for part in path.split(separator: "/") {
        prefix += "/" + part
        if mkdir(prefix, 0o777) != 0 && errno != EEXIST {
          throw .io(path: prefix, operation: "mkdir", errno: errno)
        }
      }
      fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    }
    guard fd >= 0 else { throw .io(path: path, operation: "open folder", errno: errno) }
    self.path = path
    self.fd = fd
  }

  deinit { close(fd) }

  /// `path/relative`, for messages and for readers.
  public func absolute(_ relative: String) -> String { "\(path)/\(relative)" }

  /// The components of `relative`, each checked against the `FrameName` rule.
  public static func components(_ relative: String) throws(ContainedPathError) -> [String] {
    if relative.hasPrefix("/") { throw .invalidPath(path: relative, problem: "is absolute") }
    let parts = relative.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    for part in parts {
      if let problem = FrameName.problem(part, suffix: "") {
        throw .invalidPath(path: relative, problem: "component \(FrameName.quoted(part)) \(problem)")
      }
    }
    return parts
  }

  /// Writes a new file; fails with EEXIST when the name is taken (even by a dangling link).
  public func writeNew(_ relative: String, _ bytes: [UInt8]) throws(ContainedPathError) {
    try withParent(relative) { (dir, leaf) throws(ContainedPathError) in
      try Self.create(dir, leaf, bytes, path: absolute(relative))
    }
  }

  /// Writes a file atomically: a new hidden file beside it, renamed over the name. A link at the
  /// name is replaced, never followed.
  public func writeReplacing(_ relative: String, _ bytes: [UInt8]) throws(ContainedPathError) {
    try withParent(relative) { (dir, leaf) throws(ContainedPathError) in
      let staging = Self.stagingName()
      try Self.create(dir, staging, bytes, path: absolute(relative))
      guard renameat(dir, staging, dir, leaf) == 0 else {
        let code = errno
        unlinkat(dir, staging, 0)
        throw .io(path: absolute(relative), operation: "rename", errno: code)
      }
    }
  }

  /// Hard-links the existing file `source` (any absolute path) to the new name `relative`.
  public func link(_ source: String, at relative: String) throws(ContainedPathError) {
    try withParent(relative) { (dir, leaf) throws(ContainedPathError) in
      guard linkat(AT_FDCWD, source, dir, leaf, 0) == 0 else {
        throw .io(path: absolute(relative), operation: "link from \(source)", errno: errno)
      }
    }
  }

  /// Makes `relative` a symbolic link to `target` (an absolute path the caller vetted).
  public func symlink(to target: String, at relative: String) throws(ContainedPathError) {
    try withParent(relative) { (dir, leaf) throws(ContainedPathError) in
      guard symlinkat(target, dir, leaf) == 0 else {
        throw .io(path: absolute(relative), operation: "symlink to \(target)", errno: errno)
      }
    }
  }

  /// Places `source` (relative, below this folder) at `target`: a new hard link, or an atomic
  /// replacement of whatever other file holds the name. A copy where links are refused (EXDEV,
  /// EPERM, EMLINK). Idempotent.
  public func publish(_ source: String, to target: String) throws(ContainedPathError) {
    try withParent(source) { (from, name) throws(ContainedPathError) in
      try withParent(target) { (to, leaf) throws(ContainedPathError) in
        if linkat(from, name, to, leaf, 0) == 0 { return }
        let code = errno
        if code == EEXIST && Self.sameFile(from, name, to, leaf) { return }
        guard code == EEXIST || Self.linkRefused(code) else {
          throw .io(path: absolute(target), operation: "link from \(absolute(source))", errno: code)
        }
        let staging = Self.stagingName()
        if linkat(from, name, to, staging, 0) != 0 {
          guard Self.linkRefused(errno) else {
            throw .io(path: absolute(target), operation: "link from \(absolute(source))", errno: errno)
          }
          let bytes = try Self.read(from, name, path: absolute(source))
          try Self.create(to, staging, bytes, path: absolute(target))
        }
        guard renameat(to, staging, to, leaf) == 0 else {
          let code = errno
          unlinkat(to, staging, 0)
          throw .io(path: absolute(target), operation: "rename", errno: code)
        }
      }
    }
  }

  /// Whether a failed `link` means this file system will not hard-link here (another device,
  /// links not permitted, too many links), so a copy or symbolic link must stand in.
  public static func linkRefused(_ code: Int32) -> Bool {
    code == EXDEV || code == EPERM || code == EMLINK
  }

  /// Renames `from` to `to`, both below this folder (a file at `to` is replaced, not followed).
  public func rename(_ from: String, to: String) throws(ContainedPathError) {
    try withParent(from, create: false) { (source, name) throws(ContainedPathError) in
      try withParent(to) { (target, leaf) throws(ContainedPathError) in
        guard renameat(source, name, target, leaf) == 0 else {
          throw .io(path: absolute(to), operation: "rename from \(absolute(from))", errno: errno)
        }
      }
    }
  }

  /// A hidden name for a new file beside `relative`, renamed over it once complete.
  public static func staging(beside relative: String) -> String {
    let parent = relative.lastIndex(of: "/").map { String(relative[...$0]) } ?? ""
    return parent + stagingName()
  }

  /// Removes the name `relative` (a link is removed, not its target); a missing name is fine.
  public func unlink(_ relative: String) throws(ContainedPathError) {
    do {
      try withParent(relative, create: false) { (dir, leaf) throws(ContainedPathError) in
        if unlinkat(dir, leaf, 0) != 0 && errno != ENOENT {
          throw .io(path: absolute(relative), operation: "unlink", errno: errno)
        }
      }
    } catch .io(_, _, ENOENT) {
      return
    }
  }

  // MARK: - Descriptors

  /// Runs `body` with the open parent folder of `relative` and the leaf name; missing folders are
  /// created, and a folder that is a link (or not a folder) is refused.
  private func withParent<R>(
    _ relative: String, create: Bool = true, _ body: (Int32, String) throws(ContainedPathError) -> R
  ) throws(ContainedPathError) -> R {
    let parts = try Self.components(relative)
    var dir = fd
    var walked = path
    defer { if dir != fd { close(dir) } }
    for part in parts.dropLast() {
      walked += "/" + part
      if create && mkdirat(dir, part, 0o777) != 0 && errno != EEXIST {
        throw .io(path: walked, operation: "mkdir", errno: errno)
      }
      let next = openat(dir, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
      guard next >= 0 else {
        if errno == ELOOP || errno == ENOTDIR { throw .notAFolder(path: walked) }
        throw .io(path: walked, operation: "open folder", errno: errno)
      }
      if dir != fd { close(dir) }
      dir = next
    }
    return try body(dir, parts[parts.count - 1])
  }

  private static func create(_ dir: Int32, _ leaf: String, _ bytes: [UInt8], path: String)
    throws(ContainedPathError)
  {
    let file = openat(dir, leaf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
    guard file >= 0 else { throw .io(path: path, operation: "create", errno: errno) }
    var failure: Int32 = 0
    bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = write(file, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          failure = errno
          return
        }
        offset += written
      }
    }
    if close(file) != 0 && failure == 0 { failure = errno }
    if failure != 0 {
      unlinkat(dir, leaf, 0)
      throw .io(path: path, operation: "write", errno: failure)
    }
  }

  private static func read(_ dir: Int32, _ leaf: String, path: String) throws(ContainedPathError) -> [UInt8] {
    let file = openat(dir, leaf, O_RDONLY | O_CLOEXEC)
    guard file >= 0 else { throw .io(path: path, operation: "open", errno: errno) }
    defer { close(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let got = chunk.withUnsafeMutableBytes { Glibc.read(file, $0.baseAddress, $0.count) }
      if got < 0 {
        if errno == EINTR { continue }
        throw .io(path: path, operation: "read", errno: errno)
      }
      if got == 0 { return bytes }
      bytes += chunk[0..<got]
    }
  }

  private static func sameFile(_ a: Int32, _ aName: String, _ b: Int32, _ bName: String) -> Bool {
    var sa = stat()
    var sb = stat()
    guard fstatat(a, aName, &sa, AT_SYMLINK_NOFOLLOW) == 0, fstatat(b, bName, &sb, AT_SYMLINK_NOFOLLOW) == 0
    else { return false }
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
  }

  /// A short hidden name: fixed length, so a 255-byte output name still has a staging name.
  private static func stagingName() -> String {
    ".tmp-\(getpid())-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
  }
}
