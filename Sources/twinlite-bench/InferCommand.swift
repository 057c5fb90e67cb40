import ArgumentParser
import TwinLiteBench

struct InferCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "infer",
    abstract: "Write drivable-area and lane masks (and overlays, logits) for JPEG frames.")

  @Option(help: "Checkpoint: a PyTorch .pth zip or .safetensors file.")
  var weights: String

  @Option(
    help: "Execution path: reference (pure Swift), cpu (oneDNN) or plugin:PATH (a backend plugin library).")
  var backend: BackendChoice = .reference

  @Option(help: "Extra key=value option passed to a plugin backend; repeatable (or a;b in one value).")
  var pluginOptions: [String] = []

  @Option(help: "Output folder (created if needed).")
  var out: String

  @Flag(help: "Also write NAME.da.npy and NAME.ll.npy (float32 2×360×640 logits).")
  var saveLogits = false

  @Flag(help: "Use JPEGs that can be decoded only in part (cut short, corrupt data), reporting each.")
  var lenientJPEG = false

  @Flag(help: "Also write NAME.input.npy (float32 3×360×640, the preprocessed tensor the backend ran).")
  var saveInput = false

  @Argument(help: "JPEG frames (a name starting with '-' goes after `--`, or as ./-name.jpg).")
  var images: [String]

  func run() throws {
    var options = InferOptions(
      weights: weights, backend: backend.description, outputDirectory: out, saveLogits: saveLogits,
      images: images, lenientJPEG: lenientJPEG)
    options.saveInput = saveInput
    options.pluginOptions = pluginOptions.joined(separator: ";")
    _ = try InferenceRunner.run(options, log: { StandardOutput.line($0) }, warn: { StandardError.line($0) })
  }
}
