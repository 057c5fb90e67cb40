import TwinLiteCore
import TwinLiteNN

/// Upstream: `ESPNet_Encoder(p=2, q=3)` — ESPNet-C with pooled-image reinforcement, then position
/// and channel attention. Fields are named after the state-dict modules under `encoder.`.
public struct ESPNetEncoder: Sendable {
  public let level1: CBR
  public let sample1: InputProjectionA
  public let sample2: InputProjectionA
  public let b1: CBR
  public let level2Down: DownSamplerB
  public let level2: [DilatedParllelResidualBlockB]
  public let b2: CBR
  public let level3Down: DownSamplerB
  public let level3: [DilatedParllelResidualBlockB]
  public let b3: CBR
  public let sa: PAMModule
  public let sc: CAMModule
  public let convSA: CBR
  public let convSC: CBR
  public let classifier: CBR

  public init(_ w: WeightScope, p: Int = 2, q: Int = 3) {
    level1 = CBR(w.scope("level1"), nIn: 3, nOut: 16, kernel: 3, stride: 2)
    sample1 = InputProjectionA(samplingTimes: 1)
    sample2 = InputProjectionA(samplingTimes: 2)
    b1 = CBR(w.scope("b1"), nIn: 16 + 3, nOut: 19, kernel: 3)
    level2Down = DownSamplerB(w.scope("level2_0"), nIn: 16 + 3, nOut: 64)
    level2 = (0..<p).map { DilatedParllelResidualBlockB(w.scope("level2.\($0)"), nIn: 64, nOut: 64) }
    b2 = CBR(w.scope("b2"), nIn: 128 + 3, nOut: 128 + 3, kernel: 3)
    level3Down = DownSamplerB(w.scope("level3_0"), nIn: 128 + 3, nOut: 128)
    level3 = (0..<q).map { DilatedParllelResidualBlockB(w.scope("level3.\($0)"), nIn: 128, nOut: 128) }
    b3 = CBR(w.scope("b3"), nIn: 256, nOut: 32, kernel: 3)
    sa = PAMModule(w.scope("sa"), channels: 32)
    sc = CAMModule(w.scope("sc"))
    convSA = CBR(w.scope("conv_sa"), nIn: 32, nOut: 32, kernel: 3)
    convSC = CBR(w.scope("conv_sc"), nIn: 32, nOut: 32, kernel: 3)
    classifier = CBR(w.scope("classifier"), nIn: 32, nOut: 32, kernel: 1)
  }

  /// `trace` receives each module's output under its state-dict name (for debugging and profiling).
  public func callAsFunction(_ input: Tensor, trace: Trace? = nil) -> Tensor {
    func t(_ name: String, _ x: Tensor) -> Tensor {
      trace?("encoder." + name, x)
      return x
    }
    let output0 = t("level1", level1(input))
    let inp1 = t("sample1", sample1(input))
    let inp2 = t("sample2", sample2(input))
    let output0Cat = t("b1", b1(Elementwise.concatChannels([output0, inp1])))
    let output1_0 = t("level2_0", level2Down(output0Cat))
    var output1 = output1_0
    for (i, block) in level2.enumerated() { output1 = t("level2.\(i)", block(output1)) }
    let output1Cat = t("b2", b2(Elementwise.concatChannels([output1, output1_0, inp2])))
    let output2_0 = t("level3_0", level3Down(output1Cat))
    var output2 = output2_0
    for (i, block) in level3.enumerated() { output2 = t("level3.\(i)", block(output2)) }
    let output2Cat = t("b3", b3(Elementwise.concatChannels([output2_0, output2])))
    let outSA = t("conv_sa", convSA(t("sa", sa(output2Cat))))
    let outSC = t("conv_sc", convSC(t("sc", sc(output2Cat))))
    return t("classifier", classifier(Elementwise.add(outSA, outSC)))
  }
}

/// Receives `(module name, output)` after each module of a traced forward pass.
public typealias Trace = (String, Tensor) -> Void
