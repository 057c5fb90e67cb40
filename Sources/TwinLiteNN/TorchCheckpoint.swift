import TwinLiteCore

/// Reads PyTorch zip checkpoints (`torch.save` ≥ 1.6) into a `StateDict` without executing the pickle.
public enum TorchCheckpoint {
  /// Loads `path` (a `.pth` zip) with key rewriting and integer policy from `options`.
  public static func load(contentsOf path: String, options: LoadOptions = .standard) throws -> StateDict {
    let archive = try ZipArchive(contentsOf: path, limits: options.limits)
    return try load(archive, options: options)
  }

  public static func load(_ archive: ZipArchive, options: LoadOptions = .standard) throws -> StateDict {
    let source = archive.source
    let pickles = archive.names.filter { $0 == "data.pkl" || $0.hasSuffix("/data.pkl") }
    guard pickles.count == 1, let pickleName = pickles.first else {
      throw CheckpointError.malformedZip(
        source: source, reason: "expected exactly one data.pkl, found \(pickles.count)")
    }
    let prefix = String(pickleName.dropLast("data.pkl".count))
    var machine = RestrictedUnpickler(source: "\(source) (\(pickleName))")
    let root = try machine.load(try archive.read(pickleName))
    let records = try tensorRecords(root, source: source)

    var tensors: [String: Tensor] = [:]
    var storages: [String: [UInt8]] = [:]
    for (storedKey, record) in records {
      let dtype = record.storage.dtype
      if dtype.isInteger, try !options.keepsInteger(storedKey, dtype: dtype.rawValue, source: source) {
        continue
      }
      let key = options.rewrite(storedKey)
      guard tensors[key] == nil else {
        throw CheckpointError.badTensorData(source: source, key: key, reason: "two tensors map to this key")
      }
      let storageKey = record.storage.key
      if storages[storageKey] == nil {
        storages[storageKey] = try archive.read(prefix + "data/" + storageKey)
      }
      let raw = storages[storageKey] ?? []
      tensors[key] = try materialise(record, raw: raw, key: storedKey, source: source)
    }
    return StateDict(tensors)
  }

  private static func tensorRecords(_ root: PickleValue, source: String) throws -> [(String, TensorRecord)] {
    guard case .dict(var dict) = root else {
      throw CheckpointError.malformedPickle(
        source: source, offset: 0, reason: "top level is \(root.kind), not a dict")
    }
    // A training checkpoint {"state_dict": {...}, ...}: use the nested state dict.
    for (k, v) in dict.pairs {
      if case .string("state_dict") = k, case .dict(let inner) = v { dict = inner }
    }
    return try dict.pairs.map { pair in
      guard case .string(let key) = pair.key else {
        throw CheckpointError.malformedPickle(
          source: source, offset: 0, reason: "non-string key in state dict")
      }
      guard case .tensor(let record) = pair.value else {
        throw CheckpointError.malformedPickle(
          source: source, offset: 0, reason: "value of '\(key)' is \(pair.value.kind), not a tensor")
      }
      return (key, record)
    }
  }

  private static func materialise(
    _ record: TensorRecord, raw: [UInt8], key: String, source: String
  ) throws -> Tensor {
    let dtype = record.storage.dtype
    let needed = record.storage.count.multipliedReportingOverflow(by: dtype.byteSize)
    guard !needed.overflow, raw.count >= needed.partialValue else {
      throw CheckpointError.badTensorData(
        source: source, key: key,
        reason:
          "storage holds \(raw.count) bytes, \(record.storage.count) \(dtype.rawValue) elements declared")
    }
    guard let count = checkedElementCount(record.shape), count <= maxElements,
      let extent = lastElement(record)
    else {
      throw CheckpointError.badTensorData(
        source: source, key: key, reason: "size \(record.shape) is out of range")
    }
    // The last element addressed must lie inside the storage.
    guard count == 0 || extent < record.storage.count else {
      throw CheckpointError.badTensorData(source: source, key: key, reason: "view reaches past its storage")
    }
    let bytes = raw[0..<(record.storage.count * dtype.byteSize)]
    var values = [Float](repeating: 0, count: count)
    let contiguous = record.strides == contiguousStrides(record.shape)
    if contiguous {
      for i in 0..<count { values[i] = ElementConversion.float32(bytes, at: record.offset + i, dtype: dtype) }
    } else {
      var index = [Int](repeating: 0, count: record.shape.count)
      for i in 0..<count {
        var at = record.offset
        for d in 0..<index.count { at += index[d] * record.strides[d] }
        values[i] = ElementConversion.float32(bytes, at: at, dtype: dtype)
        var d = index.count - 1
        while d >= 0 {
          index[d] += 1
          if index[d] < record.shape[d] { break }
          index[d] = 0
          d -= 1
        }
      }
    }
    return Tensor(shape: record.shape, data: values)
  }

  /// Largest element count of one tensor (≈ 2 GiB of float32).
  static let maxElements = 1 << 29

  /// Index of the last storage element a view addresses, nil on overflow.
  static func lastElement(_ record: TensorRecord) -> Int? {
    var extent = record.offset
    for (size, stride) in zip(record.shape, record.strides) where size > 0 {
      let (step, o1) = (size - 1).multipliedReportingOverflow(by: stride)
      let (sum, o2) = extent.addingReportingOverflow(step)
      if o1 || o2 { return nil }
      extent = sum
    }
    return extent
  }

  static func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var running = 1
    for d in stride(from: shape.count - 1, through: 0, by: -1) {
      strides[d] = running
      running *= shape[d]
    }
    return strides
  }
}
