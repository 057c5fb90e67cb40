internal import CTwinLiteDNNL

/// Throws `BackendError.dnnl` unless `status` is `dnnl_success`.
@inline(__always)
func dnnlCheck(_ status: dnnl_status_t, _ primitive: String, _ call: String) throws(BackendError) {
  if status != dnnl_success { throw .dnnl(primitive: primitive, call: call, status: Int(status.rawValue)) }
}

/// A oneDNN CPU engine, its in-order stream, and which implementations primitives created on it may
/// use: never oneDNN's reference (`ref…`) code, which is 10–1000× slower, and none whose name starts
/// with a prefix in `excluded`.
final class DNNLEngine {
  let engine: dnnl_engine_t
  let stream: dnnl_stream_t
  let excluded: [String]

  init(excluding excluded: [String] = []) throws(BackendError) {
    self.excluded = excluded
    var e: dnnl_engine_t?
    try dnnlCheck(dnnl_engine_create(&e, dnnl_cpu, 0), "engine", "dnnl_engine_create")
    guard let e else { throw .dnnl(primitive: "engine", call: "dnnl_engine_create", status: -1) }
    var s: dnnl_stream_t?
    let status = dnnl_stream_create(&s, e, dnnl_stream_default_flags.rawValue)
    guard status == dnnl_success, let s else {
      dnnl_engine_destroy(e)
      throw .dnnl(primitive: "stream", call: "dnnl_stream_create", status: Int(status.rawValue))
    }
    engine = e
    stream = s
  }

  /// Whether a primitive may run with implementation `name` (`impl_info_str`, e.g. `jit:avx2`).
  func accepts(implementation name: String) -> Bool {
    !name.hasPrefix("ref") && !excluded.contains { name.hasPrefix($0) }
  }

  func wait() throws(BackendError) {
    try dnnlCheck(dnnl_stream_wait(stream), "stream", "dnnl_stream_wait")
  }

  deinit {
    dnnl_stream_destroy(stream)
    dnnl_engine_destroy(engine)
  }
}

/// Memory descriptors for Float32 tensors.
enum MemoryDesc {
  static func make(_ dims: [Int], _ tag: dnnl_format_tag_t, name: String) throws(BackendError)
    -> dnnl_memory_desc_t
  {
    var md = dnnl_memory_desc_t()
    let d = dims.map { dnnl_dim_t($0) }
    try dnnlCheck(
      dnnl_memory_desc_init_by_tag(&md, Int32(d.count), d, dnnl_f32, tag), name,
      "dnnl_memory_desc_init_by_tag")
    return md
  }

  /// Activations: N×C×H×W in channels-last order (what oneDNN's brgconv kernels read and write).
  static func activation(_ n: Int, _ c: Int, _ h: Int, _ w: Int, name: String) throws(BackendError)
    -> dnnl_memory_desc_t
  {
    try make([n, c, h, w], dnnl_nhwc, name: name)
  }

  static func byteCount(_ md: dnnl_memory_desc_t) -> Int {
    var copy = md
    return Int(dnnl_memory_desc_get_size(&copy))
  }

  static func equal(_ a: dnnl_memory_desc_t, _ b: dnnl_memory_desc_t) -> Bool {
    var x = a
    var y = b
    return dnnl_memory_desc_equal(&x, &y) != 0
  }
}
