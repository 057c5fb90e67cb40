import TwinLiteCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writing a file to a path the user named (`report --output`, `export-onnx --out`).
///
/// - `-` is standard output.
/// - A symbolic link is followed to its final target, and that file is replaced: the link stays a
///   link, pointing at the new content.
/// - The target is replaced atomically: a temporary file in its folder, flushed, then renamed over
///   it, so a reader sees the old or the new file, never a part. An existing file keeps its
///   permission bits.
/// - A directory, device, FIFO or socket is refused before anything is written.
/// - Missing parent folders are created.
public enum OutputFile {
  public static func write(_ bytes: [UInt8], to path: String) throws(BenchError) {
    if path == "-" {
      StandardOutput.write(String(decoding: bytes, as: UTF8.self))
      do { try StandardOutput.check() } catch {
        throw .cannotWrite(path: "standard output", reason: error.reason)
      }
      return
    }
    guard !path.isEmpty else { throw .refusedOutput(path: path, reason: "the path is empty") }
    guard !path.hasSuffix("/") else {
      throw .refusedOutput(path: path, reason: "it names a folder; name a file, or - for standard output")
    }
    let target = try finalTarget(of: path)
    var existing = stat()
    let exists = lstat(target, &existing) == 0
    let folder = parent(of: target)
    try makeFolders(folder, for: path)
    let temporary = "\(folder)/.\(name(of: target)).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
    guard fd >= 0 else { throw .cannotWrite(path: path, reason: RegularFile.errorText(errno)) }
    func fail(_ reason: String, closing: Bool = true) -> BenchError {
      if closing { close(fd) }
      unlink(temporary)
      return .cannotWrite(path: path, reason: reason)
    }
    if exists {
      // Same permissions (and, when allowed, owner) as the file being replaced.
      _ = fchown(fd, existing.st_uid, existing.st_gid)
      guard fchmod(fd, existing.st_mode & 0o7777) == 0 else { throw fail(RegularFile.errorText(errno)) }
    }
    if let reason = writeAll(fd, bytes) { throw fail(reason) }
    guard fsync(fd) == 0 else { throw fail(RegularFile.errorText(errno)) }
    guard close(fd) == 0 else { throw fail(RegularFile.errorText(errno), closing: false) }
    guard rename(temporary, target) == 0 else { throw fail(RegularFile.errorText(errno), closing: false) }
  }

  public static func write(_ text: String, to path: String) throws(BenchError) {
    try write(Array(text.utf8), to: path)
  }

  /// The file a write to `path` lands in: `path` itself, or the end of its chain of symbolic links.
  /// Throws `.refusedOutput` when that is anything but a regular file or nothing.
  public static func finalTarget(of path: String) throws(BenchError) -> String {
    var current = path
    for _ in 0..<40 {
      var info = stat()
      guard lstat(current, &info) == 0 else {
        if errno == ENOENT { return current }
        throw .cannotWrite(path: path, reason: RegularFile.errorText(errno))
      }
      guard info.st_mode & S_IFMT == S_IFLNK else {
        if let kind = RegularFile.kind(info.st_mode) {
          let via = current == path ? "" : " (the symbolic link leads to \(current))"
          throw .refusedOutput(
            path: path, reason: "it is \(kind)\(via); name a file, or - for standard output")
        }
        return current
      }
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let count = readlink(current, &buffer, buffer.count - 1)
      guard count >= 0 else { throw .cannotWrite(path: path, reason: RegularFile.errorText(errno)) }
      let link = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      current = link.hasPrefix("/") ? link : parent(of: current) + "/" + link
    }
    throw .cannotWrite(path: path, reason: "too many levels of symbolic links")
  }

  static func parent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  static func name(of path: String) -> String {
    path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
  }

  /// `mkdir -p folder` for an output folder the user named.
  public static func makeFolder(_ folder: String) throws(BenchError) { try makeFolders(folder, for: folder) }

  /// `mkdir -p folder`, reporting the first component that is not a folder.
  static func makeFolders(_ folder: String, for path: String) throws(BenchError) {
    var info = stat()
    if stat(folder, &info) == 0 {
      guard info.st_mode & S_IFMT == S_IFDIR else {
        let which = folder == path ? "it" : folder
        let kind = RegularFile.kind(info.st_mode) ?? "a file"
        throw .refusedOutput(path: path, reason: "\(which) is \(kind), not a folder")
      }
      return
    }
    guard errno == ENOENT else { throw .cannotWrite(path: path, reason: RegularFile.errorText(errno)) }
    let up = parent(of: folder)
    if up != folder { try makeFolders(up, for: path) }
    guard mkdir(folder, 0o777) == 0 || errno == EEXIST else {
      throw .cannotWrite(path: path, reason: "cannot create \(folder): \(RegularFile.errorText(errno))")
    }
  }
}
