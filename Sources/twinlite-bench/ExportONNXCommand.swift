import ArgumentParser
import TwinLiteBench

struct ExportONNXCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export-onnx",
    abstract: "Write the network as an ONNX model (opset 13): input 'image' 1×3×360×640, outputs 'da', 'll'.")

  @Option(help: "Checkpoint: a PyTorch .pth zip or .safetensors file.")
  var weights: String

  @Option(help: "Output .onnx file.")
  var out: String

  @Flag(help: "Fold BatchNorm into the preceding Conv/ConvTranspose where it follows one.")
  var foldBn = false

  @Flag(help: "Symbolic batch dimension 'N' instead of 1.")
  var dynamicBatch = false

  func run() throws {
    let options = ONNXExportOptions(foldBatchNorm: foldBn, dynamicBatch: dynamicBatch)
    let size = try ONNXExporter.export(weightsPath: weights, to: out, options: options)
    print("\(out): \(size) bytes, opset \(options.opset)")
  }
}
