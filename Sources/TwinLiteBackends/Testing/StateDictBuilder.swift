import TwinLiteCore
import TwinLiteNN

/// Small state dicts for single modules (op-level tests).
enum StateDictBuilder {
  /// A `CBR` module named `m`.
  static func cbr(
    weight: Tensor, gamma: [Float], beta: [Float], mean: [Float], variance: [Float],
    slopes: [Float]
  ) -> StateDict {
    let c = gamma.count
    return StateDict([
      "m.conv.weight": weight, "m.bn.weight": Tensor(shape: [c], data: gamma),
      "m.bn.bias": Tensor(shape: [c], data: beta), "m.bn.running_mean": Tensor(shape: [c], data: mean),
      "m.bn.running_var": Tensor(shape: [c], data: variance),
      "m.act.weight": Tensor(shape: [c], data: slopes),
    ])
  }
}
