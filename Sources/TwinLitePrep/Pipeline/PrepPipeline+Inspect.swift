import Foundation
import Synchronization
import TwinLiteCatalog
import TwinLiteCore

/// What a rerun does with one planned shard.
enum ShardInspection {
  /// Complete, built from the current inputs and options, files intact: kept.
  case current(ShardSuccess)
  /// To be built; `reason` says why an existing folder is not kept (nil: there was none).
  case rebuild(reason: String?)
}

extension PrepPipeline {
  /// Decides whether shard `index` in OUT can be kept. A shard is kept only when its manifest
  /// equals the one this run would write (plan, options, the inputs hash of its frames), its
  /// `_SUCCESS` reads, and, with `checkFiles`, every shard file matches its recorded size and
  /// hash. Anything else is rebuilt, never republished.
  func inspectShard(_ index: Int, checkFiles: Bool) -> ShardInspection {
    let name = plan.shardName(index)
    guard FileOps.exists(layout.shardPath(name)) else { return .rebuild(reason: nil) }
    guard FileOps.exists(layout.shardSuccessPath(name)) else {
      return .rebuild(reason: "incomplete (no _SUCCESS)")
    }
    guard let manifest = try? JSONFiles.decode(ShardManifest.self, from: layout.shardManifestPath(name))
    else {
      return .rebuild(reason: "manifest.json missing or unreadable")
    }
    // A marker is read like any input: rows that break the name rule are dropped and reported.
    let path = layout.shardSuccessPath(name)
    guard let read = try? JSONFiles.decode(ShardSuccess.self, from: path) else {
      return .rebuild(reason: "_SUCCESS unreadable")
    }
    let success = FrameRowCheck.trusted(read, file: path, shard: layout.shardRelative(name))
    let expected = makeManifest(index)
    if manifest != expected {
      var other = manifest
      other.inputsHash = expected.inputsHash
      other.format = expected.format
      guard other == expected else { return .rebuild(reason: "built for another plan or other options") }
      guard manifest.inputsHash != nil else {
        return .rebuild(reason: "built by an older twinlite-prep that did not record its inputs")
      }
      return .rebuild(reason: changedInputs(success, index: index))
    }
    if checkFiles, let problem = options.profile.measure("check: complete shards", { damagedFile(success) }) {
      return .rebuild(reason: "damaged: \(problem)")
    }
    return .current(success)
  }

  /// "inputs of 2 frames changed (train/a, train/b)".
  func changedInputs(_ success: ShardSuccess, index: Int) -> String {
    let recorded = Dictionary(
      success.frames.map { ($0.id, $0.inputHash ?? "") }, uniquingKeysWith: { a, _ in a })
    let changed = plan.members[index].filter { recorded[plan.frames[$0].id] != inputHash(ofPlanFrame: $0) }
      .map { plan.frames[$0].id }
    guard !changed.isEmpty else { return "inputs changed" }
    let listed = changed.prefix(3).joined(separator: ", ") + (changed.count > 3 ? ", …" : "")
    return "inputs of \(changed.count) frame\(changed.count == 1 ? "" : "s") changed (\(listed))"
  }

  /// The first shard file that does not match its record (missing, other size or hash).
  func damagedFile(_ success: ShardSuccess) -> String? {
    let outputs = success.frames.filter { $0.status == .converted }.flatMap(\.outputs)
    let found = Mutex<String?>(nil)
    ParallelSlots.run(count: outputs.count, threads: options.threads) { slot in
      let path = layout.absolute(outputs[slot].shardPath)
      guard let problem = PipelineVerifier.problem(path, output: outputs[slot]) else { return true }
      found.withLock { $0 = $0 ?? "\(path): \(problem)" }
      return false
    }
    return found.withLock { $0 }
  }

  func makeManifest(_ index: Int) -> ShardManifest {
    let members = plan.members[index]
    var inputs = ""
    for member in members { inputs += "\(plan.frames[member].id)\t\(inputHash(ofPlanFrame: member) ?? "")\n" }
    return ShardManifest(
      shardIndex: index, shardCount: plan.shardCount, planHash: plan.planHash, optionsHash: optionsHash,
      inputsHash: input.inputHashes.isEmpty ? nil : StableHash.hex(XXH64.hash(inputs)),
      frameCount: members.count,
      frames: members.map { plan.frames[$0].id })
  }

  /// The input hash of `plan.frames[member]`, nil when inputs are not tracked.
  func inputHash(ofPlanFrame member: Int) -> String? {
    guard !input.inputHashes.isEmpty, let position = inputIndex[plan.frames[member].id] else { return nil }
    return input.inputHashes[position]
  }

  /// The label files shard `index`'s frames are read from, as they are now.
  func currentLabelFiles(_ index: Int) -> [LabelFileInfo] {
    guard !input.frameLabelFiles.isEmpty else { return input.labelFiles.sorted { $0.path < $1.path } }
    var used = Set<Int>()
    for member in plan.members[index] {
      if let position = inputIndex[plan.frames[member].id] { used.formUnion(input.frameLabelFiles[position]) }
    }
    return used.sorted().map { input.labelFiles[$0] }.sorted { $0.path < $1.path }
  }

  /// A kept shard's frames have the current inputs, so the current label files are what its
  /// outputs are made from: its `_SUCCESS` is rewritten (aside, then renamed) to say so.
  func refreshProvenance(_ success: ShardSuccess) throws -> (shard: ShardSuccess, changed: Bool) {
    let files = currentLabelFiles(success.shard.index)
    guard success.labelFiles != files || success.dataset != datasetInfo else { return (success, false) }
    var updated = success
    updated.labelFiles = files
    updated.dataset = datasetInfo
    let target = layout.shardSuccessPath(success.shard.name)
    let staging = "\(target).tmp-\(FileOps.randomSuffix())"
    try FileOps.writeNew(staging, try JSONFiles.encode(updated))
    do { try FileOps.rename(staging, target) } catch {
      try? FileOps.unlinkIfPresent(staging)
      throw error
    }
    return (updated, true)
  }

  /// A shard folder in OUT that belongs to another plan or other options, for the "OUT holds
  /// something else" refusals.
  func foreignShard() -> (name: String, manifest: ShardManifest)? {
    for entry in FileOps.listDirectory(layout.shardsPath).sorted() where entry.hasPrefix("shard-") {
      guard let manifest = try? JSONFiles.decode(ShardManifest.self, from: layout.shardManifestPath(entry))
      else { continue }
      if manifest.planHash != plan.planHash || manifest.optionsHash != optionsHash
        || manifest.shardCount != plan.shardCount
      {
        return (entry, manifest)
      }
    }
    return nil
  }

  /// Without a catalog, the shard manifests say what OUT holds: another plan or other options
  /// need `--force` (which removes those shards), as with a catalog.
  func checkShardManifests() throws {
    guard let foreign = foreignShard() else { return }
    guard options.force else {
      throw PipelineError.planMismatch(
        out: options.out.path,
        stored: "\(foreign.name): plan \(foreign.manifest.planHash), options \(foreign.manifest.optionsHash)",
        current: "plan \(plan.planHash), options \(optionsHash)")
    }
    try FileOps.removeTree(layout.shardsPath)
    try FileOps.makeDirectories(layout.shardsPath)
  }
}
