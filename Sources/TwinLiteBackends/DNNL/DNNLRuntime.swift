internal import CTwinLiteDNNL

/// The oneDNN library this process runs and the instruction set it dispatches to. The ISA is the
/// lower of what the CPU has and what `ONEDNN_MAX_CPU_ISA` / `DNNL_MAX_CPU_ISA` allow (read by
/// oneDNN once, before its first primitive); the backend's own C kernels follow the same cap.
public enum DNNLRuntime {
  /// e.g. `2.6.3`.
  public static var version: String {
    guard let v = dnnl_version()?.pointee else { return "unknown" }
    return "\(v.major).\(v.minor).\(v.patch)"
  }

  /// oneDNN's name for the dispatched ISA, as `ONEDNN_MAX_CPU_ISA` spells it (e.g. `AVX2`,
  /// `AVX512_CORE`).
  public static var isa: String { isaName(Int(dnnl_get_effective_cpu_isa().rawValue)) }

  /// The variant of the backend's C kernels that runs: `avx512`, `avx2` or `x86-64` (baseline).
  public static var kernelVariant: String {
    switch tl_kernel_level() {
    case 2: return "avx512"
    case 1: return "avx2"
    default: return "x86-64"
    }
  }

  /// Names of `dnnl_cpu_isa_t` values (oneDNN 2.6).
  static func isaName(_ value: Int) -> String {
    let names: [Int: String] = [
      0x0: "ALL", 0x1: "SSE41", 0x3: "AVX", 0x7: "AVX2", 0xf: "AVX512_MIC", 0x1f: "AVX512_MIC_4OPS",
      0x27: "AVX512_CORE", 0x67: "AVX512_CORE_VNNI", 0xe7: "AVX512_CORE_BF16",
      0x3e7: "AVX512_CORE_AMX", 0x407: "AVX2_VNNI",
    ]
    return names[value] ?? "ISA 0x\(String(value, radix: 16))"
  }
}
