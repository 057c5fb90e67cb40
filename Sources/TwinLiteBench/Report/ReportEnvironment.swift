import Foundation
import TwinLiteBackends

/// Where and how a measurement was made: printed beside every measured row.
public struct ReportEnvironment: Sendable, Equatable, Codable {
  public var host: String
  public var cpu: String
  public var cores: Int
  public var threads: Int
  public var gitCommit: String?
  /// `release` or `debug` (debug numbers are stamped as such in reports).
  public var build: String
  /// ISO 8601 date of the measurement.
  public var date: String
  /// 1, 5 and 15 minute load averages when measured (`/proc/loadavg`): other work on a shared
  /// machine slows every timing.
  public var loadAverage: String?
  /// The instruction set oneDNN (the `cpu` backend) dispatched to, e.g. `AVX2`: one machine gives
  /// different speeds at different levels, and `ONEDNN_MAX_CPU_ISA` may cap it.
  public var isa: String?

  public init(
    host: String, cpu: String, cores: Int, threads: Int, gitCommit: String?, build: String, date: String,
    loadAverage: String? = nil, isa: String? = nil
  ) {
    self.host = host
    self.cpu = cpu
    self.cores = cores
    self.threads = threads
    self.gitCommit = gitCommit
    self.build = build
    self.date = date
    self.loadAverage = loadAverage
    self.isa = isa
  }

  enum CodingKeys: String, CodingKey {
    case host, cpu, cores, threads
    case gitCommit = "git_commit"
    case build, date
    case loadAverage = "load_average"
    case isa
  }

  /// This process's machine, now.
  public static func current(threads: Int) -> ReportEnvironment {
    #if DEBUG
      let build = "debug"
    #else
      let build = "release"
    #endif
    return ReportEnvironment(
      host: ProcessInfo.processInfo.hostName, cpu: cpuModel(),
      cores: ProcessInfo.processInfo.activeProcessorCount, threads: threads, gitCommit: gitCommit(),
      build: build, date: Date().formatted(.iso8601), loadAverage: loadAverage(), isa: DNNLRuntime.isa)
  }

  /// The first three fields of `/proc/loadavg` (Linux), else nil.
  static func loadAverage() -> String? {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
    return text.split(separator: " ").prefix(3).joined(separator: " ")
  }

  /// `model name` of `/proc/cpuinfo` (Linux), else "unknown CPU".
  static func cpuModel() -> String {
    guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else {
      return "unknown CPU"
    }
    for line in text.split(separator: "\n") where line.hasPrefix("model name") {
      if let colon = line.firstIndex(of: ":") {
        return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      }
    }
    return "unknown CPU"
  }

  /// `TWINLITE_GIT_COMMIT`, else `git rev-parse HEAD` in the executable's folder, else nil.
  static func gitCommit() -> String? {
    if let forced = ProcessInfo.processInfo.environment["TWINLITE_GIT_COMMIT"], !forced.isEmpty {
      return forced
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "rev-parse", "HEAD"]
    // Run beside the executable so a build inside a checkout finds its commit from any folder.
    let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
    process.currentDirectoryURL = executable.deletingLastPathComponent()
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    return text.isEmpty ? nil : text
  }
}
