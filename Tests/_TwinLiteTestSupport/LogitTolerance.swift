/// How far float32 logits of the official network (best.pth, the sample frames) may lie from others.
public enum LogitTolerance {
  /// From the official network's float32 logits (the golden file, or the upstream PyTorch code).
  public static let golden: Float = 1e-4
  /// Between two float32 implementations: the `cpu` backend and the Swift `reference`, or two `cpu`
  /// plans that timed different kernels for b1/b2/b3. Each rounds on its own; against the official
  /// network run in float64 (`scripts/torch-parity.py --float64`) the `ll` logits of PyTorch float32
  /// are 5.7e-5 off, the reference's 5.2e-5, the cpu plans' 5.2–7.2e-5 (reports/inference-cpu.md),
  /// so two results each within `golden` of the exact logits may be twice that apart.
  public static let betweenImplementations: Float = 2 * golden
}
