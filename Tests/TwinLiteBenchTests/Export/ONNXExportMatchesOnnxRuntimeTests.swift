import Foundation
import Testing
import TwinLiteBackends
import TwinLiteBench
import TwinLiteCore
import TwinLiteNN
import _TwinLiteTestSupport

/// The exported ONNX file, run by onnxruntime (PyPI), gives the Swift reference model's logits on a
/// sample frame within 1e-4, with BN as nodes and folded, at batch 1 and with a dynamic batch of 2.
@Suite(.enabled(if: ONNXRuntimeCheck.available, "needs python3 with onnxruntime and numpy"))
struct ONNXExportMatchesOnnxRuntimeTests {
  @Test(arguments: [(false, false), (true, true)])
  func onnxRuntimeEqualsSwiftModel(foldBN: Bool, dynamicBatch: Bool) throws {
    let dir = try Fixtures.temporaryDirectory("onnx")
    let weights = try StateDict(contentsOf: ONNXRuntimeCheck.checkpoint)
    let input = try Self.frame()
    let (da, ll) = try ReferenceBackend(stateDict: weights).infer(input)
    let model = dir.appendingPathComponent("model.onnx").path
    let bytes = try ONNXExporter.export(
      weights, options: ONNXExportOptions(foldBatchNorm: foldBN, dynamicBatch: dynamicBatch))
    try Data(bytes).write(to: URL(fileURLWithPath: model))
    for (name, tensor) in [("input", input), ("da", da), ("ll", ll)] {
      try NPY.write(tensor, to: dir.appendingPathComponent(name + ".npy").path)
    }
    let output = try ONNXRuntimeCheck.compare(directory: dir, model: model, batch: dynamicBatch ? 2 : 1)
    let result = try #require(
      try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(output)")
    let daDiff = try #require(result["da_max_abs_diff"] as? Double)
    let llDiff = try #require(result["ll_max_abs_diff"] as? Double)
    #expect(daDiff <= 1e-4 && llDiff <= 1e-4, "\(output)")
    #expect(result["batch"] as? Int == (dynamicBatch ? 2 : 1))
  }

  /// The first reference image, preprocessed as the official code does.
  static func frame() throws -> Tensor {
    let dir = Fixtures.path("reference/twinlitenet/images")
    let name = try #require(
      try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".jpg") }.sorted().first)
    return try FramePreprocessor().load(dir + "/" + name).input
  }
}

enum ONNXRuntimeCheck {
  static let script = Fixtures.packageRoot.appendingPathComponent("scripts/onnx-compare.py").path
  static let checkpoint = Fixtures.path("reference/twinlitenet/best.pth")

  static let available: Bool = {
    guard FileManager.default.fileExists(atPath: checkpoint),
      let python = ToolProcess.which("python3")
    else { return false }
    return (try? ToolProcess.output(of: python, ["-c", "import onnxruntime, numpy"])) != nil
  }()

  /// Runs `scripts/onnx-compare.py` and returns its JSON line.
  static func compare(directory: URL, model: String, batch: Int) throws -> String {
    let file = { (name: String) in directory.appendingPathComponent(name + ".npy").path }
    let output = try ToolProcess.output(
      of:
        ToolProcess.which("python3") ?? "/usr/bin/python3",
      [
        script, "--model", model, "--input", file("input"), "--da", file("da"), "--ll", file("ll"),
        "--tolerance", "1e-4", "--batch", String(batch),
      ])
    return output.split(separator: "\n").last.map(String.init) ?? ""
  }
}
