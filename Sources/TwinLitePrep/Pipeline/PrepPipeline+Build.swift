import Dispatch
import Foundation
import Synchronization
import TwinLiteCatalog
import TwinLiteCore

#if canImport(Glibc)
  import Glibc
#endif

extension PrepPipeline {
  /// Converts shard `index` into a new temporary folder (outputs and manifest, no marker yet).
  /// Frame conversion errors mark frames failed; file-system errors abort and remove the folder
  /// (if the process dies instead, the next run deletes it).
  func convertShard(_ index: Int, progress: ProgressReporter) throws -> (folder: String, result: ShardSuccess)
  {
    let temporary = layout.temporaryShardPath(plan.shardName(index))
    try FileOps.makeDirectories(temporary)
    do {
      let result = try writeShard(index, into: temporary, progress: progress)
      return (temporary, result)
    } catch {
      try? FileOps.removeTree(temporary)
      throw error
    }
  }

  /// Makes a converted shard complete: (syncfs), `_SUCCESS` last, rename into place, catalog
  /// rows (one transaction), final-layout links, state `published`. Runs on the committer
  /// thread while the next shard converts. When another attempt published a current copy of
  /// the shard first, that copy is kept and recorded, and this one is discarded.
  func commitShard(_ folder: String, _ built: ShardSuccess, catalog: Catalog?, runID: Int64?) throws {
    var result = built
    // Outputs of the shard being replaced: final-layout names that the new one no longer has
    // (a frame that now fails) are removed after publishing, so no stale mask stays behind.
    let previousPath = layout.shardSuccessPath(built.shard.name)
    let previous = (try? JSONFiles.decode(ShardSuccess.self, from: previousPath)).map {
      FrameRowCheck.trusted($0, file: previousPath, shard: layout.shardRelative(built.shard.name))
    }
    do {
      if options.durable { options.profile.measure("syncfs") { FileOps.syncFileSystem(folder) } }
      try FileOps.writeNew("\(folder)/_SUCCESS", try JSONFiles.encode(built))
      if let other = try installShard(folder, index: built.shard.index) { result = other }
    } catch {
      try? FileOps.removeTree(folder)
      throw error
    }
    guard let catalog else { return }
    try options.profile.measure("catalog") {
      try catalog.recordShard(
        result.shard, frames: result.frames, labelFiles: result.labelFiles ?? [], runID: runID)
    }
    try options.profile.measure("publish") { try publish(result) }
    if let previous {
      let kept = Set(result.frames.filter { $0.status == .converted }.flatMap { $0.outputs.map(\.path) })
      for output in previous.frames.flatMap(\.outputs) where !kept.contains(output.path) {
        try FileOps.unlinkIfPresent(layout.absolute(output.path))
      }
    }
    try options.profile.measure("catalog") { try catalog.setShardState(result.shard.index, .published) }
  }

  /// Renames a finished temporary folder to its shard name. A folder already there is replaced
  /// only when it is not a current, intact shard (stale, damaged, or `--force`): it is moved
  /// aside under this process's name, then deleted. Returns the other attempt's shard when that
  /// one is kept instead (this folder is then removed).
  func installShard(_ folder: String, index: Int) throws -> ShardSuccess? {
    let final = layout.shardPath(plan.shardName(index))
    for _ in 0..<8 {
      if rename(folder, final) == 0 { return nil }
      let code = errno
      guard code == EEXIST || code == ENOTEMPTY else {
        throw PipelineError.io(path: final, operation: "rename from \(folder)", errno: code)
      }
      if !options.force, case .current(let other) = inspectShard(index, checkFiles: true) {
        try FileOps.removeTree(folder)
        return other
      }
      let retired = layout.retiredShardPath(plan.shardName(index))
      guard rename(final, retired) == 0 else {
        // Someone else moved it first: look again.
        if errno == ENOENT { continue }
        throw PipelineError.io(path: retired, operation: "rename from \(final)", errno: errno)
      }
      let installed = rename(folder, final) == 0
      try FileOps.removeTree(retired)
      if installed { return nil }
    }
    throw PipelineError.badShard(path: final, reason: "other processes kept replacing it; rerun")
  }

