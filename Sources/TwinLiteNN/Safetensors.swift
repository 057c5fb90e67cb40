import Foundation
import TwinLiteCore

/// Reads the safetensors format: 8-byte little-endian header length, a JSON header mapping names to
/// `{dtype, shape, data_offsets}`, then the raw little-endian data.
public enum Safetensors {
  /// The largest JSON header accepted (the format's own reference limit is 100 MB).
  public static let maxHeaderBytes = 100_000_000

  static let dtypes: [String: StorageDType] = [
    "F32": .float32, "F64": .float64, "F16": .float16, "BF16": .bfloat16, "I64": .int64, "I32": .int32,
  ]

  public static func load(contentsOf path: String, options: LoadOptions = .standard) throws -> StateDict {
    let bytes = try readWeightsFile(path, limit: options.limits.maxArchiveBytes)
    return try load(bytes: bytes, source: path, options: options)
  }

  public static func load(bytes: [UInt8], source: String, options: LoadOptions = .standard) throws
    -> StateDict
  {
    func bad(_ reason: String) -> CheckpointError { .malformedSafetensors(source: source, reason: reason) }
    guard bytes.count >= 8 else { throw bad("file shorter than the 8-byte header length") }
    let headerLength = bytes.le(0, 8)
    guard headerLength <= UInt64(maxHeaderBytes) else {
      throw CheckpointError.tooLarge(
        source: source, what: "safetensors header", size: Int(clamping: headerLength), limit: maxHeaderBytes)
    }
    let dataStart = 8 + Int(headerLength)
    guard dataStart <= bytes.count else { throw bad("header length \(headerLength) runs past the end") }
    let json: Any
    do { json = try JSONSerialization.jsonObject(with: Data(bytes[8..<dataStart])) } catch {
      throw bad("header is not JSON")
    }
    guard let header = json as? [String: Any] else { throw bad("header is not a JSON object") }
    let payload = bytes[dataStart...]
    var tensors: [String: Tensor] = [:]
    var spans: [(key: String, begin: Int, end: Int)] = []
    for (storedKey, value) in header where storedKey != "__metadata__" {
      guard let info = value as? [String: Any], let dtypeName = info["dtype"] as? String,
        let shape = (info["shape"] as? [NSNumber])?.map(\.intValue),
        let offsets = (info["data_offsets"] as? [NSNumber])?.map(\.intValue), offsets.count == 2
      else { throw bad("entry '\(storedKey)' lacks dtype/shape/data_offsets") }
      guard let dtype = dtypes[dtypeName] else {
        throw CheckpointError.unsupportedDType(source: source, key: storedKey, dtype: dtypeName)
      }
      guard let count = checkedElementCount(shape), count <= TorchCheckpoint.maxElements else {
        throw bad("entry '\(storedKey)' has an out-of-range shape \(shape)")
      }
      let (begin, end) = (offsets[0], offsets[1])
      guard begin >= 0, begin <= end, end <= payload.count, end - begin == count * dtype.byteSize else {
        throw CheckpointError.badTensorData(
          source: source, key: storedKey,
          reason: "data_offsets [\(begin), \(end)] do not fit \(shape) \(dtypeName)")
      }
      spans.append((storedKey, begin, end))
      if dtype.isInteger, try !options.keepsInteger(storedKey, dtype: dtypeName, source: source) { continue }
      let slice = payload[(dataStart + begin)..<(dataStart + end)]
      var values = [Float](repeating: 0, count: count)
      for i in 0..<count { values[i] = ElementConversion.float32(slice, at: i, dtype: dtype) }
      let key = options.rewrite(storedKey)
      guard tensors[key] == nil else {
        throw CheckpointError.badTensorData(source: source, key: key, reason: "two tensors map to this key")
      }
      tensors[key] = Tensor(shape: shape, data: values)
    }
    try checkCoverage(spans, payloadBytes: payload.count, source: source)
    return StateDict(tensors)
  }

  /// The format's rule: the tensors tile the data buffer exactly, with no overlap and no
  /// gap (a gap could hide another file's bytes, an overlap makes two tensors share values).
  static func checkCoverage(
    _ spans: [(key: String, begin: Int, end: Int)], payloadBytes: Int, source: String
  ) throws {
    var next = 0
    for span in spans.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
      guard span.begin == next else {
        let what = span.begin < next ? "overlaps the tensor before it" : "leaves a gap before it"
        throw CheckpointError.badTensorData(
          source: source, key: span.key,
          reason: "data_offsets [\(span.begin), \(span.end)] \(what) (expected to start at \(next))")
      }
      next = span.end
    }
    guard next == payloadBytes else {
      throw CheckpointError.malformedSafetensors(
        source: source, reason: "tensors cover \(next) of the \(payloadBytes) data bytes")
    }
  }
}
