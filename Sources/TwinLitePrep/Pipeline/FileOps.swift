import Foundation
import TwinLiteCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Thin POSIX helpers: no Foundation file APIs on the hot path, errors carry errno and path.
enum FileOps {
  /// `mkdir -p` with the real errno (EROFS, ENOSPC, EACCES…) in the error.
  static func makeDirectories(_ path: String) throws {
    var prefix = path.hasPrefix("/") ? "" : "."
    for part in path.split(separator: "/") {
      prefix += "/" + part
      if mkdir(prefix, 0o777) != 0 && errno != EEXIST {
        throw PipelineError.io(path: prefix, operation: "mkdir", errno: errno)
      }
    }
  }

  /// The errno behind a Foundation file error (EROFS, ENOSPC, EACCES…), EIO when there is none.
  static func posixCode(_ error: any Error) -> Int32 {
    let ns = error as NSError
    if ns.domain == NSPOSIXErrorDomain { return Int32(ns.code) }
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
      underlying.domain == NSPOSIXErrorDomain
    {
      return Int32(underlying.code)
    }
    return EIO
  }

  /// Writes a new file (fails if it exists). Creates missing parent folders.
  static func writeNew(_ path: String, _ bytes: [UInt8]) throws {
    var fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    if fd < 0 && errno == ENOENT {
      try makeDirectories((path as NSString).deletingLastPathComponent)
      fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    }
    guard fd >= 0 else { throw PipelineError.io(path: path, operation: "create", errno: errno) }
    defer { close(fd) }
    try bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          throw PipelineError.io(path: path, operation: "write", errno: errno)
        }
        offset += written
      }
    }
  }

  /// Reads a whole file.
  static func read(_ path: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw PipelineError.io(path: path, operation: "open", errno: errno) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw PipelineError.io(path: path, operation: "stat", errno: errno) }
    let size = Int(info.st_size)
    var bytes = [UInt8](repeating: 0, count: size)
    var offset = 0
    try bytes.withUnsafeMutableBytes { buffer in
      while offset < size {
        let got = Glibc.read(fd, buffer.baseAddress! + offset, size - offset)
        if got < 0 {
          if errno == EINTR { continue }
          throw PipelineError.io(path: path, operation: "read", errno: errno)
        }
        if got == 0 { break }
        offset += got
      }
    }
    if offset < size { bytes.removeLast(size - offset) }
    return bytes
  }

  /// xxh64 and size of a file, streamed through a 64 KiB stack buffer (no whole-file
  /// allocation: a fresh 200 KB array per image cost more than reading it).
  static func hashFile(_ path: String) throws -> (size: Int64, hash: UInt64) {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw PipelineError.io(path: path, operation: "open", errno: errno) }
    defer { close(fd) }
    var hasher = XXH64.Streaming()
    var total: Int64 = 0
    try withUnsafeTemporaryAllocation(byteCount: 1 << 16, alignment: 16) { buffer in
      while true {
        let got = Glibc.read(fd, buffer.baseAddress!, buffer.count)
        if got < 0 {
          if errno == EINTR { continue }
          throw PipelineError.io(path: path, operation: "read", errno: errno)
        }
        if got == 0 { break }
        hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
        total += Int64(got)
      }
    }
    return (total, hasher.finalize())
  }

  /// Size of a file (following symbolic links).
  static func size(_ path: String) throws -> Int64 {
    var info = stat()
    guard stat(path, &info) == 0 else { throw PipelineError.io(path: path, operation: "stat", errno: errno) }
    return Int64(info.st_size)
  }

  static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

  /// Same inode (a published hard link of the shard file).
  static func sameFile(_ a: String, _ b: String) -> Bool {
    var sa = stat()
    var sb = stat()
    guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
  }

  static func rename(_ from: String, _ to: String) throws {
    guard Glibc.rename(from, to) == 0 else {
      throw PipelineError.io(path: to, operation: "rename from \(from)", errno: errno)
    }
  }

  static func unlinkIfPresent(_ path: String) throws {
    if unlink(path) != 0 && errno != ENOENT {
      throw PipelineError.io(path: path, operation: "unlink", errno: errno)
    }
  }

  static func removeTree(_ path: String) throws {
    guard exists(path) else { return }
    do {
      try FileManager.default.removeItem(atPath: path)
    } catch {
      throw PipelineError.io(path: path, operation: "remove folder", errno: posixCode(error))
    }
  }

  static func listDirectory(_ path: String) -> [String] {
    (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
  }

  /// Flushes the file system holding `path` (one call per shard, not per file).
  static func syncFileSystem(_ path: String) {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return }
    #if os(Linux)
      _ = linuxSyncfs(fd)
    #else
      _ = fsync(fd)
    #endif
    close(fd)
  }

  /// A random suffix for temporary names.
  static func randomSuffix() -> String {
    String(UInt64.random(in: 0...UInt64.max), radix: 36)
  }
}

#if os(Linux)
  /// glibc's `syncfs(2)`; its header declaration needs _GNU_SOURCE, which the Glibc module lacks.
  @_silgen_name("syncfs")
  private func linuxSyncfs(_ fd: Int32) -> Int32
#endif
