internal import CTwinLiteBackendABI
import TwinLiteBackends
import TwinLiteCore

/// An `InferenceBackend` served by a plugin library through the C ABI in `twinlite_backend.h`.
///
/// Use one instance from one thread at a time (the plugin's handle is not shared).
public final class PluginBackend: InferenceBackend {
  /// `plugin:<name reported by the plugin>`.
  public let name: String
  public let library: PluginLibrary
  let handle: UnsafeMutableRawPointer

  /// Loads the plugin at `path` and creates a backend for `modelPath` with `options`
  /// (`key=value;key=value`, documented by each plugin).
  public convenience init(path: String, modelPath: String, options: String = "") throws(PluginError) {
    try self.init(library: PluginLibrary(path: path), modelPath: modelPath, options: options)
  }

  public init(library: PluginLibrary, modelPath: String, options: String = "") throws(PluginError) {
    self.library = library
    name = "plugin:" + library.backendName
    var error = twinlite_error()
    guard let created = library.create(modelPath, options, &error) else {
      let message = withUnsafeBytes(of: &error.message) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      throw .createFailed(path: library.path, code: error.code, message: message)
    }
    handle = created
  }

  deinit { library.destroy(handle) }

  /// The plugin's one-line description (engine, precision, device, threads).
  public var pluginDescription: String { library.describe(handle).map { String(cString: $0) } ?? "" }

  public func infer(_ batch: Tensor) throws -> (da: Tensor, ll: Tensor) {
    let shape = batch.shape
    guard shape.count == 4, shape[1] == 3, shape[0] >= 1, shape[2] >= 1, shape[3] >= 1 else {
      throw PluginError.invalidInput(path: library.path, shape: shape)
    }
    let (n, h, w) = (shape[0], shape[2], shape[3])
    let headShape = [n, 2, h, w]
    var da = [Float](repeating: 0, count: n * 2 * h * w)
    var ll = da
    let status = batch.data.withUnsafeBufferPointer { input in
      da.withUnsafeMutableBufferPointer { daOut in
        ll.withUnsafeMutableBufferPointer { llOut in
          library.infer(
            handle, input.baseAddress, Int64(n), Int64(h), Int64(w), daOut.baseAddress, llOut.baseAddress)
        }
      }
    }
    guard status == 0 else {
      let message = library.lastError(handle).map { String(cString: $0) } ?? ""
      throw PluginError.inferFailed(path: library.path, code: status, message: message)
    }
    return (Tensor(shape: headShape, data: da), Tensor(shape: headShape, data: ll))
  }
}
