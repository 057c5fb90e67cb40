import TwinLiteCore
import TwinLiteNN

/// One row of the per-module table (spec §3): a state-dict module, its learnable parameters and its
/// analytic multiply-accumulates for one image.
public struct LayerRow: Sendable, Equatable {
  /// State-dict module name without `module.` (e.g. `encoder.level2.0`).
  public let module: String
  public let operation: String
  public let inChannels: Int
  public let outChannels: Int
  /// C, H, W of the module's output.
  public let output: [Int]
  /// Learnable values (conv/deconv weights, BN γ/β, PReLU slopes, attention biases and γ).
  public let parameters: Int
  /// After folding BN into the preceding conv/deconv where one feeds the BN directly
  /// (CBR, UPx2): γ and β become one bias per channel. ESP-block BNs follow hierarchical sums and a
  /// residual, so they stay as a per-channel scale and shift.
  public let foldedParameters: Int
  /// Conv/deconv and attention-matmul multiply-accumulates (BN, PReLU, pooling, softmax not counted).
  public let macs: Int
  /// The part of `macs` in attention matrix products (PAM's N×N, CAM's C×C), not convolutions.
  public let matmulMACs: Int
}

/// Why a layer table cannot be built for an input size.
public enum LayerTableError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Height or width outside 8…`LayerTable.maxSide`, or not a multiple of 8.
  case invalidSize(height: Int, width: Int)
  /// A count at this size does not fit a 64-bit integer.
  case overflow(height: Int, width: Int, module: String)

  public var description: String {
    switch self {
    case .invalidSize(let height, let width):
      return "input \(height)×\(width): height and width must be multiples of 8 from 8 to "
        + "\(LayerTable.maxSide)"
    case .overflow(let height, let width, let module):
      return "input \(height)×\(width): the multiply-accumulate count of \(module) does not fit in "
        + "64 bits"
    }
  }
}

/// The per-module table of TwinLiteNet for a given input size.
public struct LayerTable: Sendable {
  /// Largest height or width accepted (JPEG's own limit is 65,535).
  public static let maxSide = 65_536

  public let rows: [LayerRow]
  public let height: Int
  public let width: Int

  public var totalParameters: Int { rows.reduce(0) { $0 + $1.parameters } }
  public var totalFoldedParameters: Int { rows.reduce(0) { $0 + $1.foldedParameters } }
  /// Sums of the rows; the initializer checked that they fit.
  public var totalMACs: Int { rows.reduce(0) { $0 + $1.macs } }
  public var totalMatmulMACs: Int { rows.reduce(0) { $0 + $1.matmulMACs } }

  /// Keys that are buffers, not learnable parameters.
  public static func isLearnable(_ key: String) -> Bool {
    !(key.hasSuffix("running_mean") || key.hasSuffix("running_var") || key.hasSuffix("num_batches_tracked"))
  }

