import Foundation
import TwinLiteCore

extension StateDict {
  /// Loads a `.pth` zip checkpoint or a `.safetensors` file, recognised by content, not by name.
  public init(contentsOf path: String, options: LoadOptions = .standard) throws {
    let bytes = try readWeightsFile(path, limit: options.limits.maxArchiveBytes)
    let head = bytes.prefix(4)
    if head.starts(with: [0x50, 0x4b, 0x03, 0x04]) || head.starts(with: [0x50, 0x4b, 0x05, 0x06]) {
      self = try TorchCheckpoint.load(
        ZipArchive(bytes: bytes, source: path, limits: options.limits), options: options)
    } else if head.count == 4 {
      self = try Safetensors.load(bytes: bytes, source: path, options: options)
    } else {
      throw CheckpointError.unreadable(source: path, reason: "neither a zip checkpoint nor safetensors")
    }
  }

  /// Number of values over all tensors.
  public var valueCount: Int { tensors.values.reduce(0) { $0 + $1.count } }

  /// A copy with `rules` applied to every key.
  public func rewritingKeys(_ rules: [KeyRule]) -> StateDict {
    var out: [String: Tensor] = [:]
    for (k, v) in tensors { out[rules.reduce(k) { $1.apply($0) }] = v }
    return StateDict(out)
  }
}
