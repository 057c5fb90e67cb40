import Foundation
import TwinLiteCore
import TwinLiteNN

/// Options of `twinlite-bench export-onnx`.
public struct ONNXExportOptions: Sendable {
  /// Fold BatchNorm into the preceding Conv / ConvTranspose (CBR and UPx2 blocks; ESP blocks keep it).
  public var foldBatchNorm = false
  /// Symbolic batch dimension `N` instead of 1.
  public var dynamicBatch = false
  public var height = 360
  public var width = 640
  /// ONNX opset; the graph uses only ops whose opset-13 definitions are unchanged up to 17.
  public var opset = 13

  public init(foldBatchNorm: Bool = false, dynamicBatch: Bool = false) {
    self.foldBatchNorm = foldBatchNorm
    self.dynamicBatch = dynamicBatch
  }
}

/// Writes TwinLiteNet (eval mode) as an ONNX model: input `image` N×3×H×W (RGB in [0, 1]), outputs
/// `da` and `ll`, each N×2×H×W logits. Serialised with a small built-in protobuf encoder.
public enum ONNXExporter {
  /// The serialised ModelProto for `weights` (keys without `module.`, as `StateDict(contentsOf:)` loads).
  public static func export(_ weights: StateDict, options: ONNXExportOptions = ONNXExportOptions())
    throws(ExportError) -> [UInt8]
  {
    let (h, w) = (options.height, options.width)
    guard h >= 8, w >= 8, h % 8 == 0, w % 8 == 0 else { throw .invalidSize(height: h, width: w) }
    var g = ONNXGraphBuilder(weights: weights, foldBatchNorm: options.foldBatchNorm)
    g.model.opset = Int64(options.opset)
    g.model.docString =
      "TwinLiteNet (chequanghuy/TwinLiteNet), eval mode; BN "
      + (options.foldBatchNorm ? "folded into convs where it follows one" : "as BatchNormalization nodes")
    let batch: Int? = options.dynamicBatch ? nil : 1
    g.model.inputs = [ONNXValueInfo(name: "image", dims: [batch, 3, h, w])]
    g.model.outputs = [
      ONNXValueInfo(name: "da", dims: [batch, 2, h, w]), ONNXValueInfo(name: "ll", dims: [batch, 2, h, w]),
    ]

    // Encoder (twinlitenet-model.md §4).
    let x = "image"
    let s1 = g.avgPool(x, name: "encoder.sample1")
    let s2 = g.avgPool(g.avgPool(x, name: "encoder.sample2"), name: "encoder.sample2")
    let l1 = try g.cbr(x, "encoder.level1", nIn: 3, nOut: 16, kernel: 3, stride: 2)
    let c1 = try g.cbr(
      g.node("Concat", [l1, s1], name: "encoder", [("axis", .int(1))]), "encoder.b1",
      nIn: 19, nOut: 19, kernel: 3)
    let o20 = try g.esp(c1, "encoder.level2_0", nIn: 19, nOut: 64, strided: true)
    var o2 = o20
    for i in 0..<2 { o2 = try g.esp(o2, "encoder.level2.\(i)", nIn: 64, nOut: 64, strided: false) }
    let c2 = try g.cbr(
      g.node("Concat", [o2, o20, s2], name: "encoder", [("axis", .int(1))]), "encoder.b2",
      nIn: 131, nOut: 131, kernel: 3)
    let o30 = try g.esp(c2, "encoder.level3_0", nIn: 131, nOut: 128, strided: true)
    var o3 = o30
    for i in 0..<3 { o3 = try g.esp(o3, "encoder.level3.\(i)", nIn: 128, nOut: 128, strided: false) }
    let c3 = try g.cbr(
      g.node("Concat", [o30, o3], name: "encoder", [("axis", .int(1))]), "encoder.b3",
      nIn: 256, nOut: 32, kernel: 3)
    let (ah, aw) = (h / 8, w / 8)
    let sa = try g.cbr(
      g.pam(c3, "encoder.sa", channels: 32, height: ah, width: aw), "encoder.conv_sa",
      nIn: 32, nOut: 32, kernel: 3)
    let sc = try g.cbr(
      g.cam(c3, "encoder.sc", channels: 32, height: ah, width: aw), "encoder.conv_sc",
      nIn: 32, nOut: 32, kernel: 3)
    let e = try g.cbr(
      g.node("Add", [sa, sc], name: "encoder"), "encoder.classifier", nIn: 32, nOut: 32, kernel: 1)

    // Two heads, 32 → 16 → 8 → 2 channels, ×2 each step.
    for (suffix, output) in [("1", "da"), ("2", "ll")] {
      let u1 = try g.upx2(e, "up_1_\(suffix)", nIn: 32, nOut: 16)
      let u2 = try g.upx2(u1, "up_2_\(suffix)", nIn: 16, nOut: 8)
      _ = try g.upx2(u2, "classifier_\(suffix)", nIn: 8, nOut: 2, output: output)
    }
    return g.model.serialized()
  }

  /// Loads `weightsPath`, exports, and writes `outputPath` as `OutputFile` does; returns the byte count.
  @discardableResult
  public static func export(weightsPath: String, to outputPath: String, options: ONNXExportOptions) throws
    -> Int
  {
    // Refuse a bad output path before the export work.
    if outputPath != "-" { _ = try OutputFile.finalTarget(of: outputPath) }
    let bytes = try export(StateDict(contentsOf: weightsPath), options: options)
    try OutputFile.write(bytes, to: outputPath)
    return bytes.count
  }
}
