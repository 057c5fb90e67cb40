import Foundation
import _TwinLiteTestSupport

/// Small tmpfs and read-only bind mounts for the full-disk and read-only cases. They need root (or
/// CAP_SYS_ADMIN): as root, permission bits do not stop writes, so a read-only mount is the only
/// honest read-only folder. Where mounting is refused the tests that need it are disabled.
enum Mounts {
  @discardableResult
  static func run(_ tool: String, _ arguments: [String]) -> Int32 {
    (try? ToolProcess.run(executable: URL(fileURLWithPath: tool), arguments).status) ?? -1
  }

  static func tmpfs(_ folder: URL, kilobytes: Int) -> Bool {
    run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", folder.path]) == 0
  }

  static func resize(_ folder: URL, kilobytes: Int) -> Bool {
    run("/bin/mount", ["-o", "remount,size=\(kilobytes)k", folder.path]) == 0
  }

  /// Makes `folder` read-only in place (a bind mount of itself, remounted read-only).
  static func readOnly(_ folder: URL) -> Bool {
    run("/bin/mount", ["--bind", folder.path, folder.path]) == 0
      && run("/bin/mount", ["-o", "remount,bind,ro", folder.path]) == 0
  }

  static func unmount(_ folder: URL) { run("/bin/umount", [folder.path]) }

  static let available: Bool = {
    guard let folder = try? Fixtures.temporaryDirectory("mount-probe") else { return false }
    defer { try? FileManager.default.removeItem(at: folder) }
    guard tmpfs(folder, kilobytes: 64) else { return false }
    unmount(folder)
    return true
  }()
}
