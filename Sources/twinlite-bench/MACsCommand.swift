import ArgumentParser
import TwinLiteBench

struct MACsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "macs", abstract: "Analytic multiply-accumulates per layer at the given input size.")

  @Option(help: "Build the network from this checkpoint instead of the architecture.")
  var weights: String?

  @Option(help: "Input height (divisible by 8).")
  var height: Int = 360

  @Option(help: "Input width (divisible by 8).")
  var width: Int = 640

  func validate() throws {
    guard height > 0, width > 0, height % 8 == 0, width % 8 == 0 else {
      throw ValidationError("height and width must be positive multiples of 8")
    }
  }

  func run() throws {
    let table = try ModelReports.table(weights: weights, height: height, width: width)
    print(ModelReports.macs(table, source: weights ?? "architecture"))
  }
}
