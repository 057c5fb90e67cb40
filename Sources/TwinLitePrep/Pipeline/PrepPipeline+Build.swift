import Dispatch
import Foundation
import Synchronization
import TwinLiteCatalog

extension PrepPipeline {
  /// Builds shard `index` in a temporary folder and renames it into place; returns its rows.
  /// Frame conversion errors mark frames failed; file-system errors abort (the temp folder is
  /// removed, or left for the next run's clean-up if the process dies).
  func buildShard(_ index: Int, indexOfFrame: [String: Int], progress: ProgressReporter) throws -> ShardSuccess {
    let name = plan.shardName(index)
    let temporary = layout.temporaryShardPath(name)
    try FileOps.makeDirectories(temporary)
    do {
      let result = try writeShard(index, into: temporary, indexOfFrame: indexOfFrame, progress: progress)
      let final = layout.shardPath(name)
      if FileOps.exists(final) {
        // Replacing a complete shard (--force): move it aside, publish the new one, then delete.
        let retired = layout.retiredShardPath(name)
        try FileOps.rename(final, retired)
        try FileOps.rename(temporary, final)
        try FileOps.removeTree(retired)
      } else {
        try FileOps.rename(temporary, final)
      }
      return result
    } catch {
      try? FileOps.removeTree(temporary)
      throw error
    }
  }

  private func writeShard(_ index: Int, into folder: String, indexOfFrame: [String: Int],
                          progress: ProgressReporter) throws -> ShardSuccess {
    let name = plan.shardName(index)
    let startedAt = Date()
    try FileOps.writeNew("\(folder)/manifest.json", try JSONFiles.encode(makeManifest(index)))
    let members = plan.members[index]
    let rows = Mutex([FrameRow?](repeating: nil, count: members.count))
    let next = Atomic(0)
    let failure = Mutex<(any Error)?>(nil)
    let threads = max(1, min(options.workers, members.count))
    DispatchQueue.concurrentPerform(iterations: threads) { _ in
      do {
        var worker = try conversion.makeWorker()
        while failure.withLock({ $0 == nil }) {
          let slot = next.wrappingAdd(1, ordering: .relaxed).oldValue
          guard slot < members.count else { break }
          let frame = plan.frames[members[slot]]
          guard let inputIndex = indexOfFrame[frame.id] else {
            preconditionFailure("PrepPipeline: planned frame \(frame.id) is not in the input")
          }
          let row = try convertAndWrite(frame, inputIndex: inputIndex, shard: index, shardName: name,
                                        folder: folder, worker: &worker)
          rows.withLock { $0[slot] = row }
          progress.add(done: 1, failed: row.status == .failed ? 1 : 0)
        }
      } catch {
        failure.withLock { if $0 == nil { $0 = error } }
      }
    }
    if let error = failure.withLock({ $0 }) { throw error }
    let frames = rows.withLock { $0.compactMap { $0 } }
    precondition(frames.count == members.count, "PrepPipeline: a frame of \(name) was not converted")
    var digest = ""
    for frame in frames {
      for output in frame.outputs { digest += "\(frame.id)\t\(output.kind)\t\(output.hash)\n" }
      if frame.status == .failed { digest += "\(frame.id)\tfailed\n" }
    }
    let converted = frames.filter { $0.status == .converted }.count
    let finishedAt = Date()
    let shard = ShardRow(
      index: index, name: name, state: .built, frameCount: frames.count, converted: converted,
      failed: frames.count - converted, startedAt: startedAt, finishedAt: finishedAt,
      seconds: finishedAt.timeIntervalSince(startedAt), outputHash: StableHash.hex(XXH64.hash(digest)))
    let success = ShardSuccess(shard: shard, frames: frames)
    if options.durable { options.profile.measure("syncfs") { FileOps.syncFileSystem(folder) } }
    try FileOps.writeNew("\(folder)/_SUCCESS", try JSONFiles.encode(success))
    return success
  }

  /// Converts one frame and writes its files. Only the conversion's errors become a failed
  /// frame; a write error is thrown (it is the machine's problem, not the frame's).
  private func convertAndWrite(_ frame: PlanFrame, inputIndex: Int, shard: Int, shardName: String,
                               folder: String, worker: inout Conversion.Worker) throws -> FrameRow {
    let converted: ConvertedFrame
    let started = options.profile == nil ? 0 : PipelineProfile.now()
    do {
      converted = try worker.convert(frameAt: inputIndex)
      options.profile?.add("convert", PipelineProfile.now() - started)
    } catch {
      return FrameRow(name: frame.name, split: frame.split, shard: shard, status: .failed,
                      error: "\(error)")
    }
    let writeStarted = options.profile == nil ? 0 : PipelineProfile.now()
    defer { options.profile?.add("write+hash", PipelineProfile.now() - writeStarted) }
    var outputs: [OutputRow] = []
    outputs.reserveCapacity(converted.files.count)
    for file in converted.files {
      let target = "\(folder)/\(file.path)"
      let bytes: [UInt8]
      switch file.content {
      case .bytes(let data):
        try FileOps.writeNew(target, data)
        bytes = data
      case .file(let source, let transfer):
        try FileOps.place(source.path, at: target, transfer)
        bytes = try FileOps.read(target)
      }
      outputs.append(OutputRow(
        kind: file.kind, path: file.path, shardPath: "\(layout.shardRelative(shardName))/\(file.path)",
        size: Int64(bytes.count), hash: StableHash.hex(XXH64.hash(bytes))))
    }
    return FrameRow(name: frame.name, split: frame.split, shard: shard, status: .converted,
                    labelCounts: converted.labelCounts, outputs: outputs)
  }
}
