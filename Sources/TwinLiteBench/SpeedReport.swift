import Foundation

extension SpeedResult {
  /// Human-readable summary, and the per-op table when profiled.
  public var text: String {
    let o = options
    var lines = [
      "backend \(o.backend), threads \(o.threads), batch \(o.batch), input \(o.height)x\(o.width), "
        + "warmup \(o.warmup), runs \(o.runs), weights \(weightsDescription)",
      String(
        format: "median %.2f ms, p90 %.2f ms, mean %.2f ms, min %.2f ms per pass; %.2f ms/frame, %.1f FPS",
        medianMilliseconds, p90Milliseconds, meanMilliseconds, minMilliseconds, medianPerFrame,
        framesPerSecond),
      "timed: forward pass only (input tensor in memory; decode, resize and argmax outside the timed region)",
    ]
    if let d = dispatch {
      lines.append("oneDNN \(d.oneDNNVersion) dispatching to \(d.isa); C kernels: \(d.kernels)")
    }
    if let pamSkipped {
      lines.append(
        "PAM mode \(o.pam.rawValue): skipped by the exactness bound for \(pamSkipped)/\(o.batch) images")
    }
    if !profile.isEmpty { lines.append(profileTable) }
    return lines.joined(separator: "\n")
  }

  /// Per-op mean time per pass, slowest first, with shares of the profiled total.
  public var profileTable: String {
    let total = profile.reduce(0) { $0 + $1.milliseconds }
    let best = profile.reduce(0) { $0 + $1.best }
    var lines = [
      "| op (\(options.profileMeasure.rawValue) time) | implementation | mean ms/pass | share | best ms |",
      "|---|---|---:|---:|---:|",
    ]
    for row in profile.sorted(by: { $0.milliseconds > $1.milliseconds }) {
      lines.append(
        String(
          format: "| %@ | %@ | %.3f | %.1f %% | %.3f |", row.name, row.implementation, row.milliseconds,
          100 * row.milliseconds / max(total, 1e-9), row.best))
    }
    lines.append(String(format: "| **total (profiled)** | | %.3f | 100 %% | %.3f |", total, best))
    return lines.joined(separator: "\n")
  }

  /// One JSON object (keys sorted).
  public func json() throws -> String {
    var object: [String: Any] = [
      "backend": options.backend, "threads": options.threads, "batch": options.batch,
      "warmup": options.warmup, "runs": options.runs, "height": options.height, "width": options.width,
      "weights": weightsDescription, "median_ms": medianMilliseconds, "p90_ms": p90Milliseconds,
      "mean_ms": meanMilliseconds, "min_ms": minMilliseconds, "median_ms_per_frame": medianPerFrame,
      "fps": framesPerSecond, "pam_mode": options.pam.rawValue,
    ]
    if let pamSkipped { object["pam_skipped_images"] = pamSkipped }
    if let d = dispatch {
      object["onednn_version"] = d.oneDNNVersion
      object["isa"] = d.isa
      object["kernels"] = d.kernels
    }
    if !profile.isEmpty {
      object["profile_measure"] = options.profileMeasure.rawValue
      object["profile"] = profile.map {
        [
          "name": $0.name, "ms": $0.milliseconds, "best_ms": $0.best, "impl": $0.implementation,
        ] as [String: Any]
      }
    }
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
  }
}
