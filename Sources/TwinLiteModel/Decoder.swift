import TwinLiteCore
import TwinLiteNN

/// One decoder head: `classifier_x(up_2_x(up_1_x(e)))`, 32 → 16 → 8 → 2 channels, ×8 resolution.
/// Not an upstream class: `TwinLiteNet.forward` chains the three `UPx2` modules directly.
/// The logits leave through BN + PReLU because `classifier_x` is itself a `UPx2`.
public struct SegmentationHead: Sendable {
  public let names: (up1: String, up2: String, classifier: String)
  public let up1: UPx2
  public let up2: UPx2
  public let classifier: UPx2

  public init(_ w: WeightScope, up1: String, up2: String, classifier: String) {
    names = (up1, up2, classifier)
    self.up1 = UPx2(w.scope(up1), nIn: 32, nOut: 16)
    self.up2 = UPx2(w.scope(up2), nIn: 16, nOut: 8)
    self.classifier = UPx2(w.scope(classifier), nIn: 8, nOut: 2)
  }

  public func callAsFunction(_ x: Tensor, trace: Trace? = nil) -> Tensor {
    let a = up1(x)
    trace?(names.up1, a)
    let b = up2(a)
    trace?(names.up2, b)
    let c = classifier(b)
    trace?(names.classifier, c)
    return c
  }
}
