import ArgumentParser
import TwinLiteBench

struct ParamsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "params", abstract: "Per-module learnable parameters, total and Conv+BN-folded count.")

  @Option(help: "Count from this checkpoint instead of the architecture.")
  var weights: String?

  func run() throws {
    let table = try ModelReports.table(weights: weights)
    StandardOutput.line(ModelReports.params(table, source: weights ?? "architecture"))
  }
}
