import Foundation

/// Version and provenance recorded in each run.
public enum BuildInfo {
  public static let toolVersion = "0.1.0"

  /// The git commit of the checkout the executable was built in (walks up from the executable
  /// to a `.git` folder or worktree file and resolves HEAD by reading files; no `git` process).
  /// `TWINLITE_GIT_COMMIT` overrides it (release builds outside a checkout).
  public static func gitCommit(executable: String = CommandLine.arguments.first ?? "") -> String? {
    if let forced = ProcessInfo.processInfo.environment["TWINLITE_GIT_COMMIT"], !forced.isEmpty { return forced }
    var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
    while folder.path != "/" {
      let dotGit = folder.appendingPathComponent(".git")
      if let gitDir = gitDirectory(dotGit) { return resolveHead(gitDir) }
      folder.deleteLastPathComponent()
    }
    return nil
  }

  static func gitDirectory(_ dotGit: URL) -> URL? {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: dotGit.path, isDirectory: &isDirectory) else { return nil }
    if isDirectory.boolValue { return dotGit }
    guard let text = try? String(contentsOf: dotGit, encoding: .utf8), text.hasPrefix("gitdir: ") else { return nil }
    let path = text.dropFirst(8).trimmingCharacters(in: .whitespacesAndNewlines)
    return path.hasPrefix("/") ? URL(fileURLWithPath: path)
      : dotGit.deletingLastPathComponent().appendingPathComponent(path)
  }

  static func resolveHead(_ gitDir: URL) -> String? {
    guard let head = try? String(contentsOf: gitDir.appendingPathComponent("HEAD"), encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
    guard head.hasPrefix("ref: ") else { return head }
    let ref = String(head.dropFirst(5))
    // Worktrees keep refs in the common folder named by `commondir`.
    var roots = [gitDir]
    if let common = try? String(contentsOf: gitDir.appendingPathComponent("commondir"), encoding: .utf8) {
      let path = common.trimmingCharacters(in: .whitespacesAndNewlines)
      roots.append(path.hasPrefix("/") ? URL(fileURLWithPath: path) : gitDir.appendingPathComponent(path))
    }
    for root in roots {
      if let value = try? String(contentsOf: root.appendingPathComponent(ref), encoding: .utf8) {
        return value.trimmingCharacters(in: .whitespacesAndNewlines)
      }
      if let packed = try? String(contentsOf: root.appendingPathComponent("packed-refs"), encoding: .utf8) {
        for line in packed.split(separator: "\n") where line.hasSuffix(" \(ref)") {
          return String(line.prefix { $0 != " " })
        }
      }
    }
    return nil
  }
}