  private func writeShard(_ index: Int, into folder: String, progress: ProgressReporter) throws
    -> ShardSuccess
  {
    let name = plan.shardName(index)
    let startedAt = Date()
    try FileOps.writeNew("\(folder)/manifest.json", try JSONFiles.encode(makeManifest(index)))
    let outputs = try ContainedDirectory(path: folder)
    let members = plan.members[index]
    let rows = Mutex([FrameRow?](repeating: nil, count: members.count))
    let next = Atomic(0)
    let failure = Mutex<(any Error)?>(nil)
    let lease = LeaseRenewal(folder)
    let threads = max(1, min(options.threads, members.count))
    DispatchQueue.concurrentPerform(iterations: threads) { _ in
      do {
        var worker = try conversion.makeWorker()
        while failure.withLock({ $0 == nil }) {
          let slot = next.wrappingAdd(1, ordering: .relaxed).oldValue
          guard slot < members.count else { break }
          let frame = plan.frames[members[slot]]
          guard let position = inputIndex[frame.id] else {
            preconditionFailure("PrepPipeline: planned frame \(frame.id) is not in the input")
          }
          let row = try convertAndWrite(
            frame, inputIndex: position, shard: index, shardName: name,
            folder: outputs, worker: &worker)
          rows.withLock { $0[slot] = row }
          progress.add(done: 1, failed: row.status == .failed ? 1 : 0)
          lease.renew()
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
    return ShardSuccess(
      shard: shard, frames: frames, dataset: datasetInfo, labelFiles: currentLabelFiles(index))
  }

  /// Converts one frame and writes its files. The conversion's errors, an output path that breaks
  /// the name rule and an output another frame already wrote (a duplicate) fail the frame; other
  /// write errors are thrown (they are the machine's problem, not the frame's).
  private func convertAndWrite(
    _ frame: PlanFrame, inputIndex: Int, shard: Int, shardName: String,
    folder: ContainedDirectory, worker: inout Conversion.Worker
  ) throws -> FrameRow {
    let inputHash = input.inputHashes.isEmpty ? nil : input.inputHashes[inputIndex]
    func failed(_ error: String) -> FrameRow {
      FrameRow(
        name: frame.name, split: frame.split, shard: shard, status: .failed, error: error,
        inputHash: inputHash)
    }
    let converted: ConvertedFrame
    let started = options.profile == nil ? 0 : PipelineProfile.now()
    do {
      converted = try worker.convert(frameAt: inputIndex)
      options.profile?.add("convert", PipelineProfile.now() - started)
    } catch {
      return failed("\(error)")
    }
    var outputs: [OutputRow] = []
    outputs.reserveCapacity(converted.files.count)
    for file in converted.files {
      let size: Int64
      let hash: String
      do {
        switch file.content {
        case .bytes(let data):
          try options.profile.measure("write: masks") { try folder.writeNew(file.path, data) }
          hash = options.profile.measure("hash: masks") { StableHash.hex(XXH64.hash(data)) }
          size = Int64(data.count)
        case .file(let source, let transfer):
          try options.profile.measure("write: link") {
            try folder.place(source.path, at: file.path, transfer)
          }
          let target = folder.absolute(file.path)
          if options.hashLinkedFiles {
            let (bytes, value) = try options.profile.measure("hash: linked files") {
              try FileOps.hashFile(target)
            }
            (size, hash) = (bytes, StableHash.hex(value))
          } else {
            (size, hash) = (try FileOps.size(target), "")
          }
        }
      } catch {
        guard let reason = Self.frameProblem(error, path: file.path) else { throw error }
        // Nothing of a failed frame stays in the shard.
        for written in outputs { try folder.unlink(written.path) }
        return failed(reason)
      }
      outputs.append(
        OutputRow(
          kind: file.kind.rawValue, path: file.path,
          shardPath: "\(layout.shardRelative(shardName))/\(file.path)",
          size: size, hash: hash))
    }
    return FrameRow(
      name: frame.name, split: frame.split, shard: shard, status: .converted,
      labelCounts: converted.labelCounts, outputs: outputs, inputHash: inputHash)
  }

  /// The frame's fault in a write error (an output path that breaks the name rule, a file
  /// another frame already wrote), or nil when the machine is at fault.
  static func frameProblem(_ error: any Error, path: String) -> String? {
    switch error as? ContainedPathError {
    case .invalidPath?: "\(error)"
    case .io(_, _, EEXIST)?:
      "\(FrameName.quoted(path)): duplicate output: another label maps to the same file"
    default: nil
    }
  }
}

/// Refreshes the time of a temporary folder at most every 30 s while frames are written, the
/// lease by which processes on other hosts know its owner is alive (`TemporaryOwner`).
final class LeaseRenewal: Sendable {
  let folder: String
  private let last = Atomic<Int>(0)

  init(_ folder: String) { self.folder = folder }

  func renew() {
    let now = Int(Date().timeIntervalSince1970)
    let previous = last.load(ordering: .relaxed)
    guard now - previous >= 30,
      last.compareExchange(expected: previous, desired: now, ordering: .relaxed).exchanged
    else { return }
    TemporaryOwner.touch(folder)
  }
}
