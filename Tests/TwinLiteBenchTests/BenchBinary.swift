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
}
