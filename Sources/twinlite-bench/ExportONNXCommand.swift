import ArgumentParser
import Foundation
import TwinLiteBench

struct ExportONNXCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export-onnx",
    abstract: "Write the network as an ONNX model (opset 13): input 'image' 1×3×360×640, outputs 'da', 'll'.")

  @Option(help: "Checkpoint: a PyTorch .pth zip or .safetensors file.")
  var weights: String

  @Option(
    help: """
      Output .onnx file (- is standard output). A symbolic link is followed and its target replaced \
      atomically; a folder, device or FIFO is refused.
      """)
  var out: String

  @Flag(help: "Fold BatchNorm into the preceding Conv/ConvTranspose where it follows one.")
  var foldBn = false

  @Flag(help: "Symbolic batch dimension 'N' instead of 1.")
  var dynamicBatch = false

  @Option(help: "Also write input.npy and the Swift model's da.npy / ll.npy for this JPEG into --sample-out.")
  var sample: String?

  @Option(help: "Folder for the --sample files (default: beside --out).")
  var sampleOut: String?

  func run() throws {
    let options = ONNXExportOptions(foldBatchNorm: foldBn, dynamicBatch: dynamicBatch)
    let size = try ONNXExporter.export(weightsPath: weights, to: out, options: options)
    // With the model on standard output, the summary goes to standard error.
    let say: (String) -> Void = out == "-" ? { StandardError.line($0) } : { StandardOutput.line($0) }
    say("\(out): \(size) bytes, opset \(options.opset)")
    if let sample {
      let beside = out == "-" ? "." : URL(fileURLWithPath: out).deletingLastPathComponent().path
      let folder = sampleOut ?? beside
      let files = try ONNXExporter.writeCheckSample(
        weightsPath: weights, image: sample, directory: folder)
      say("check sample: \(files.joined(separator: ", "))")
    }
  }
}
