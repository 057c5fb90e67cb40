import ArgumentParser
import TwinLiteBench

@main
struct TwinLiteBenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "twinlite-bench",
    abstract: "TwinLiteNet in Swift: inference, parameter and compute tables, speed, accuracy, reports, ONNX export.",
    discussion: """
      `twinlite-bench --report FORMAT [report options]` is the same as \
      `twinlite-bench report --format FORMAT [report options]`.
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
  static func main() {
    let args = Array(CommandLine.arguments.dropFirst())
    let names = Set(configuration.subcommands.map { $0._commandName } + ["help"])
    if !args.contains(where: names.contains),
      let i = args.firstIndex(where: { $0 == "--report" || $0.hasPrefix("--report=") })
    {
      var rest = args
      var format: String?
      if args[i] == "--report" {
        format = i + 1 < args.count ? args[i + 1] : nil
        rest.removeSubrange(i..<min(i + 2, args.count))
      } else {
        format = String(args[i].dropFirst("--report=".count))
        rest.remove(at: i)
      }
      ReportCommand.main(["--format", format ?? ""] + rest)
      return
    }
    main(nil)
  }
}
