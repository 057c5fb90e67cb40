import Foundation
import _TwinLiteTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// Runs the built `twinlite-prep` binary as a subprocess.
enum PipelineCLIRunner {
  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  struct Result {
    let status: Int32
    let signalled: Bool
    let stdout: String
    let stderr: String
  }

  /// The executable built beside the test bundle (`swift build`/`swift test` put both there).
  static func binary() throws -> URL {
    var candidates: [URL] = []
    if let first = CommandLine.arguments.first {
      candidates.append(URL(fileURLWithPath: first).deletingLastPathComponent())
    }
    candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
    candidates.append(Bundle.main.bundleURL)
    for config in ["release", "debug"] {
      candidates.append(Fixtures.packageRoot.appendingPathComponent(".build/\(config)"))
    }
    for folder in candidates {
      let url = folder.appendingPathComponent("twinlite-prep")
      if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    throw Failure(
      description: "twinlite-prep binary not found near \(candidates.map(\.path)); run swift build first")
  }

  static func start(_ arguments: [String], stdout: FileHandle? = nil, stderr: FileHandle? = nil) throws
    -> Process
  {
    let process = Process()
    process.executableURL = try binary()
    process.arguments = arguments
    process.standardOutput = stdout ?? FileHandle.nullDevice
    process.standardError = stderr ?? FileHandle.nullDevice
    try process.run()
    return process
  }

  /// Runs to completion and captures both streams (through files: no pipe-buffer deadlock).
  static func run(_ arguments: [String]) throws -> Result {
    let folder = try Fixtures.temporaryDirectory("cli-io")
    let outURL = folder.appendingPathComponent("stdout")
    let errURL = folder.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    let process = try start(arguments, stdout: out, stderr: err)
    process.waitUntilExit()
    try out.close()
    try err.close()
    return Result(
      status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
      stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
      stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
  }

  /// Every regular file under `root` with its bytes, except catalogs and `_SUCCESS` markers
  /// (those hold timings and run ids, which differ between runs by design).
  static func tree(_ root: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    guard let walker = FileManager.default.enumerator(atPath: root.path) else { return files }
    for case let relative as String in walker {
      let name = (relative as NSString).lastPathComponent
      if name.hasPrefix("catalog.sqlite") || name == "_SUCCESS" { continue }
      let url = root.appendingPathComponent(relative)
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
        files[relative] = try Data(contentsOf: url)
      }
    }
    return files
  }
}
