import Foundation
import TwinLiteBackends
import TwinLiteCore
import TwinLiteNN

extension ONNXExporter {
  /// Writes what `scripts/onnx-compare.py` needs to check an export on another machine:
  /// `input.npy` (the preprocessed `image`, 1×3×360×640) and `da.npy` / `ll.npy` (the Swift
  /// reference model's logits, 1×2×360×640 each) into `directory`. Returns the three paths.
  @discardableResult
  public static func writeCheckSample(weights: StateDict, image: String, directory: String) throws -> [String]
  {
    try OutputFile.makeFolder(directory)
    let (input, _, _) = try FramePreprocessor().load(image)
    let (da, ll) = try ReferenceBackend(stateDict: weights, source: "check sample").infer(input)
    try FiniteLogits.check((da, ll), backend: "reference", frames: [image])
    let paths = ["input", "da", "ll"].map {
      URL(fileURLWithPath: directory).appendingPathComponent($0 + ".npy").path
    }
    try NPY.write(input, to: paths[0])
    try NPY.write(da, to: paths[1])
    try NPY.write(ll, to: paths[2])
    return paths
  }

  /// `writeCheckSample(weights:image:directory:)` with the checkpoint at `weightsPath`.
  @discardableResult
  public static func writeCheckSample(weightsPath: String, image: String, directory: String) throws
    -> [String]
  {
    try writeCheckSample(weights: StateDict(contentsOf: weightsPath), image: image, directory: directory)
  }
}
