import Foundation
import TwinLiteModel
import TwinLiteNN

/// Text tables for `twinlite-bench params` and `twinlite-bench macs`.
public enum ModelReports {
  /// The table from the file's own tensors (`weights` given) or from the architecture.
  public static func table(weights: String?, height: Int = 360, width: Int = 640) throws -> LayerTable {
    guard let weights else { return try LayerTable.architecture(height: height, width: width) }
    let state = try StateDict(contentsOf: weights)
    let network = try TwinLiteNet(weights: state, source: weights)
    let parameters = state.keys.compactMap { key in state[key].map { (key: key, shape: $0.shape) } }
    return try LayerTable(network: network, parameters: parameters, height: height, width: width)
  }

  static func grouped(_ n: Int) -> String {
    let digits = String(n)
    var out = ""
    for (i, ch) in digits.reversed().enumerated() {
      if i > 0 && i % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return String(out.reversed())
  }

  static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - s.count))
    return right ? fill + s : s + fill
  }

  /// Per-module learnable parameters, the total, the folded count and a note on the paper's figure.
  public static func params(_ table: LayerTable, source: String) -> String {
    var lines = ["TwinLiteNet parameters (\(source))", ""]
    lines.append(
      pad("module", 22) + pad("operation", 34) + pad("params", 10, right: true)
        + pad("folded", 10, right: true))
    for row in table.rows {
      lines.append(
        pad(row.module, 22) + pad(row.operation, 34) + pad(grouped(row.parameters), 10, right: true)
          + pad(grouped(row.foldedParameters), 10, right: true))
    }
    let total = table.totalParameters
    let folded = table.totalFoldedParameters
    let cbrChannels = table.rows.filter { $0.operation.hasPrefix("CBR") }.reduce(0) { $0 + $1.outChannels }
    lines += [
      "",
      "total learnable parameters: \(grouped(total)) (model.parameters(); BN running statistics excluded)",
      "after Conv+BN folding:      \(grouped(folded)) (CBR and UPx2 BN γ, β → one conv bias per channel;",
      "                            ESP-block BNs stay a per-channel scale and shift)",
      "",
      "note: the paper reports 439,339, \(grouped(total - 439_339)) fewer than the released model's "
        + "\(grouped(total)).",
      "      The seven encoder CBRs have \(grouped(cbrChannels)) output channels in all: folding only their BNs",
      "      gives \(grouped(total - cbrChannels)), and \(grouped(cbrChannels)) is also the number of their "
        + "PReLU slopes.",
      "      Neither explanation is documented upstream; the released checkpoint holds \(grouped(total)).",
    ]
    return lines.joined(separator: "\n")
  }

  /// Per-layer analytic multiply-accumulates and the total.
  public static func macs(_ table: LayerTable, source: String) -> String {
    var lines = [
      "TwinLiteNet multiply-accumulates at \(table.width)×\(table.height), batch 1 (\(source))", "",
    ]
    lines.append(
      pad("module", 22) + pad("operation", 34) + pad("output C×H×W", 16) + pad("MACs", 16, right: true))
    for row in table.rows {
      let shape = row.output.map(String.init).joined(separator: "×")
      lines.append(
        pad(row.module, 22) + pad(row.operation, 34) + pad(shape, 16)
          + pad(grouped(row.macs), 16, right: true))
    }
    let total = table.totalMACs
    let matmul = table.totalMatmulMACs
    lines += [
      "",
      String(format: "total: %@ MACs = %.3f G", grouped(total), Double(total) / 1e9),
      String(
        format: "       %.3f G conv/deconv + %.3f G attention matmuls (PAM N×N, CAM C×C)",
        Double(total - matmul) / 1e9, Double(matmul) / 1e9),
      "counted: conv, deconv and attention matmul multiply-accumulates (1 MAC = 1 multiply + 1 add).",
      "not counted: BN, PReLU, pooling, softmax, residual and branch sums (element-wise work).",
    ]
    return lines.joined(separator: "\n")
  }
}
