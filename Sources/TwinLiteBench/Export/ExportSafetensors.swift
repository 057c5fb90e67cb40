import Foundation
import TwinLiteCore
import TwinLiteModel
import TwinLiteNN

/// Writes a checkpoint's tensors as safetensors (all F32, keys without `module.`), the weight file
/// of the CUDA backend plugin: a C++ program reads it without Python or a pickle parser, and
/// `StateDict(contentsOf:)` reads it back to the same values, so every backend runs the same weights.
public enum SafetensorsExporter {
  /// Checks that `weightsPath` holds a complete TwinLiteNet, writes `outPath` atomically and returns
  /// its size in bytes. BN running statistics are kept; `num_batches_tracked` counters are not.
  public static func export(weightsPath: String, to outPath: String) throws -> Int {
    let dict = try StateDict(contentsOf: weightsPath)
    _ = try TwinLiteNet(weights: dict, source: weightsPath)  // every tensor present, every shape right
    let metadata = [
      "format": "pt", "model": "TwinLiteNet", "producer": "twinlite-bench export-safetensors",
      "source_sha256": try SHA256.hex(fileAt: weightsPath),
    ]
    let bytes = Safetensors.serialise(dict, metadata: metadata)
    let url = URL(fileURLWithPath: outPath)
    do {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(bytes).write(to: url, options: .atomic)
    } catch {
      throw BenchError.cannotWrite(path: outPath, reason: error.localizedDescription)
    }
    return bytes.count
  }
}
