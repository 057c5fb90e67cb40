import Foundation
import TwinLiteModel

/// What a batch costs in memory, checked against what this process may use before anything is
/// allocated, so a large `--batch` ends with a sentence instead of an abort under a memory limit.
///
/// Per image: one float32 copy of every layer output, the input and the heads, plus position
/// attention's N×N energy and softmax (N = H/8 · W/8; 3,600 at 360×640, 49 MiB each). At 360×640
/// that is 149 MiB; the peak RSS of `speed` grows by 125 MiB per image on the cpu backend and by
/// 29 MiB on the reference path (batch 1 to 8, measured), so the estimate errs on the safe side.
public enum MemoryEstimate {
  /// Weights, runtime and libraries: a generous bound on what batch 1 costs beyond its images
  /// (55 MiB measured on the cpu backend).
  static let fixedBytes = 256 << 20

  /// Estimated bytes for one image of `height`×`width` in a forward pass (`Int.max` for a size the
  /// network cannot take).
  public static func bytesPerImage(height: Int, width: Int) -> Int {
    guard let table = try? LayerTable.architecture(height: height, width: width) else { return .max }
    let n = (height / 8) * (width / 8)
    let attention = 2 * n * n * 4
    let outputs = table.rows.reduce(0) { $0 + $1.output.reduce(1, *) }
    let io = (3 + 2 * 2) * height * width
    return attention + 4 * (outputs + io)
  }

  /// The memory this process may use: physical memory, lowered by a cgroup limit (containers,
  /// Slurm, systemd) and by `RLIMIT_AS` where they are set.
  public static func available() -> (bytes: Int, source: String) {
    var best = (bytes: Int(ProcessInfo.processInfo.physicalMemory), source: "physical memory")
    for (path, source) in [
      ("/sys/fs/cgroup/memory.max", "cgroup memory.max"),
      ("/sys/fs/cgroup/memory/memory.limit_in_bytes", "cgroup memory.limit_in_bytes"),
    ] {
      let text = (try? String(contentsOfFile: path, encoding: .utf8))?
        .trimmingCharacters(in: .whitespacesAndNewlines)
      if let text, let limit = Int(text), limit > 0, limit < best.bytes { best = (limit, source) }
    }
    var limit = rlimit()
    if getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max,
      Int(clamping: limit.rlim_cur) < best.bytes
    {
      best = (Int(clamping: limit.rlim_cur), "ulimit -v")
    }
    return best
  }

  /// Throws when `batch` images at `height`×`width` are estimated to need more than `available()`.
  public static func check(batch: Int, height: Int, width: Int) throws(BenchError) {
    let perImage = bytesPerImage(height: height, width: width)
    let (needed, overflowed) = perImage.multipliedReportingOverflow(by: batch)
    let (sum, overflowedSum) = needed.addingReportingOverflow(fixedBytes)
    let total = overflowed || overflowedSum ? Int.max : sum
    let (limit, source) = available()
    guard total > limit else { return }
    func gib(_ bytes: Int) -> String { String(format: "%.1f GiB", Double(bytes) / Double(1 << 30)) }
    let fits = max(0, (limit - fixedBytes) / max(perImage, 1))
    throw .invalidOption(
      name: "batch",
      reason: "\(batch) needs about \(gib(total)) (\(perImage >> 20) MiB per \(width)×\(height) image), "
        + "more than the \(gib(limit)) this process may use (\(source)); at most \(fits) images fit")
  }
}
