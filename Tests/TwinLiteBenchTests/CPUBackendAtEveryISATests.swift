import Foundation
import Testing
import TwinLiteCore
import TwinLiteNN
import _TwinLiteTestSupport

/// `--backend cpu` at every x86-64 ISA level this CPU can run, each level in its own process with
/// oneDNN capped by ONEDNN_MAX_CPU_ISA and DNNL_MAX_CPU_ISA (read once, before oneDNN's first use):
/// the capped ISA is the one dispatched (the C kernels follow it), no step of the plan is reference
/// code, the logits are within 1e-4 of the golden logits on the golden frame and within
/// `LogitTolerance.betweenImplementations` of the reference backend's on the six others, and the
/// masks of all seven sample frames are identical. So an AVX-512
/// machine proves that AVX2 and SSE4.1 work, and an AVX2 machine that AVX-512 is not needed.
@Suite(.serialized) struct CPUBackendAtEveryISATests {
  static let weights = Fixtures.path("reference/twinlitenet/best.pth")
  static let imageDirectory = Fixtures.path("reference/twinlitenet/images")
  static let goldenFrame = "caeb782d-4a20b7c4"
  static var ready: Bool {
    ToolProcess.isBuilt("twinlite-bench") && FileManager.default.fileExists(atPath: weights)
  }

  @Test(.enabled(if: ready, "needs the built twinlite-bench and the checkpoint in ../shared"))
  func sse41() throws { try check("SSE41", kernels: "x86-64") }

  @Test(.enabled(if: ready && CPUFlags.has(["avx2", "fma"]), "this CPU has no AVX2"))
  func avx2() throws { try check("AVX2", kernels: "avx2") }

  @Test(.enabled(if: ready && CPUFlags.has(["avx512f", "avx512bw", "avx512vl", "avx512dq"]), "no AVX-512"))
  func avx512Core() throws { try check("AVX512_CORE", kernels: "avx512") }

  func check(_ isa: String, kernels: String) throws {
    let environment = ["ONEDNN_MAX_CPU_ISA": isa, "DNNL_MAX_CPU_ISA": isa]
    let speed = try ToolProcess.run(
      "twinlite-bench",
      ["speed", "--weights", Self.weights, "--runs", "1", "--warmup", "0", "--profile", "--format", "json"],
      environment: environment)
    try #require(speed.status == 0, "\(isa): \(speed.stderr)")
    let json = try JSONSerialization.jsonObject(with: Data(speed.stdout.utf8))
    let report = try #require(json as? [String: Any])
    #expect(report["isa"] as? String == isa)
    #expect(report["kernels"] as? String == kernels)
    let steps = report["profile"] as? [[String: Any]] ?? []
    #expect(steps.count > 50)
    for step in steps {
      let implementation = step["impl"] as? String ?? "?"
      let parts = implementation.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      #expect(
        parts.allSatisfy { $0 != "?" && !$0.hasPrefix("ref") },
        "\(isa): \(step["name"] ?? "?") runs \(implementation)")
    }
    // A layer on its second choice is named once (b2 always has a first choice on AVX-512).
    let named = speed.stderr.components(separatedBy: "encoder.b2: ").count - 1
    #expect(named <= 1 && (isa == "AVX512_CORE" || named == 1), "\(isa): \(speed.stderr)")

    let out = try Fixtures.temporaryDirectory("isa-\(isa)")
    defer { try? FileManager.default.removeItem(at: out) }
    let frames = try Self.frames()
    let infer = try ToolProcess.run(
      "twinlite-bench",
      ["infer", "--backend", "cpu", "--weights", Self.weights, "--save-logits", "--out", out.path] + frames,
      environment: environment)
    try #require(infer.status == 0, "\(isa): \(infer.stderr)")
    let expected = try Self.expectedLogits()
    for frame in frames {
      let name = URL(fileURLWithPath: frame).deletingPathExtension().lastPathComponent
      for head in ["da", "ll"] {
        let got = try NPY.read(contentsOf: out.appendingPathComponent("\(name).\(head).npy").path)
        let want = try #require(expected[name]?[head])
        try #require(got.count == want.count)
        let delta = zip(got.data, want.data).reduce(Float(0)) { max($0, abs($1.0 - $1.1)) }
        let bound = name == Self.goldenFrame ? LogitTolerance.golden : LogitTolerance.betweenImplementations
        #expect(delta <= bound, "\(isa) \(name) \(head): max |Δ| = \(delta)")
        #expect(Self.mask(got) == Self.mask(want), "\(isa) \(name) \(head): masks differ")
      }
    }
  }

  static func frames() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: imageDirectory).filter { $0.hasSuffix(".jpg") }
      .sorted().map { imageDirectory + "/" + $0 }
  }

  /// Per frame and head (`da`, `ll`): 2×360×640 logits: the golden ones where they exist, else the
  /// pure-Swift reference backend's (computed once).
  nonisolated(unsafe) private static var cached: [String: [String: Tensor]]?

  static func expectedLogits() throws -> [String: [String: Tensor]] {
    if let cached { return cached }
    let out = try Fixtures.temporaryDirectory("isa-reference")
    defer { try? FileManager.default.removeItem(at: out) }
    let frames = try frames()
    let run = try ToolProcess.run(
      "twinlite-bench",
      ["infer", "--backend", "reference", "--weights", weights, "--save-logits", "--out", out.path] + frames,
      environment: [:])
    guard run.status == 0 else { throw CocoaError(.executableLoad, userInfo: ["stderr": run.stderr]) }
    var logits: [String: [String: Tensor]] = [:]
    for frame in frames {
      let name = URL(fileURLWithPath: frame).deletingPathExtension().lastPathComponent
      for head in ["da", "ll"] {
        logits[name, default: [:]][head] = try NPY.read(
          contentsOf: out.appendingPathComponent("\(name).\(head).npy").path)
      }
    }
    let golden = try NPY.readArchive(
      contentsOf: Fixtures.path("reference/twinlitenet/numpy_outputs/\(goldenFrame)_logits.npz"))
    for head in ["da", "ll"] { logits[goldenFrame]?[head] = golden[head]?.reshaped([2, 360, 640]) }
    cached = logits
    return logits
  }

  /// `logit[1] > logit[0]` per pixel of a 2×H×W tensor.
  static func mask(_ t: Tensor) -> [Bool] {
    let plane = t.count / 2
    return (0..<plane).map { t.data[plane + $0] > t.data[$0] }
  }
}

/// Instruction-set flags of this CPU (`/proc/cpuinfo`).
enum CPUFlags {
  static let flags: Set<String> = {
    guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
      let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
    else { return [] }
    return Set(line.split(separator: ":").last?.split(separator: " ").map(String.init) ?? [])
  }()

  static func has(_ names: [String]) -> Bool { names.allSatisfy(flags.contains) }
}
