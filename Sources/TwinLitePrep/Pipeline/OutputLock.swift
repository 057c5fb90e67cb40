import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The advisory lock on `OUT/.lock` that makes one process the writer of an output folder.
///
/// A local run, `merge` and `repair` hold it exclusively: they may delete, replace and publish
/// anything in OUT. Distributed workers hold it shared: they run side by side, each touching only
/// its own shards, temp folders and fragment, and together they keep an exclusive holder out.
/// The exclusive holder writes `host=… pid=… started=…` into the file while it holds it, so a
/// refused process can name it. The lock is `flock(2)`: the kernel releases it when the process
/// ends, however it ends. Where the file system cannot lock (`ENOLCK`, some NFS setups) the
/// process warns and goes on: workers stay safe through their own names (`TemporaryOwner`).
public final class OutputLock: Sendable {
  public enum Mode: Sendable { case exclusive, shared }

  let descriptor: Int32
  let mode: Mode
  public let path: String

  private init(descriptor: Int32, mode: Mode, path: String) {
    self.descriptor = descriptor
    self.mode = mode
    self.path = path
  }

  /// The holder line is emptied before the lock is released: the file names a holder only while
  /// one runs (a killed holder's line is overwritten by the next one).
  deinit {
    if mode == .exclusive { _ = ftruncate(descriptor, 0) }
    close(descriptor)
  }

  /// Takes the lock on `out/.lock`, creating OUT if needed. With `wait` > 0 it retries for that
  /// many seconds (calling `waiting` once with the holder); then throws `PipelineError.busy`.
  public static func acquire(
    out: URL, mode: Mode, wait: Double = 0, waiting: (String) -> Void = { _ in }
  ) throws -> OutputLock? {
    try FileOps.makeDirectories(out.path)
    let path = out.appendingPathComponent(".lock").path
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
    guard fd >= 0 else { throw PipelineError.io(path: path, operation: "open lock file", errno: errno) }
    let deadline = Date().addingTimeInterval(max(0, wait))
    let operation = mode == .exclusive ? LOCK_EX : LOCK_SH
    var announced = false
    while flock(fd, operation | LOCK_NB) != 0 {
      let code = errno
      if code == EINTR { continue }
      if code == ENOLCK || code == EOPNOTSUPP {
        close(fd)
        let reason = String(cString: strerror(code))
        StandardError.write(
          "twinlite-prep: warning: \(path): this file system cannot lock (\(reason)); "
            + "a second run on this folder would not be detected\n")
        return nil
      }
      guard code == EWOULDBLOCK else {
        close(fd)
        throw PipelineError.io(path: path, operation: "lock", errno: code)
      }
      if Date() >= deadline {
        // The holder writes its line just after it locks: an empty file is read again briefly.
        for _ in 0..<20 where holderLine(path).isEmpty {
          usleep(50_000)
          if flock(fd, operation | LOCK_NB) == 0 { return OutputLock.locked(fd, mode: mode, path: path) }
        }
        let holder = holderLine(path).isEmpty ? Self.sharedHolders(fd: fd, path: path) : holderLine(path)
        close(fd)
        throw PipelineError.busy(out: out.path, holder: holder)
      }
      if !announced {
        waiting(holderLine(path).isEmpty ? "another process (\(path))" : holderLine(path))
        announced = true
      }
      usleep(100_000)
    }
    return OutputLock.locked(fd, mode: mode, path: path)
  }

  private static func locked(_ fd: Int32, mode: Mode, path: String) -> OutputLock {
    let lock = OutputLock(descriptor: fd, mode: mode, path: path)
    if mode == .exclusive { lock.writeHolder() }
    return lock
  }

  /// The exclusive holder's `host=… pid=… started=…` line, or "" (none written yet, or shared).
  static func holderLine(_ path: String) -> String {
    let text = (try? FileOps.read(path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    return text.split(separator: "\n").first.map(String.init) ?? ""
  }

  /// Without a holder line: shared holders (workers) if a shared lock can be had now.
  static func sharedHolders(fd: Int32, path: String) -> String {
    guard flock(fd, LOCK_SH | LOCK_NB) == 0 else { return "another process (\(path))" }
    flock(fd, LOCK_UN)
    return "distributed workers (shared lock on \(path))"
  }

  private func writeHolder() {
    let started = ISO8601DateFormatter().string(from: Date())
    let text = "host=\(ProcessInfo.processInfo.hostName) pid=\(getpid()) started=\(started)\n"
    _ = ftruncate(descriptor, 0)
    _ = text.withCString { pwrite(descriptor, $0, strlen($0), 0) }
  }
}
