#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a file the user named could not be read, in words: the errno text, or what kind of file it is.
public struct FileReadError: Error, Sendable, Equatable {
  public let path: String
  public let reason: String
  /// Nothing exists at `path`.
  public let notFound: Bool

  public init(path: String, reason: String, notFound: Bool = false) {
    self.path = path
    self.reason = reason
    self.notFound = notFound
  }
}

extension FileReadError: CustomStringConvertible {
  public var description: String { "\(path): \(reason)" }
}

/// Whole-file reads of input files named by the user. Only regular files are read: a directory, a
/// device (`/dev/zero` never ends), a FIFO or a socket is refused before any byte is read.
public enum RegularFile {
  /// The content of `path`, refused when it is not a regular file or is larger than `limit` bytes.
  public static func read(_ path: String, limit: Int) throws(FileReadError) -> [UInt8] {
    // O_NONBLOCK: opening a FIFO must not wait for a writer before it can be refused.
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard fd >= 0 else { throw failure(path, errno) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw failure(path, errno) }
    if let kind = kind(info.st_mode) { throw FileReadError(path: path, reason: "is \(kind), not a file") }
    let size = Int(info.st_size)
    guard size <= limit else {
      throw FileReadError(path: path, reason: "is \(size) bytes, more than the \(limit)-byte limit")
    }
    var bytes = [UInt8](repeating: 0, count: size)
    var filled = 0
    while filled < size {
      let got = bytes.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress! + filled, size - filled) }
      if got < 0 {
        if errno == EINTR { continue }
        throw failure(path, errno)
      }
      if got == 0 { break }
      filled += got
    }
    // A file that shrank while being read is reported rather than padded with zeros.
    guard filled == size else {
      throw FileReadError(path: path, reason: "changed while being read (\(filled) of \(size) bytes)")
    }
    return bytes
  }

  /// "a directory", "a character device", … for anything that is not a regular file, else nil.
  public static func kind(_ mode: mode_t) -> String? {
    switch mode & S_IFMT {
    case S_IFREG: return nil
    case S_IFDIR: return "a directory"
    case S_IFCHR: return "a character device"
    case S_IFBLK: return "a block device"
    case S_IFIFO: return "a FIFO (named pipe)"
    case S_IFSOCK: return "a socket"
    default: return "a special file"
    }
  }

  /// `strerror` text of `code`.
  public static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

  private static func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
      Glibc.read(fd, buffer, count)
    #else
      Darwin.read(fd, buffer, count)
    #endif
  }

  static func failure(_ path: String, _ code: Int32) -> FileReadError {
    FileReadError(path: path, reason: errorText(code), notFound: code == ENOENT)
  }
}
