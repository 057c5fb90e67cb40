import Foundation
import TwinLiteCore
import TwinLiteModel
import TwinLiteNN

/// Emits ONNX nodes for TwinLiteNet's building blocks (layouts as in `twinlitenet-model.md` §2–4).
struct ONNXGraphBuilder {
  let weights: StateDict
  let foldBatchNorm: Bool
  var model = ONNXModel()
  private var counter = 0

  init(weights: StateDict, foldBatchNorm: Bool) {
    self.weights = weights
    self.foldBatchNorm = foldBatchNorm
  }

  // MARK: Constants and nodes

  func tensor(_ key: String, shape: [Int]) throws(ExportError) -> Tensor {
    guard let t = weights[key] else { throw .missingWeight(key: key) }
    guard t.shape == shape else { throw .shapeMismatch(key: key, expected: shape, actual: t.shape) }
    return t
  }

  mutating func constant(_ name: String, dims: [Int], _ values: [Float]) -> String {
    model.initializers.append(ONNXInitializer(name: name, dims: dims, values: .float(values)))
    return name
  }

  mutating func shapeConstant(_ values: [Int64]) -> String {
    let name = "shape_" + values.map { $0 < 0 ? "m\(-$0)" : String($0) }.joined(separator: "_")
    if !model.initializers.contains(where: { $0.name == name }) {
      model.initializers.append(ONNXInitializer(name: name, dims: [values.count], values: .int64(values)))
    }
    return name
  }

  /// Adds a node and returns its (single) output name; `name` is the module path it comes from.
  mutating func node(
    _ op: String, _ inputs: [String], name: String, output: String? = nil,
    _ attributes: [(String, ONNXAttribute)] = []
  ) -> String {
    counter += 1
    let out = output ?? "\(name)/\(op)_\(counter)"
    model.nodes.append(
      ONNXNode(
        opType: op, name: "\(name)/\(op)_\(counter)", inputs: inputs, outputs: [out],
        attributes: attributes))
    return out
  }

  // MARK: Layers

  /// Conv with "same" padding `(k−1)/2·d`; `weight` is OIHW.
  mutating func conv(
    _ x: String, _ key: String, weight: Tensor, bias: String? = nil, stride: Int = 1,
    dilation: Int = 1
  ) -> String {
    let k = weight.shape[2]
    let pad = Int64((k - 1) / 2 * dilation)
    let w = constant(key, dims: weight.shape, weight.data)
    return node(
      "Conv", [x, w] + (bias.map { [$0] } ?? []), name: key,
      [
        ("kernel_shape", .ints([Int64(k), Int64(k)])), ("strides", .ints([Int64(stride), Int64(stride)])),
        ("pads", .ints([pad, pad, pad, pad])), ("dilations", .ints([Int64(dilation), Int64(dilation)])),
      ])
  }

  /// BatchNormalization (eps 1e-3) with the running statistics of `scope` (`scope.weight`, …).
  mutating func batchNorm(_ x: String, _ scope: String, channels c: Int) throws(ExportError) -> String {
    let inputs = try ["weight", "bias", "running_mean", "running_var"].map { (p) throws(ExportError) in
      constant("\(scope).\(p)", dims: [c], try tensor("\(scope).\(p)", shape: [c]).data)
    }
    return node("BatchNormalization", [x] + inputs, name: scope, [("epsilon", .float(twinLiteBatchNormEps))])
  }

  /// Per-channel PReLU; the slope becomes C×1×1 so it broadcasts over N×C×H×W.
  mutating func prelu(_ x: String, _ key: String, channels c: Int) throws(ExportError) -> String {
    let slope = constant(key, dims: [c, 1, 1], try tensor(key, shape: [c]).data)
    return node("PRelu", [x, slope], name: key)
  }

