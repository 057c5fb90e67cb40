internal import CTwinLiteDNNL

/// A oneDNN memory object. It either owns a zeroed, 64-byte aligned buffer or points at memory
/// owned elsewhere (the caller's input tensor), whose address may be changed per run.
final class DNNLMemory {
  let desc: dnnl_memory_desc_t
  let memory: dnnl_memory_t
  let byteCount: Int
  private let owned: UnsafeMutableRawPointer?

  /// Allocates and zeroes a buffer for `desc`.
  init(_ engine: DNNLEngine, _ desc: dnnl_memory_desc_t, name: String) throws(BackendError) {
    self.desc = desc
    byteCount = max(MemoryDesc.byteCount(desc), 64)
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: 64)
    buffer.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
    var m: dnnl_memory_t?
    var d = desc
    let status = dnnl_memory_create(&m, &d, engine.engine, buffer)
    guard status == dnnl_success, let m else {
      buffer.deallocate()
      throw .dnnl(primitive: name, call: "dnnl_memory_create", status: Int(status.rawValue))
    }
    memory = m
    owned = buffer
  }

  /// Wraps memory owned elsewhere; set its address with `setHandle` before each use.
  init(_ engine: DNNLEngine, external desc: dnnl_memory_desc_t, name: String) throws(BackendError) {
    self.desc = desc
    byteCount = MemoryDesc.byteCount(desc)
    var m: dnnl_memory_t?
    var d = desc
    try dnnlCheck(dnnl_memory_create(&m, &d, engine.engine, nil), name, "dnnl_memory_create")
    guard let m else { throw .dnnl(primitive: name, call: "dnnl_memory_create", status: -1) }
    memory = m
    owned = nil
  }

  convenience init(_ engine: DNNLEngine, activation n: Int, _ c: Int, _ h: Int, _ w: Int, name: String)
    throws(BackendError)
  {
    try self.init(engine, MemoryDesc.activation(n, c, h, w, name: name), name: name)
  }

  /// The data of an owning memory as Float32 values.
  var floats: UnsafeMutablePointer<Float> {
    guard let owned else { preconditionFailure("DNNLMemory: external memory has no owned buffer") }
    return owned.assumingMemoryBound(to: Float.self)
  }

  func setHandle(_ pointer: UnsafeMutableRawPointer, name: String) throws(BackendError) {
    try dnnlCheck(dnnl_memory_set_data_handle_v2(memory, pointer, nil), name, "dnnl_memory_set_data_handle")
  }

  deinit {
    dnnl_memory_destroy(memory)
    owned?.deallocate()
  }
}
