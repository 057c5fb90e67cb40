import ArgumentParser
import TwinLiteBench

struct ExportSafetensorsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export-safetensors",
    abstract: "Write the checkpoint as .safetensors (F32, no 'module.' prefix): the CUDA plugin's weights.",
    discussion: "Every tensor bit for bit; the Swift backends read the file too.")

  @Option(help: "Checkpoint: a PyTorch .pth zip or .safetensors file.")
  var weights: String

  @Option(help: "Output .safetensors file.")
  var out: String

  func run() throws {
    let size = try SafetensorsExporter.export(weightsPath: weights, to: out)
    StandardOutput.line("\(out): \(size) bytes")
  }
}
