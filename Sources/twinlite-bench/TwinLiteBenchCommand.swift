import ArgumentParser

@main
struct TwinLiteBenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "twinlite-bench",
    abstract: "TwinLiteNet in Swift: inference, parameter and compute tables, speed.",
    subcommands: [
      InferCommand.self, ParamsCommand.self, MACsCommand.self, SpeedCommand.self, ExportONNXCommand.self,
    ])
}
