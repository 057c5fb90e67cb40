import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a program as a child process of a test: one of this package's built products by name
/// (`twinlite-prep`, `twinlite-bench`, found beside the test bundle), or any program by path.
///
/// Both streams go through files, so a chatty child can never block on a full pipe, and a child
/// still running at its timeout is killed and reported, so a hang fails one test instead of the suite.
public enum ToolProcess {
  public struct Result: CustomStringConvertible, Sendable {
    public let status: Int32
    /// The process ended by a signal (a crash, or the kill at the timeout), not by exiting.
    public let signalled: Bool
    /// The process was killed because it ran past its timeout.
    public let timedOut: Bool
    public let stdout: String
    public let stderr: String
    public let seconds: Double

    public var description: String {
      let end =
        timedOut ? "killed at its timeout" : signalled ? "ended by signal \(status)" : "exit \(status)"
      return "\(end) after \(seconds) s\nstdout:\n\(stdout)\nstderr:\n\(stderr)"
    }

    /// This result if the program exited 0; otherwise a `Failure` that shows both streams.
    @discardableResult
    public func checked() throws -> Result {
      guard status == 0, !signalled else { throw Failure(description: description) }
      return self
    }
  }

  public struct Failure: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
  }

  /// Folders a build puts products in: the test bundle's own (`.build/<config>/`), then the
  /// package's release and debug folders.
  static var productFolders: [URL] {
    var folders: [URL] = []
    if let first = CommandLine.arguments.first {
      folders.append(URL(fileURLWithPath: first).deletingLastPathComponent())
    }
    folders.append(Bundle.main.bundleURL.deletingLastPathComponent())
    folders.append(Bundle.main.bundleURL)
    for config in ["release", "debug"] {
      folders.append(Fixtures.packageRoot.appendingPathComponent(".build/\(config)"))
    }
    return folders
  }

  /// The built product `name` (an executable or a library such as `libTwinLiteCPUPlugin.so`).
  public static func product(_ name: String) -> URL? {
    productFolders.map { $0.appendingPathComponent(name) }
      .first { FileManager.default.fileExists(atPath: $0.path) }
  }

  /// Whether the executable `name` has been built (tests of a command skip without it).
  public static func isBuilt(_ name: String) -> Bool {
    product(name).map { FileManager.default.isExecutableFile(atPath: $0.path) } ?? false
  }

  /// The folder holding the built executables, for scripts that take it (`TWINLITE_BIN`).
  public static var binDirectory: URL? {
    product("twinlite-prep")?.deletingLastPathComponent()
  }

  /// `tool` on `PATH`, as the shell would find it.
  public static func which(_ tool: String) -> String? {
    let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
    return paths.map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  static func builtExecutable(_ name: String) throws -> URL {
    guard let url = product(name), FileManager.default.isExecutableFile(atPath: url.path) else {
      throw Failure(
        description: "\(name) is not built (looked in \(productFolders.map(\.path))); run swift build first")
    }
    return url
  }

  /// Runs the built executable `name` to completion.
  public static func run(
    _ name: String, _ arguments: [String], environment: [String: String] = [:], input: Data? = nil,
    directory: URL? = nil, stdout: FileHandle? = nil, timeout: Double = 1800
  ) throws -> Result {
    try run(
      executable: builtExecutable(name), arguments, environment: environment, input: input,
      directory: directory, stdout: stdout, timeout: timeout)
  }

  /// Runs `executable` (any program) to completion. `environment` entries are added to this
  /// process's; `input` is its standard input (empty when nil); `directory` its working directory;
  /// `stdout`, when given, receives standard output instead of the capture (e.g. `/dev/full`);
  /// `mergeStreams` sends standard error into the standard output capture, in order.
  public static func run(
    executable: URL, _ arguments: [String], environment: [String: String] = [:], input: Data? = nil,
    directory: URL? = nil, stdout: FileHandle? = nil, mergeStreams: Bool = false, timeout: Double = 1800
  ) throws -> Result {
    let folder = try Fixtures.temporaryDirectory("tool-io")
    defer { try? FileManager.default.removeItem(at: folder) }
    let outURL = folder.appendingPathComponent("stdout")
    let errURL = folder.appendingPathComponent("stderr")
    let inURL = folder.appendingPathComponent("stdin")
    for url in [outURL, errURL] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    defer {
      try? out.close()
      try? err.close()
    }
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    if let directory { process.currentDirectoryURL = directory }
    process.standardOutput = stdout ?? out
    process.standardError = mergeStreams ? out : err
    if let input {
      try input.write(to: inURL)
      process.standardInput = try FileHandle(forReadingFrom: inURL)
    } else {
      process.standardInput = FileHandle.nullDevice
    }
    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    let start = Date()
    try process.run()
    var timedOut = false
    if finished.wait(timeout: .now() + timeout) == .timedOut {
      timedOut = true
      kill(process.processIdentifier, SIGKILL)
      finished.wait()
    }
    // Lossy decoding: a message may quote a file name that is not UTF-8.
    func text(_ url: URL) -> String {
      String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self)
    }
    return Result(
      status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
      timedOut: timedOut, stdout: text(outURL), stderr: text(errURL),
      seconds: Date().timeIntervalSince(start))
  }

  /// Runs `program` (a path) that must succeed, and returns what it printed on both streams, in
  /// order; a failure throws with that output.
  @discardableResult
  public static func output(of program: String, _ arguments: [String], environment: [String: String] = [:])
    throws -> String
  {
    try run(
      executable: URL(fileURLWithPath: program), arguments, environment: environment, mergeStreams: true
    )
    .checked().stdout
  }

  /// Starts the built executable `name` without waiting (tests that kill or race it); its streams
  /// go to `stdout`/`stderr`, or nowhere.
  public static func start(
    _ name: String, _ arguments: [String], stdout: FileHandle? = nil, stderr: FileHandle? = nil
  )
    throws -> Process
  {
    let process = Process()
    process.executableURL = try builtExecutable(name)
    process.arguments = arguments
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = stdout ?? FileHandle.nullDevice
    process.standardError = stderr ?? FileHandle.nullDevice
    try process.run()
    return process
  }
}
