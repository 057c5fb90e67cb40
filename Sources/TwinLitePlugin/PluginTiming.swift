internal import CTwinLiteBackendABI

/// What a version-2 plugin measured itself for its most recent `infer` (`twinlite_timing`).
public struct PluginTiming: Sendable, Equatable {
  /// The forward pass on device-resident buffers, without host↔device copies.
  public var deviceMilliseconds: Double
  /// Copy of the input to the device; nil when the plugin did not measure it.
  public var uploadMilliseconds: Double?
  /// Copy of both heads back; nil when the plugin did not measure it.
  public var downloadMilliseconds: Double?

  public init(deviceMilliseconds: Double, uploadMilliseconds: Double?, downloadMilliseconds: Double?) {
    self.deviceMilliseconds = deviceMilliseconds
    self.uploadMilliseconds = uploadMilliseconds
    self.downloadMilliseconds = downloadMilliseconds
  }

  init?(_ t: twinlite_timing) {
    // A negative or non-finite device time means "not measured".
    guard t.device_ms.isFinite, t.device_ms >= 0 else { return nil }
    func measured(_ v: Double) -> Double? { v.isFinite && v >= 0 ? v : nil }
    self.init(
      deviceMilliseconds: t.device_ms, uploadMilliseconds: measured(t.upload_ms),
      downloadMilliseconds: measured(t.download_ms))
  }
}

extension PluginBackend {
  /// Whether the plugin reports its own timings (ABI version 2 with `last_timing`).
  public var offersTiming: Bool { library.lastTiming != nil }

  /// The plugin's timings of the most recent successful `infer`; nil when it offers none.
  public func lastTiming() throws(PluginError) -> PluginTiming? {
    guard let lastTiming = library.lastTiming else { return nil }
    var timing = twinlite_timing(device_ms: -1, upload_ms: -1, download_ms: -1)
    let status = lastTiming(handle, &timing)
    guard status == 0 else {
      let message = library.lastError(handle).map { String(cString: $0) } ?? ""
      throw .timingFailed(path: library.path, code: status, message: message)
    }
    return PluginTiming(timing)
  }
}
