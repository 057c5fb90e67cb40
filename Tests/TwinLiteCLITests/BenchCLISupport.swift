import Foundation
import _TwinLiteTestSupport

/// Runs the built `twinlite-bench` executable (it sits beside the test bundle in `.build/<config>/`).
enum BenchCLI {
  static var executable: URL? {
    let candidates = [
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
      Bundle.main.bundleURL.deletingLastPathComponent(),
      Bundle.main.bundleURL,
    ].map { $0.appendingPathComponent("twinlite-bench") }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }

  static var available: Bool { executable != nil }

  struct Result {
    let status: Int32
    let stdout: String
    let stderr: String
    /// The process ended by a signal (a crash), not by exiting.
    let signaled: Bool
  }

  /// Runs with `arguments` in `directory` (default: this process's); standard output goes to
  /// `standardOutput` when given (e.g. /dev/full), else it is captured.
  static func run(_ arguments: [String], standardOutput: FileHandle? = nil, directory: URL? = nil) throws
    -> Result
  {
    guard let executable else { throw CocoaError(.fileNoSuchFile) }
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe()
    // Standard error goes to a file: a full stderr pipe must not stall the child while stdout is read.
    let errPath = FileManager.default.temporaryDirectory
      .appendingPathComponent("bench-stderr-\(UUID().uuidString)").path
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: errPath) }
    let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
    process.standardOutput = standardOutput ?? out
    process.standardError = err
    try process.run()
    let stdoutData = standardOutput == nil ? out.fileHandleForReading.readDataToEndOfFile() : Data()
    process.waitUntilExit()
    try err.close()
    let stderr = FileManager.default.contents(atPath: errPath) ?? Data()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self),
      signaled: process.terminationReason == .uncaughtSignal)
  }
}