  /// BN scale `γ/√(σ²+ε)` and shift `β − μ·scale`, computed in Double.
  func foldedBN(_ scope: String, channels c: Int) throws(ExportError) -> (scale: [Double], shift: [Double]) {
    let g = try tensor("\(scope).weight", shape: [c]).data
    let b = try tensor("\(scope).bias", shape: [c]).data
    let m = try tensor("\(scope).running_mean", shape: [c]).data
    let v = try tensor("\(scope).running_var", shape: [c]).data
    let scale = (0..<c).map { Double(g[$0]) / (Double(v[$0]) + Double(twinLiteBatchNormEps)).squareRoot() }
    let shift = (0..<c).map { Double(b[$0]) - Double(m[$0]) * scale[$0] }
    return (scale, shift)
  }

  /// CBR: conv → BN → PReLU; with `foldBatchNorm` the BN is folded into the conv weight and a bias.
  mutating func cbr(_ x: String, _ scope: String, nIn: Int, nOut: Int, kernel: Int, stride: Int = 1)
    throws(ExportError) -> String
  {
    var weight = try tensor("\(scope).conv.weight", shape: [nOut, nIn, kernel, kernel])
    let y: String
    if foldBatchNorm {
      let (scale, shift) = try foldedBN("\(scope).bn", channels: nOut)
      let per = nIn * kernel * kernel
      for o in 0..<nOut {
        for i in 0..<per { weight.data[o * per + i] = Float(Double(weight.data[o * per + i]) * scale[o]) }
      }
      let bias = constant("\(scope).conv.bias_folded", dims: [nOut], shift.map { Float($0) })
      y = conv(x, "\(scope).conv.weight", weight: weight, bias: bias, stride: stride)
    } else {
      y = try batchNorm(
        conv(x, "\(scope).conv.weight", weight: weight, stride: stride), "\(scope).bn",
        channels: nOut)
    }
    return try prelu(y, "\(scope).act.weight", channels: nOut)
  }

  /// `AvgPool2d(3, stride 2, padding 1)` with PyTorch's `count_include_pad=True`.
  mutating func avgPool(_ x: String, name: String) -> String {
    node(
      "AveragePool", [x], name: name,
      [
        ("kernel_shape", .ints([3, 3])), ("strides", .ints([2, 2])), ("pads", .ints([1, 1, 1, 1])),
        ("count_include_pad", .int(1)),
      ])
  }

  /// The ESP block (`DownSamplerB` when `strided`, else the residual block). Its BN follows a concat
  /// (and the residual sum), so it stays a BatchNormalization node even with `foldBatchNorm`.
  mutating func esp(_ x: String, _ scope: String, nIn: Int, nOut: Int, strided: Bool) throws(ExportError)
    -> String
  {
    let n = nOut / 5
    let n1 = nOut - 4 * n
    let k = strided ? 3 : 1
    let c1w = try tensor("\(scope).c1.conv.weight", shape: [n, nIn, k, k])
    let o1 = conv(x, "\(scope).c1.conv.weight", weight: c1w, stride: strided ? 2 : 1)
    var branches: [String] = []
    for d in [1, 2, 4, 8, 16] {
      let key = "\(scope).d\(d).conv.weight"
      let w = try tensor(key, shape: [d == 1 ? n1 : n, n, 3, 3])
      branches.append(conv(o1, key, weight: w, dilation: d))
    }
    var sums = [branches[1]]
    var running = branches[1]
    for b in branches[2...] {
      running = node("Add", [running, b], name: scope)
      sums.append(running)
    }
    var y = node("Concat", [branches[0]] + sums, name: scope, [("axis", .int(1))])
    let br = strided ? scope : "\(scope).bn"
    if !strided { y = node("Add", [y, x], name: scope) }
    return try prelu(batchNorm(y, "\(br).bn", channels: nOut), "\(br).act.weight", channels: nOut)
  }

