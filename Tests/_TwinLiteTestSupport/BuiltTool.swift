import Foundation

/// Runs a product of this package (an executable built beside the test bundle) or a script, and
/// captures both streams through files, so a long stderr cannot block the child on a full pipe.
public enum BuiltTool {
  public struct Result: CustomStringConvertible, Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String

    public var description: String { "exit \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
  }

  public struct NotFound: Error, CustomStringConvertible {
    public let description: String
  }

  /// The folder holding the built executables (`.build/<config>/`).
  public static var binDirectory: URL? {
    var folders: [URL] = []
    if let first = CommandLine.arguments.first {
      folders.append(URL(fileURLWithPath: first).deletingLastPathComponent())
    }
    folders.append(Bundle.main.bundleURL.deletingLastPathComponent())
    for config in ["release", "debug"] {
      folders.append(Fixtures.packageRoot.appendingPathComponent(".build/\(config)"))
    }
    return folders.first {
      FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("twinlite-prep").path)
    }
  }

  /// Runs the built executable `name` with `arguments`.
  public static func run(_ name: String, _ arguments: [String]) throws -> Result {
    guard let folder = binDirectory else {
      throw NotFound(description: "\(name): no built executables found; run swift build first")
    }
    return try run(executable: folder.appendingPathComponent(name), arguments)
  }

  /// Runs `executable` (any program) with `arguments`; `environment` entries are added to ours.
  public static func run(
    executable: URL, _ arguments: [String], environment: [String: String] = [:]
  ) throws -> Result {
    let folder = try Fixtures.temporaryDirectory("tool-io")
    defer { try? FileManager.default.removeItem(at: folder) }
    let outURL = folder.appendingPathComponent("stdout")
    let errURL = folder.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    return Result(
      status: process.terminationStatus,
      stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
      stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
  }
}
