internal import CTwinLiteDNNL

/// One created oneDNN primitive with its execution arguments, ready to run repeatedly.
final class DNNLPrimitive {
  let name: String
  let primitive: dnnl_primitive_t
  let descriptor: dnnl_primitive_desc_t
  /// Memories named in `args`, kept alive as long as the primitive.
  private var retained: [DNNLMemory] = []
  private var args: [dnnl_exec_arg_t] = []

  /// Creates a primitive from an operation descriptor (conv, pool, ...) with the first
  /// implementation, in oneDNN's order of preference, that `engine` accepts. Throws
  /// `.noImplementation` naming the rejected ones, or `.dnnl` (status 3) when there is none at all.
  convenience init(name: String, engine: DNNLEngine, opDesc: UnsafeRawPointer) throws(BackendError) {
    var iterator: dnnl_primitive_desc_iterator_t?
    try dnnlCheck(
      dnnl_primitive_desc_iterator_create(&iterator, opDesc, nil, engine.engine, nil), name,
      "dnnl_primitive_desc_iterator_create")
    guard let iterator else {
      throw .dnnl(primitive: name, call: "dnnl_primitive_desc_iterator_create", status: -1)
    }
    defer { dnnl_primitive_desc_iterator_destroy(iterator) }
    var rejected: [String] = []
    var chosen: dnnl_primitive_desc_t?
    repeat {
      guard let pd = dnnl_primitive_desc_iterator_fetch(iterator) else { break }
      let implementation = Self.implementation(of: pd)
      if engine.accepts(implementation: implementation) {
        chosen = pd
        break
      }
      rejected.append(implementation)
      dnnl_primitive_desc_destroy(pd)
    } while dnnl_primitive_desc_iterator_next(iterator) == dnnl_success
    guard let chosen else {
      throw .noImplementation(layer: name, isa: DNNLRuntime.isa, attempts: rejected.map { "only \($0)" })
    }
    try self.init(name: name, descriptor: chosen)
  }

  /// Takes ownership of `descriptor` and creates the primitive.
  init(name: String, descriptor: dnnl_primitive_desc_t) throws(BackendError) {
    var p: dnnl_primitive_t?
    let status = dnnl_primitive_create(&p, descriptor)
    guard status == dnnl_success, let p else {
      dnnl_primitive_desc_destroy(descriptor)
      throw .dnnl(primitive: name, call: "dnnl_primitive_create", status: Int(status.rawValue))
    }
    self.name = name
    self.primitive = p
    self.descriptor = descriptor
  }

  /// The memory descriptor the primitive chose for `what` (e.g. `dnnl_query_weights_md`).
  func queryDesc(_ what: dnnl_query_t, index: Int32 = 0) -> dnnl_memory_desc_t? {
    dnnl_primitive_desc_query_md(descriptor, what, index)?.pointee
  }

  /// The implementation oneDNN picked (e.g. `brgconv:avx512_core`), for profiles.
  var implementation: String { Self.implementation(of: descriptor) }

  static func implementation(of descriptor: dnnl_primitive_desc_t) -> String {
    var info: UnsafePointer<CChar>?
    guard dnnl_primitive_desc_query(descriptor, dnnl_query_impl_info_str, 0, &info) == dnnl_success,
      let info
    else { return "?" }
    return String(cString: info)
  }

  func bind(_ arg: Int32, _ memory: DNNLMemory) {
    args.append(dnnl_exec_arg_t(arg: arg, memory: memory.memory))
    retained.append(memory)
  }

  func execute(_ engine: DNNLEngine) throws(BackendError) {
    let status = args.withUnsafeBufferPointer {
      dnnl_primitive_execute(primitive, engine.stream, Int32($0.count), $0.baseAddress)
    }
    try dnnlCheck(status, name, "dnnl_primitive_execute")
  }

  deinit {
    dnnl_primitive_destroy(primitive)
    dnnl_primitive_desc_destroy(descriptor)
  }
}
