import ArgumentParser
import Foundation
import TwinLiteBench

@main
struct TwinLiteBenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "twinlite-bench",
    abstract:
      "TwinLiteNet in Swift: inference, parameter and compute tables, speed, accuracy, reports, ONNX export.",
    discussion: """
      `twinlite-bench --report FORMAT [report options]` is the same as \
      `twinlite-bench report --format FORMAT [report options]`.

      Exit status: 0 success; 1 the run failed (a write, the backend) or `compare` found a \
      regression; 2 an input (file, path, value) cannot be used or an output path was refused; \
      64 the command line itself is wrong.
      """,
    subcommands: [
      InferCommand.self, ParamsCommand.self, MACsCommand.self, SpeedCommand.self, AccuracyCommand.self,
      AblationCommand.self, ReportCommand.self, CompareCommand.self, ExportONNXCommand.self,
      ExportSafetensorsCommand.self,
    ])

  @Option(help: "Run the report in this format (md, json, csv, html); see `report --help` for its options.")
  var report: ReportRenderer.Format?

  func run() throws {
    guard let report else { throw CleanExit.helpRequest(self) }
    try ReportCommand.parse(["--format", report.rawValue]).run()
  }

  /// Rewrites `--report FORMAT …` (no subcommand named) into `report --format FORMAT …`, so the
  /// report's own options need not live on the root command (where they would shadow the
  /// subcommands' options of the same names).
  static func rewritingReportOption(_ args: [String]) -> [String] {
    let names = Set(configuration.subcommands.map { $0._commandName } + ["help"])
    guard !args.contains(where: names.contains),
      let i = args.firstIndex(where: { $0 == "--report" || $0.hasPrefix("--report=") })
    else { return args }
    var rest = args
    var format: String?
    if args[i] == "--report" {
      format = i + 1 < args.count ? args[i + 1] : nil
      rest.removeSubrange(i..<min(i + 2, args.count))
    } else {
      format = String(args[i].dropFirst("--report=".count))
      rest.remove(at: i)
    }
    return ["report", "--format", format ?? ""] + rest
  }

  /// The argument parser reads `-dash.jpg` as the short flags `-d -a -s -h …`, and `-h` would
  /// print help and exit 0. No option of this tool is spelled with one dash and several letters,
  /// so such an argument (not a number) is a file name when a file has it, and an error otherwise.
  static func protectingDashNames(_ args: [String]) throws -> [String] {
    var out: [String] = []
    for (index, arg) in args.enumerated() {
      if arg == "--" { return out + args[index...] }
      guard arg.count > 2, arg.hasPrefix("-"), !arg.hasPrefix("--"), Double(arg) == nil else {
        out.append(arg)
        continue
      }
      guard FileManager.default.fileExists(atPath: arg) else {
        throw ValidationError(
          "'\(arg)' is not an option (options are spelled --name); a file whose name starts with '-' "
            + "is given as ./\(arg) or after --")
      }
      out.append("./" + arg)
    }
    return out
  }

  /// Parses, runs, and maps every error to one message and an exit status (see the discussion).
  static func main() {
    // A closed pipe must come back as a write error, not end the process by a signal.
    signal(SIGPIPE, SIG_IGN)
    var command: any ParsableCommand
    do {
      let args = try protectingDashNames(rewritingReportOption(Array(CommandLine.arguments.dropFirst())))
      command = try parseAsRoot(args)
    } catch { exit(withError: error) }
    do {
      try command.run()
      try StandardOutput.check()
    } catch let error where String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
      // Help, usage errors, ExitCode: the parser prints and exits as it always does.
      exit(withError: error)
    } catch {
      let name = type(of: command).configuration.commandName ?? "twinlite-bench"
      let prefix = name == "twinlite-bench" ? name : "twinlite-bench \(name)"
      StandardError.line("\(prefix): \(BenchFailure.message(error))")
      Foundation.exit(BenchFailure.status(error))
    }
  }
}
