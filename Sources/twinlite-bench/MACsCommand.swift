import ArgumentParser
import TwinLiteBench

struct MACsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "macs", abstract: "Analytic multiply-accumulates per layer at the given input size.")

  @Option(help: "Build the network from this checkpoint instead of the architecture.")
  var weights: String?

  @Option(parsing: .unconditional, help: "Input height (a multiple of 8, at most \(LayerTable.maxSide)).")
  var height: Int = 360

  @Option(parsing: .unconditional, help: "Input width (a multiple of 8, at most \(LayerTable.maxSide)).")
  var width: Int = 640

  func validate() throws {
    let sides = 8...LayerTable.maxSide
    guard sides.contains(height), sides.contains(width), height % 8 == 0, width % 8 == 0 else {
      throw ValidationError(
        "height and width must be multiples of 8 from 8 to \(LayerTable.maxSide), got \(height)×\(width)")
    }
  }

  func run() throws {
    let table = try ModelReports.table(weights: weights, height: height, width: width)
    StandardOutput.line(ModelReports.macs(table, source: weights ?? "architecture"))
  }
}
