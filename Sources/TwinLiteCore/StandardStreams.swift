import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Unbuffered writes to standard output that notice failure (a closed pipe, a full disk), so a
/// command cannot exit 0 after losing part of its output. The first failure is kept; the command's
/// work goes on, and `check()` at the end turns it into an error.
public enum StandardOutput {
  private static let failure = Mutex<String?>(nil)

  /// Writes `text` in full, or records why it could not.
  public static func write(_ text: String) {
    guard failure.withLock({ $0 == nil }) else { return }
    if let reason = writeAll(1, Array(text.utf8)) { failure.withLock { $0 = $0 ?? reason } }
  }

  /// `text` and a newline.
  public static func line(_ text: String) { write(text + "\n") }

  /// Throws the first failure of any earlier write.
  public static func check() throws(StandardOutputError) {
    if let reason = failure.withLock({ $0 }) { throw StandardOutputError(reason: reason) }
  }
}

/// Standard output could not take what was written (closed pipe, full disk).
public struct StandardOutputError: Error, Sendable, Equatable, CustomStringConvertible {
  public let reason: String
  public var description: String { "standard output: cannot write: \(reason)" }
}

/// Writes all of `bytes` to `fd`, retrying short and interrupted writes; the errno text on failure.
public func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> String? {
  var offset = 0
  while offset < bytes.count {
    let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
    if written < 0 {
      if errno == EINTR { continue }
      return String(cString: strerror(errno))
    }
    offset += written
  }
  return nil
}

/// The one way the tools and libraries write to standard error: unbuffered, one write call per
/// line (so lines from several threads never interleave), never trapping: when stderr itself is
/// gone there is nowhere to report.
public enum StandardError {
  public static func line(_ text: String) { write(text + "\n") }

  /// `text` as it is (a progress bar redraws its line with a carriage return).
  public static func write(_ text: String) { _ = writeAll(2, Array(text.utf8)) }
}
