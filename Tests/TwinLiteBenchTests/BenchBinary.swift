import Foundation

/// The built `twinlite-bench` executable beside the test bundle (`.build/<config>/`).
enum BenchBinary {
  static var url: URL? {
    [
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
      Bundle.main.bundleURL.deletingLastPathComponent(), Bundle.main.bundleURL,
    ].map { $0.appendingPathComponent("twinlite-bench") }
      .first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }

  static var available: Bool { url != nil }

  /// Exit status and standard output of one run.
  static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String) {
    guard let url else { throw CocoaError(.fileNoSuchFile) }
    let process = Process()
    process.executableURL = url
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  /// Exit status, standard output and standard error of one run with `environment` added to this
  /// process's environment.
  static func run(_ arguments: [String], environment: [String: String]) throws
    -> (status: Int32, stdout: String, stderr: String)
  {
    guard let url else { throw CocoaError(.fileNoSuchFile) }
    let process = Process()
    process.executableURL = url
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    // stderr goes to a file, so a chatty child cannot block on a full pipe while stdout is read.
    let errorFile = FileManager.default.temporaryDirectory
      .appendingPathComponent("twinlite-bench-stderr-\(UUID().uuidString)")
    guard FileManager.default.createFile(atPath: errorFile.path, contents: nil) else {
      throw CocoaError(.fileWriteUnknown)
    }
    defer { try? FileManager.default.removeItem(at: errorFile) }
    let out = Pipe()
    process.standardOutput = out
    process.standardError = try FileHandle(forWritingTo: errorFile)
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let stderr = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
    return (process.terminationStatus, String(decoding: data, as: UTF8.self), stderr)
  }
}
