import TwinLiteCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The text in a NUL-terminated C buffer.
func cStringMessage(_ buffer: [CChar]) -> String {
  let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
  return String(decoding: bytes, as: UTF8.self)
}

func errnoText(_ code: Int32) -> String {
  String(cString: strerror(code))
}

/// Reads and writes whole files with POSIX calls (no Foundation on the hot path).
enum AtomicFileWriter {
  /// Writes `bytes` to a temporary file beside `path`, then renames it onto `path`.
  static func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws(ImageIOError) {
    let slash = path.lastIndex(of: "/")
    let directory = slash.map { String(path[..<$0]) } ?? "."
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    let temporary = "\(directory)/.\(name).tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw .writeFailed(file: path, reason: errnoText(errno)) }
    var offset = 0
    while offset < bytes.count {
      let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        let reason = errnoText(errno)
        close(fd)
        unlink(temporary)
        throw .writeFailed(file: path, reason: reason)
      }
      offset += written
    }
    if close(fd) != 0 {
      let reason = errnoText(errno)
      unlink(temporary)
      throw .writeFailed(file: path, reason: reason)
    }
    if rename(temporary, path) != 0 {
      let reason = errnoText(errno)
      unlink(temporary)
      throw .writeFailed(file: path, reason: reason)
    }
  }

  static func write(_ bytes: [UInt8], to path: String) throws(ImageIOError) {
    let result: Result<Void, ImageIOError> = bytes.withUnsafeBytes { raw in
      Result { () throws(ImageIOError) in try write(raw, to: path) }
    }
    try result.get()
  }

  /// The whole content of `path`: a regular file of at most 1 GiB.
  static func read(_ path: String) throws(ImageIOError) -> [UInt8] {
    do { return try RegularFile.read(path, limit: 1 << 30) } catch {
      if error.notFound { throw .fileNotFound(file: path) }
      throw .readFailed(file: path, reason: error.reason)
    }
  }
}