  /// PAM: `y = γ·(V·softmax(QᵀK)ᵀ) + x` over the N = H·W positions.
  mutating func pam(_ x: String, _ scope: String, channels c: Int, height h: Int, width w: Int)
    throws(ExportError) -> String
  {
    func project(_ name: String, _ out: Int) throws(ExportError) -> String {
      let weight = try tensor("\(scope).\(name).weight", shape: [out, c, 1, 1])
      let bias = constant(
        "\(scope).\(name).bias", dims: [out], try tensor("\(scope).\(name).bias", shape: [out]).data)
      let y = conv(x, "\(scope).\(name).weight", weight: weight, bias: bias)
      return node("Reshape", [y, shapeConstant([0, Int64(out), -1])], name: scope)
    }
    let q = node("Transpose", [try project("query_conv", c / 8)], name: scope, [("perm", .ints([0, 2, 1]))])
    let k = try project("key_conv", c / 8)
    let v = try project("value_conv", c)
    let energy = node("MatMul", [q, k], name: scope)  // N×HW×HW
    let attention = node("Softmax", [energy], name: scope, [("axis", .int(-1))])
    let at = node("Transpose", [attention], name: scope, [("perm", .ints([0, 2, 1]))])
    let o = node("MatMul", [v, at], name: scope)  // N×C×HW
    let o4 = node("Reshape", [o, shapeConstant([0, Int64(c), Int64(h), Int64(w)])], name: scope)
    let gamma = constant("\(scope).gamma", dims: [1], try tensor("\(scope).gamma", shape: [1]).data)
    return node("Add", [node("Mul", [o4, gamma], name: scope), x], name: scope)
  }

  /// CAM: `y = γ·(softmax(rowmax(XXᵀ) − XXᵀ)·X) + x` over the C channels.
  mutating func cam(_ x: String, _ scope: String, channels c: Int, height h: Int, width w: Int)
    throws(ExportError) -> String
  {
    let flat = node("Reshape", [x, shapeConstant([0, Int64(c), -1])], name: scope)
    let flatT = node("Transpose", [flat], name: scope, [("perm", .ints([0, 2, 1]))])
    let energy = node("MatMul", [flat, flatT], name: scope)  // N×C×C
    let rowMax = node("ReduceMax", [energy], name: scope, [("axes", .ints([-1])), ("keepdims", .int(1))])
    let shifted = node("Sub", [rowMax, energy], name: scope)
    let attention = node("Softmax", [shifted], name: scope, [("axis", .int(-1))])
    let o = node("MatMul", [attention, flat], name: scope)
    let o4 = node("Reshape", [o, shapeConstant([0, Int64(c), Int64(h), Int64(w)])], name: scope)
    let gamma = constant("\(scope).gamma", dims: [1], try tensor("\(scope).gamma", shape: [1]).data)
    return node("Add", [node("Mul", [o4, gamma], name: scope), x], name: scope)
  }

  /// UPx2: ConvTranspose 2×2 stride 2 (weight Cin×Cout×2×2) → BN → PReLU; BN folded when asked.
  mutating func upx2(_ x: String, _ scope: String, nIn: Int, nOut: Int, output: String? = nil)
    throws(ExportError) -> String
  {
    var weight = try tensor("\(scope).deconv.weight", shape: [nIn, nOut, 2, 2])
    let attributes: [(String, ONNXAttribute)] = [
      ("kernel_shape", .ints([2, 2])), ("strides", .ints([2, 2])),
    ]
    var y: String
    if foldBatchNorm {
      let (scale, shift) = try foldedBN("\(scope).bn", channels: nOut)
      for i in 0..<nIn {
        for o in 0..<nOut {
          for t in 0..<4 {
            let j = (i * nOut + o) * 4 + t
            weight.data[j] = Float(Double(weight.data[j]) * scale[o])
          }
        }
      }
      let w = constant("\(scope).deconv.weight", dims: weight.shape, weight.data)
      let b = constant("\(scope).deconv.bias_folded", dims: [nOut], shift.map { Float($0) })
      y = node("ConvTranspose", [x, w, b], name: scope, attributes)
    } else {
      let w = constant("\(scope).deconv.weight", dims: weight.shape, weight.data)
      y = try batchNorm(
        node("ConvTranspose", [x, w], name: scope, attributes), "\(scope).bn", channels: nOut)
    }
    let slope = constant(
      "\(scope).act.weight", dims: [nOut, 1, 1],
      try tensor("\(scope).act.weight", shape: [nOut]).data)
    return node("PRelu", [y, slope], name: scope, output: output)
  }
}
