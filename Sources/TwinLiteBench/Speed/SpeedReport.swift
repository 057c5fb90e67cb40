import Foundation

extension SpeedResult {
  /// The reference path parallelises with Dispatch over every core, whatever `--threads` says.
  var usesDispatch: Bool { options.backend == "reference" }
  /// Threads the timed backend actually ran on.
  public var threadsUsed: Int {
    usesDispatch ? ProcessInfo.processInfo.activeProcessorCount : options.threads
  }

  /// Human-readable summary, and the per-op table when profiled.
  public var text: String {
    let o = options
    let threads = usesDispatch ? "\(threadsUsed) (Dispatch, all cores)" : "\(o.threads)"
    var lines = [
      "backend \(o.backend), threads \(threads), batch \(o.batch), input \(o.height)x\(o.width), "
        + "warmup \(o.warmup), runs \(o.runs), weights \(weightsDescription)",
      String(
        format: "median %.2f ms, p90 %.2f ms, mean %.2f ms, min %.2f ms per pass; %.2f ms/frame, %.1f FPS",
        medianMilliseconds, p90Milliseconds, meanMilliseconds, minMilliseconds, medianPerFrame,
        framesPerSecond),
      "timed: forward pass only (input tensor in memory; decode, resize and argmax outside the timed region)",
    ]
    if !device.forward.isEmpty {
      lines[1] = "end-to-end (the infer call, host memory in and out): " + lines[1]
      lines.insert(deviceLine, at: 2)
    }
    if let pluginDescription { lines.insert("plugin: " + pluginDescription, at: 1) }
    if let d = dispatch {
      lines.append("oneDNN \(d.oneDNNVersion) dispatching to \(d.isa); C kernels: \(d.kernels)")
    }
    if let pamSkipped {
      lines.append(
        "PAM mode \(o.pam.rawValue): skipped by the exactness bound for \(pamSkipped)/\(o.batch) images")
    }
    if let note = verdict?.note { lines.append(note) }
    if !profile.isEmpty { lines.append(profileTable) }
    return lines.joined(separator: "\n")
  }

  /// The plugin's own timing of the same calls, with the copies it measured.
  var deviceLine: String {
    let d = device.forward.sorted()
    var line = String(
      format: "device (forward on device-resident buffers, measured by the plugin): median %.3f ms, "
        + "p90 %.3f ms, min %.3f ms per pass; %.1f FPS",
      Self.quantile(d, 0.5), Self.quantile(d, 0.9), d.first ?? 0, deviceFramesPerSecond)
    let copies = [("upload", device.upload), ("download", device.download)].filter { !$0.1.isEmpty }
      .map { String(format: "%@ median %.3f ms", $0.0, Self.quantile($0.1.sorted(), 0.5)) }
    if !copies.isEmpty { line += "; copies: " + copies.joined(separator: ", ") }
    return line
  }

  /// Frames per second from the median device time; 0 when the plugin measured none.
  public var deviceFramesPerSecond: Double {
    let median = Self.quantile(device.forward.sorted(), 0.5)
    return median > 0 ? Double(options.batch) * 1000 / median : 0
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
      "backend": options.backend, "threads": threadsUsed, "batch": options.batch,
      "warmup": options.warmup, "runs": options.runs, "height": options.height, "width": options.width,
      "weights": weightsDescription, "median_ms": medianMilliseconds, "p90_ms": p90Milliseconds,
      "mean_ms": meanMilliseconds, "min_ms": minMilliseconds, "median_ms_per_frame": medianPerFrame,
      "fps": framesPerSecond, "pam_mode": options.pam.rawValue,
    ]
    if let pamSkipped { object["pam_skipped_images"] = pamSkipped }
    object["timing"] = "end-to-end"
    if let pluginDescription { object["plugin"] = pluginDescription }
    if !device.forward.isEmpty {
      let d = device.forward.sorted()
      var timing: [String: Any] = [
        "timing": "device", "median_ms": Self.quantile(d, 0.5), "p90_ms": Self.quantile(d, 0.9),
        "min_ms": d.first ?? 0, "fps": deviceFramesPerSecond, "samples": device.forward.count,
      ]
      if !device.upload.isEmpty { timing["upload_median_ms"] = Self.quantile(device.upload.sorted(), 0.5) }
      if !device.download.isEmpty {
        timing["download_median_ms"] = Self.quantile(device.download.sorted(), 0.5)
      }
      object["device"] = timing
    }
    if let verdict {
      object["machine_busy"] = verdict.busy
      object["other_runnable"] = verdict.othersRunnable
      object["p90_over_median"] = verdict.spread
      if let load = verdict.loadAverage { object["load_average"] = load }
    }
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
