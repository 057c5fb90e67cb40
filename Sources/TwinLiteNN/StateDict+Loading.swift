import Foundation
import TwinLiteCore

extension StateDict {
  /// Loads a `.pth` zip checkpoint or a `.safetensors` file, recognised by content, not by name.
  public init(contentsOf path: String, options: LoadOptions = .standard) throws {
    let handle = FileHandle(forReadingAtPath: path)
    guard let handle else { throw CheckpointError.unreadable(source: path, reason: "cannot open") }
    let head = (try? handle.read(upToCount: 4)) ?? Data()
    try? handle.close()
    if head.starts(with: [0x50, 0x4b, 0x03, 0x04]) || head.starts(with: [0x50, 0x4b, 0x05, 0x06]) {
      self = try TorchCheckpoint.load(contentsOf: path, options: options)
    } else if head.count == 4 {
      self = try Safetensors.load(contentsOf: path, options: options)
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
