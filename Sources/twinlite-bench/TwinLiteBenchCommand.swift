import ArgumentParser
import TwinLiteBench

@main
struct TwinLiteBenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "twinlite-bench",
    abstract: "TwinLiteNet in Swift: inference, parameter and compute tables, speed, accuracy, reports.",
    subcommands: [
      InferCommand.self, ParamsCommand.self, MACsCommand.self, SpeedCommand.self, AccuracyCommand.self,
      AblationCommand.self, ReportCommand.self, CompareCommand.self,
    ])

  /// `twinlite-bench --report md` (the spelling) runs `report --format md`.
  @Option(help: "Run the report in this format (md, json, csv, html); same as `report --format`.")
  var report: ReportRenderer.Format?

  @OptionGroup var flags: ReportFlags

  func run() throws {
    guard let report else { throw CleanExit.helpRequest(self) }
    try flags.run(format: report)
  }
}
