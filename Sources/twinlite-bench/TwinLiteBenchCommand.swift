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
      `twinlite-bench --report FORMAT [report options]` (with --report first) is the same as \
      `twinlite-bench report --format FORMAT [report options]`. With no other option it times the \
      network with fixed-seed random weights, shows the paper's published accuracy rows (no \
      --data) and writes the report to standard output (--out FILE writes a file); its first line \
      on standard error says where the figures come from and where the report goes.

      \(ToolExitCode.helpText)
      """,
    subcommands: [
      InferCommand.self, ParamsCommand.self, MACsCommand.self, SpeedCommand.self, AccuracyCommand.self,
      AblationCommand.self, ReportCommand.self, CompareCommand.self, ExportONNXCommand.self,
      ExportSafetensorsCommand.self,
    ])

  @Option(
    help: "Run the report in this format; it comes first, then any `report` option (see `report --help`).")
  var report: ReportRenderer.Format?

  func run() throws { throw CleanExit.helpRequest(self) }

  /// `--report FORMAT …` (the option first) as the `report` command it stands for; nil for any
  /// other command line. The format is parsed by the root command, so a bad one is a usage error
  /// that lists the formats.
  static func reportCommand(_ args: [String]) throws -> ReportCommand? {
    guard let first = args.first else { return nil }
    let valueCount = first == "--report" ? 2 : first.hasPrefix("--report=") ? 1 : 0
    guard valueCount > 0 else {
      let end = args.firstIndex(of: "--") ?? args.endIndex
      if args[..<end].contains(where: { $0 == "--report" || $0.hasPrefix("--report=") }) {
        throw ValidationError(
          "--report comes first: twinlite-bench --report FORMAT [report options] "
            + "(or: twinlite-bench report --format FORMAT …)")
      }
      return nil
    }
    let root = try parseAsRoot(Array(args.prefix(valueCount)))
    guard let format = (root as? Self)?.report else { return nil }
    return try ReportCommand.parseAsRoot(["--format", format.rawValue] + args.dropFirst(valueCount))
      as? ReportCommand
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
      let args = try protectingDashNames(Array(CommandLine.arguments.dropFirst()))
      command = try reportCommand(args) ?? parseAsRoot(args)
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
      Foundation.exit(BenchFailure.status(error).rawValue)
    }
  }
}
