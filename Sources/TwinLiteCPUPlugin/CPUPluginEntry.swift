internal import CTwinLiteBackendABI
import Foundation
import TwinLiteCore

// The builtin backends behind the plugin ABI (`twinlite_backend.h`), so that the loader and the
// `--backend plugin:PATH` path run on every CI machine. Every entry point catches all Swift errors;
// nothing unwinds or traps across the ABI on bad input.

nonisolated(unsafe) private let pluginName: UnsafeMutablePointer<CChar> = strdup("cpu")
nonisolated(unsafe) private let emptyString: UnsafeMutablePointer<CChar> = strdup("")

nonisolated(unsafe) private let table: UnsafeMutablePointer<twinlite_backend_api> = {
  let t = UnsafeMutablePointer<twinlite_backend_api>.allocate(capacity: 1)
  t.initialize(
    to: twinlite_backend_api(
      abi_version: UInt32(TWINLITE_BACKEND_ABI_VERSION),
      struct_size: UInt32(MemoryLayout<twinlite_backend_api>.size),
      name: { UnsafePointer(pluginName) },
      create: pluginCreate, infer: pluginInfer,
      last_error: { handle in
        guard let handle else { return UnsafePointer(emptyString) }
        return UnsafePointer(context(handle).lastError)
      },
      describe: { handle in
        guard let handle else { return UnsafePointer(emptyString) }
        return UnsafePointer(context(handle).summary)
      },
      destroy: { handle in
        guard let handle else { return }
        Unmanaged<CPUPluginContext>.fromOpaque(handle).release()
      },
      last_timing: pluginLastTiming))
  return t
}()

/// The ABI's only exported symbol.
@_cdecl("twinlite_backend_entry")
public func twinliteBackendEntry() -> UnsafeRawPointer {
  UnsafeRawPointer(table)
}

private func context(_ handle: UnsafeMutableRawPointer) -> CPUPluginContext {
  Unmanaged<CPUPluginContext>.fromOpaque(handle).takeUnretainedValue()
}

private func pluginCreate(
  _ modelPath: UnsafePointer<CChar>?, _ options: UnsafePointer<CChar>?,
  _ error: UnsafeMutablePointer<twinlite_error>?
) -> UnsafeMutableRawPointer? {
  func fail(_ code: Int32, _ message: String) -> UnsafeMutableRawPointer? {
    guard let error else { return nil }
    error.pointee.code = code
    withUnsafeMutableBytes(of: &error.pointee.message) { buffer in
      let bytes = Array(message.utf8.prefix(buffer.count - 1))
      buffer.copyBytes(from: bytes)
      buffer[bytes.count] = 0
    }
    return nil
  }
  guard let modelPath else { return fail(Int32(TWINLITE_ERROR_INVALID_ARGUMENT), "model path is NULL") }
  let path = String(cString: modelPath)
  let parsed: PluginOptions
  do {
    parsed = try PluginOptions(parsing: options.map { String(cString: $0) } ?? "")
  } catch {
    return fail(Int32(TWINLITE_ERROR_INVALID_ARGUMENT), error.description)
  }
  guard FileManager.default.fileExists(atPath: path) else {
    return fail(Int32(TWINLITE_ERROR_IO), "model file \(path): not found")
  }
  do {
    let ctx = try CPUPluginContext(modelPath: path, options: parsed)
    return Unmanaged.passRetained(ctx).toOpaque()
  } catch {
    return fail(Int32(TWINLITE_ERROR_MODEL), "\(path): \(error)")
  }
}

private func pluginInfer(
  _ handle: UnsafeMutableRawPointer?, _ input: UnsafePointer<Float>?, _ n: Int64, _ h: Int64, _ w: Int64,
  _ da: UnsafeMutablePointer<Float>?, _ ll: UnsafeMutablePointer<Float>?
) -> Int32 {
  guard let handle else { return Int32(TWINLITE_ERROR_INVALID_ARGUMENT) }
  let ctx = context(handle)
  guard let input, let da, let ll else {
    ctx.setError("infer: NULL input or output pointer")
    return Int32(TWINLITE_ERROR_INVALID_ARGUMENT)
  }
  let (batch, height, width) = (Int(n), Int(h), Int(w))
  // Bounded so that the element counts below cannot overflow.
  guard (1...4096).contains(batch), (1...16384).contains(height), (1...16384).contains(width) else {
    ctx.setError("infer: batch \(n), height \(h), width \(w) out of range")
    return Int32(TWINLITE_ERROR_INVALID_ARGUMENT)
  }
  let plane = height * width
  let clock = ContinuousClock()
  let start = clock.now
  let tensor = Tensor(
    shape: [batch, 3, height, width],
    data: Array(UnsafeBufferPointer(start: input, count: batch * 3 * plane)))
  let copiedIn = clock.now
  do {
    let out = try ctx.backend.infer(tensor)
    let computed = clock.now
    let expected = [batch, 2, height, width]
    guard out.da.shape == expected, out.ll.shape == expected else {
      ctx.setError("infer: backend returned \(out.da.shape) / \(out.ll.shape), expected \(expected)")
      return Int32(TWINLITE_ERROR_RUNTIME)
    }
    let count = out.da.count
    _ = UnsafeMutableBufferPointer(start: da, count: count).update(fromContentsOf: out.da.data)
    _ = UnsafeMutableBufferPointer(start: ll, count: count).update(fromContentsOf: out.ll.data)
    ctx.lastTiming = (
      milliseconds(computed - copiedIn), milliseconds(copiedIn - start), milliseconds(clock.now - computed)
    )
    ctx.setError("")
    return Int32(TWINLITE_OK)
  } catch {
    ctx.setError("infer: \(error)")
    return Int32(TWINLITE_ERROR_RUNTIME)
  }
}

/// Version 2: the forward pass alone (the CPU is the device) and the copies across the ABI.
private func pluginLastTiming(
  _ handle: UnsafeMutableRawPointer?, _ timing: UnsafeMutablePointer<twinlite_timing>?
) -> Int32 {
  guard let handle, let timing else { return Int32(TWINLITE_ERROR_INVALID_ARGUMENT) }
  let ctx = context(handle)
  guard let last = ctx.lastTiming else {
    ctx.setError("last_timing: no infer has run yet")
    return Int32(TWINLITE_ERROR_INVALID_ARGUMENT)
  }
  timing.pointee = twinlite_timing(
    device_ms: last.forward, upload_ms: last.upload, download_ms: last.download)
  return Int32(TWINLITE_OK)
}

private func milliseconds(_ d: Duration) -> Double {
  Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
}
