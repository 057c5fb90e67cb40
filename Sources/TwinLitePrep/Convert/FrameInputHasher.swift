import Foundation
import Synchronization
import TwinLiteCore
import TwinLiteDataset

#if canImport(Glibc)
  import Glibc
#endif

/// Fingerprints of what each frame's outputs are made from, so a rerun rebuilds exactly the
/// shards whose inputs changed.
///
/// A frame's input hash is xxh64 over: its decoded labels from a shared list file (areas and
/// lanes with every field the masks depend on, so re-serialising the file changes only the
/// frames whose labels changed; the raw entry bytes when they do not decode, so fixing them
/// counts as a change) or the bytes of its per-image label file; the bytes of its drivable PNG
/// map; and its image's size and modification time (the image is linked, not read: hashing
/// 15 GB of JPEGs on every run would cost more than converting).
public enum FrameInputHasher {
  /// One hash per job, in job order, computed on `threads` threads.
  public static func hashes(_ jobs: [FrameJob], images: Bool, threads: Int) -> [String] {
    let results = Mutex([String](repeating: "", count: jobs.count))
    ParallelSlots.run(count: jobs.count, threads: threads) { slot in
      let value = hash(jobs[slot], images: images)
      results.withLock { $0[slot] = value }
      return true
    }
    return results.withLock { $0 }
  }

  public static func hash(_ job: FrameJob, images: Bool) -> String {
    var parts = ["labels:" + labelsPart(job)]
    if let map = job.drivableMap { parts.append("map:" + filePart(map.path)) }
    if images, let image = job.image {
      var info = stat()
      parts.append(
        stat(image, &info) == 0
          ? "image:\(info.st_size)/\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)" : "image:missing")
    }
    return StableHash.hex(XXH64.hash(parts.joined(separator: "\n")))
  }

  static func labelsPart(_ job: FrameJob) -> String {
    // A per-image file holds one frame: its bytes are precise enough, and not decoding it here
    // keeps a huge file from being parsed twice per run.
    if case .perImage(let path) = job.labels { return "file:" + filePart(path) }
    guard let frame = try? job.loadLabels() else { return "raw:" + rawLabelsPart(job) }
    return "decoded:" + StableHash.hex(canonicalHash(frame))
  }

  /// xxh64 of a fixed binary form of the decoded labels (the frame name is not part of it).
  static func canonicalHash(_ frame: LabelFrame) -> UInt64 {
    var bytes: [UInt8] = []
    func put(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    func put(_ poly: Poly2D) {
      put(UInt64(poly.vertices.count))
      for vertex in poly.vertices {
        put(vertex.x.bitPattern)
        put(vertex.y.bitPattern)
      }
      bytes += poly.kinds.map(\.rawValue)
      put(poly.closed ? 1 : 0)
    }
    put(UInt64(frame.areas.count))
    for area in frame.areas {
      put(UInt64(area.kind.rawValue))
      put(UInt64(area.polygons.count))
      area.polygons.forEach(put)
    }
    put(UInt64(frame.lanes.count))
    for lane in frame.lanes {
      put(UInt64(lane.type.rawValue))
      put(UInt64(lane.direction.rawValue))
      put(UInt64(lane.style.rawValue))
      put(lane.poly)
    }
    return XXH64.hash(bytes)
  }

  static func rawLabelsPart(_ job: FrameJob) -> String {
    switch job.labels {
    case .perImage(let path):
      return filePart(path)
    case .aggregate(let index, let position):
      return index.withElementBytes(at: position) { StableHash.hex(XXH64.hash($0)) }
    case .scalabel2020(let index):
      let lists = [("drivable", index.drivable), ("lane", index.lane)]
      return lists.map { kind, list -> String in
        guard let list, let position = list.index(of: job.name) else { return "\(kind)=none" }
        return "\(kind)=" + list.withElementBytes(at: position) { StableHash.hex(XXH64.hash($0)) }
      }.joined(separator: ",")
    case .none:
      return "none"
    }
  }

  static func filePart(_ path: String) -> String {
    guard let (size, value) = try? FileOps.hashFile(path) else { return "unreadable" }
    return "\(size)/\(StableHash.hex(value))"
  }

  /// The label sources (entries of `FramePlan.labelFiles`: files, or folders of per-image files
  /// and maps) a job reads.
  public static func labelSources(_ job: FrameJob) -> [String] {
    var sources: [String] = []
    switch job.labels {
    case .perImage(let path): sources.append((path as NSString).deletingLastPathComponent)
    case .aggregate(let index, _): sources.append(index.path)
    case .scalabel2020(let index): sources += [index.drivable?.path, index.lane?.path].compactMap { $0 }
    case .none: break
    }
    if let map = job.drivableMap { sources.append((map.path as NSString).deletingLastPathComponent) }
    return sources
  }
}
