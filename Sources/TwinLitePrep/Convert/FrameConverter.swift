import Foundation
import TwinLiteCore
import TwinLiteDataset
import TwinLiteImageIO

/// Converts one frame job into its output files (PNG bytes in memory, the image by reference).
///
/// Keeps a renderer, a PNG writer and two mask buffers between calls: give each worker thread
/// its own converter. `convert` reads the frame's labels, map and image path and nothing else.
public final class FrameConverter {
  public let options: FrameOutputOptions
  private var renderer: MaskRenderer
  private let png: PNGWriter
  private var drivable: Mask
  private var lane: Mask
  /// Dataset roots with their symbolic links resolved, by the path the job names.
  private var realRoots: [String: String] = [:]

  public init(options: FrameOutputOptions) {
    self.options = options
    renderer = MaskRenderer(options: options.masks)
    png = PNGWriter(options: options.png)
    drivable = Mask(width: options.masks.width, height: options.masks.height)
    lane = Mask(width: options.masks.width, height: options.masks.height)
  }

  /// The frame's outputs, or the first problem found (naming the file, label index and problem).
  public func convert(_ job: FrameJob) throws(DatasetError) -> ConvertedFrame {
    // Labels first: a broken label element must be reported as such, not as a missing image.
    let frame = try job.loadLabels()
    let detection = try job.detection.map { labels throws(DatasetError) in try job.detectionDocument(labels) }
    var imageSource: String?
    if let requested = job.image, options.images != .none {
      let image = try resolvedImage(requested, job: job)
      // The image is linked, not decoded: vet its header and end so a corrupt, truncated or
      // wrongly sized JPEG fails here instead of in a training run (a few KB read per frame).
      let size: (width: Int, height: Int)
      do { size = try JPEGProbe.size(path: image) } catch { throw .image(error) }
      guard size.width == options.masks.width, size.height == options.masks.height else {
        throw .image(
          .wrongSize(
            file: image, width: size.width, height: size.height, expectedWidth: options.masks.width,
            expectedHeight: options.masks.height))
      }
      imageSource = image
    }
    var areaCount = frame.areas.count
    if let map = job.drivableMap {
      drivable = try drivableMask(from: map, frame: job.id)
      areaCount = 0
    } else {
      renderer.renderDrivable(frame.areas, format: options.format, into: &drivable)
    }
    renderer.renderLanes(frame.lanes, isTrain: job.isTrain, format: options.format, into: &lane)

    let layout = options.layout
    var files: [OutputFile] = []
    do {
      files.append(
        OutputFile(
          kind: .drivable, path: "\(layout.drivableFolder)/\(job.split)/\(job.name).png",
          content: .bytes(try png.encode(drivable))))
      files.append(
        OutputFile(
          kind: .lane, path: "\(layout.laneFolder)/\(job.split)/\(job.name).png",
          content: .bytes(try png.encode(lane))))
    } catch {
      throw .image(error)
    }
    if let detection {
      files.append(
        OutputFile(
          kind: .detection, path: "\(layout.detectionFolder)/\(job.split)/\(job.name).json",
          content: .bytes(detection.bytes)))
    }
    if let imageSource {
      files.append(
        OutputFile(
          kind: .image, path: "\(layout.imageFolder)/\(job.split)/\(job.name).jpg",
          content: .file(URL(fileURLWithPath: imageSource), options.images == .copy ? .copy : .linkOrSymlink))
      )
    }
    var counts = ["areas": areaCount, "lanes": frame.lanes.count]
    if let detection { counts.merge(detection.counts.labelCounts) { a, _ in a } }
    return ConvertedFrame(files: files, labelCounts: counts)
  }

  /// The image's real path (no symbolic link left in it): what gets linked or copied, so a link
  /// in ROOT is never re-created in OUT. Refused when it leaves the job's root, unless allowed.
  private func resolvedImage(_ image: String, job: FrameJob) throws(DatasetError) -> String {
    let (resolved, code) = Self.realPath(image)
    guard let real = resolved else {
      if code == ENOENT { throw .missingImage(frame: job.id, expected: image) }
      throw .image(.readFailed(file: image, reason: String(cString: strerror(code))))
    }
    guard let root = job.imageRoot, !options.followImageLinks else { return real }
    let inside = realRoots[root] ?? Self.realPath(root).path ?? root
    realRoots[root] = inside
    guard real.hasPrefix(inside.hasSuffix("/") ? inside : inside + "/") else {
      throw .imageOutsideRoot(frame: job.id, image: image, resolved: real, root: inside)
    }
    return real
  }

  /// `realpath(3)`: the path, or nil and the errno.
  static func realPath(_ path: String) -> (path: String?, code: Int32) {
    guard let resolved = realpath(path, nil) else { return (nil, errno) }
    defer { free(resolved) }
    return (String(cString: resolved), 0)
  }

  private func drivableMask(from map: DrivableMapRef, frame: String) throws(DatasetError) -> Mask {
    let decoded: Mask
    do {
      decoded = try PNGDecoder.readMask(path: map.path)
    } catch .fileNotFound {
      throw .missingDrivableMap(frame: frame, expected: map.path)
    } catch {
      throw .image(error)
    }
    let (w, h) = (options.masks.width, options.masks.height)
    guard decoded.width == w, decoded.height == h else {
      throw .image(
        .wrongSize(
          file: map.path, width: decoded.width, height: decoded.height,
          expectedWidth: w, expectedHeight: h))
    }
    do {
      return try map.kind.encoding.drivableMask(from: decoded, format: options.format, file: map.path)
    } catch {
      throw .label(error)
    }
  }
}

/// The planned jobs as the pipeline's conversion: one `FrameConverter` per worker thread.
public struct FrameJobs: FrameConversion {
  public let jobs: [FrameJob]
  public let options: FrameOutputOptions

  public init(jobs: [FrameJob], options: FrameOutputOptions) {
    self.jobs = jobs
    self.options = options
  }

  public struct Worker: FrameConversionWorker {
    let jobs: [FrameJob]
    let converter: FrameConverter

    public mutating func convert(frameAt index: Int) throws -> ConvertedFrame {
      try converter.convert(jobs[index])
    }
  }

  public func makeWorker() throws -> Worker {
    Worker(jobs: jobs, converter: FrameConverter(options: options))
  }

  /// The pipeline's view of the jobs.
  public var frames: [PlanFrame] { jobs.map { PlanFrame(split: $0.split, name: $0.name) } }
}