  /// The table of `network` at `height`×`width`. Parameter counts come from `parameters`
  /// (key → shape; e.g. the loaded file, or `TwinLiteNet.expectedParameters`), grouped by module.
  /// Every count is computed with overflow checks.
  public init(
    network: TwinLiteNet, parameters: [(key: String, shape: [Int])], height: Int = 360, width: Int = 640
  ) throws(LayerTableError) {
    guard (8...Self.maxSide).contains(height), (8...Self.maxSide).contains(width), height % 8 == 0,
      width % 8 == 0
    else { throw .invalidSize(height: height, width: width) }
    self.height = height
    self.width = width
    var rows: [LayerRow] = []
    let counts = LayerTable.countByModule(parameters)
    var total = 0
    func checked(_ module: String, _ value: Int?) throws(LayerTableError) -> Int {
      guard let value else { throw .overflow(height: height, width: width, module: module) }
      return value
    }
    func sum(_ module: String, _ terms: [Int?]) throws(LayerTableError) -> Int {
      var result = 0
      for term in terms {
        let (next, overflow) = result.addingReportingOverflow(try checked(module, term))
        if overflow { throw .overflow(height: height, width: width, module: module) }
        result = next
      }
      return result
    }
    func product(_ factors: Int...) -> Int? {
      var result = 1
      for factor in factors {
        let (next, overflow) = result.multipliedReportingOverflow(by: factor)
        if overflow { return nil }
        result = next
      }
      return result
    }
    func add(
      _ module: String, _ op: String, _ cin: Int, _ cout: Int, _ out: [Int], _ macs: Int, foldsBN: Bool,
      matmul: Int = 0
    ) throws(LayerTableError) {
      total = try sum("the whole network", [total, macs])
      let p = counts[module] ?? 0
      rows.append(
        LayerRow(
          module: module, operation: op, inChannels: cin, outChannels: cout, output: out,
          parameters: p, foldedParameters: foldsBN ? p - cout : p, macs: macs, matmulMACs: matmul))
    }
    let e = network.encoder
    var (h, w) = (height, width)
    func cbr(_ name: String, _ block: CBR, _ stride: Int = 1) throws(LayerTableError) {
      let c = block.conv
      let macs = try checked("encoder." + name, c.macs(height: h, width: w))
      (h, w) = c.outputSize(height: h, width: w)
      let k = c.kernelHeight
      try add(
        "encoder." + name, "CBR \(k)×\(k)/\(c.stride)", c.inChannels, c.outChannels, [c.outChannels, h, w],
        macs, foldsBN: true)
    }
    func esp(_ name: String, _ c1: Conv2d, _ branches: ESPBranches, strided: Bool) throws(LayerTableError) {
      let (ho, wo) = c1.outputSize(height: h, width: w)
      let macs = try sum(
        "encoder." + name,
        [c1.macs(height: h, width: w)] + branches.all.map { $0.conv.macs(height: ho, width: wo) })
      let cout = branches.d1.conv.outChannels + 4 * branches.d2.conv.outChannels
      let op = strided ? "DownSamplerB n=\(c1.outChannels)" : "ESP block n=\(c1.outChannels), residual"
      try add("encoder." + name, op, c1.inChannels, cout, [cout, ho, wo], macs, foldsBN: false)
      (h, w) = (ho, wo)
    }
    let (h0, w0) = (h, w)
    try cbr("level1", e.level1)
    let (s1h, s1w) = (AvgPool3x3s2.outputSize(h0), AvgPool3x3s2.outputSize(w0))
    try add("encoder.sample1", "AvgPool 3×3/2 ×1", 3, 3, [3, s1h, s1w], 0, foldsBN: false)
    try add(
      "encoder.sample2", "AvgPool 3×3/2 ×2", 3, 3,
      [3, AvgPool3x3s2.outputSize(s1h), AvgPool3x3s2.outputSize(s1w)], 0, foldsBN: false)
    try cbr("b1", e.b1)
    try esp("level2_0", e.level2Down.c1.conv, e.level2Down.branches, strided: true)
    for (i, b) in e.level2.enumerated() { try esp("level2.\(i)", b.c1.conv, b.branches, strided: false) }
    try cbr("b2", e.b2)
    try esp("level3_0", e.level3Down.c1.conv, e.level3Down.branches, strided: true)
    for (i, b) in e.level3.enumerated() { try esp("level3.\(i)", b.c1.conv, b.branches, strided: false) }
    try cbr("b3", e.b3)
    let c = e.b3.conv.outChannels
    let n = h * w
    let qc = e.sa.queryConv.outChannels
    let pamMatmul = try sum("encoder.sa", [product(qc, n, n), product(c, n, n)])
    let pamMACs = try sum(
      "encoder.sa",
      [
        e.sa.queryConv.macs(height: h, width: w), e.sa.keyConv.macs(height: h, width: w),
        e.sa.valueConv.macs(height: h, width: w), pamMatmul,
      ])
    try add(
      "encoder.sa", "PAM (N×N softmax, N=\(n))", c, c, [c, h, w], pamMACs, foldsBN: false, matmul: pamMatmul)
    try cbr("conv_sa", e.convSA)
    let camMACs = try checked("encoder.sc", product(2, c, c, n))
    try add("encoder.sc", "CAM (C×C softmax)", c, c, [c, h, w], camMACs, foldsBN: false, matmul: camMACs)
    try cbr("conv_sc", e.convSC)
    try cbr("classifier", e.classifier)
    for head in [network.drivableHead, network.laneHead] {
      var (hh, ww) = (h, w)
      for (name, block) in [
        (head.names.up1, head.up1), (head.names.up2, head.up2),
        (head.names.classifier, head.classifier),
      ] {
        let d = block.deconv
        let macs = try checked(name, d.macs(height: hh, width: ww))
        (hh, ww) = (2 * hh, 2 * ww)
        try add(
          name, "UPx2 deconv 2×2/2", d.inChannels, d.outChannels, [d.outChannels, hh, ww], macs, foldsBN: true
        )
      }
    }
    self.rows = rows
  }

  /// The architecture's own table (no weights needed).
  public static func architecture(height: Int = 360, width: Int = 640) throws(LayerTableError)
    -> LayerTable
  {
    let reader = WeightReader()
    let network = TwinLiteNet(reader.root)
    return try LayerTable(network: network, parameters: reader.requested, height: height, width: width)
  }

  /// Learnable value counts grouped by table module: `encoder.<m>`, `encoder.level2.<i>`,
  /// `encoder.level3.<i>`, or the top-level head module (`up_1_1`, `classifier_2`, …).
  static func countByModule(_ parameters: [(key: String, shape: [Int])]) -> [String: Int] {
    var counts: [String: Int] = [:]
    for (key, shape) in parameters where isLearnable(key) {
      let parts = key.split(separator: ".").map(String.init)
      let depth: Int
      if parts.count > 3, parts[0] == "encoder", parts[1] == "level2" || parts[1] == "level3" {
        depth = 3
      } else {
        depth = parts[0] == "encoder" && parts.count > 2 ? 2 : 1
      }
      counts[parts.prefix(depth).joined(separator: "."), default: 0] += shape.reduce(1, *)
    }
    return counts
  }
}
