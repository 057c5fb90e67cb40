import Foundation
import TwinLiteCore
import TwinLiteDataset
import TwinLiteImageIO

/// Converts one frame job into its output files (PNG bytes in memory, the image by reference).
///
/// Keeps a renderer, a PNG writer and two mask buffers between calls: give each worker thread
/// its own converter. `convert` reads the frame's labels, map and image path and nothing else.
public final class FrameConverter {
  public let options: ConvertOptions
  private var renderer: MaskRenderer
  private let png: PNGWriter
  private var drivable: Mask
  private var lane: Mask

  public init(options: ConvertOptions) {
    self.options = options
    renderer = MaskRenderer(options: options.masks)
    png = PNGWriter(options: options.png)
    drivable = Mask(width: options.masks.width, height: options.masks.height)
    lane = Mask(width: options.masks.width, height: options.masks.height)
  }

  /// The frame's outputs, or the first problem found (naming the file, label index and problem).
  public func convert(_ job: FrameJob) throws(PrepError) -> FrameResult {
    // Labels first: a broken label element must be reported as such, not as a missing image.
    let frame = try job.loadLabels()
    let detection = try job.detection.map { labels throws(PrepError) in try job.detectionDocument(labels) }
    var imageSource: String?
    if options.images != .none, let image = job.image {
      guard FileManager.default.fileExists(atPath: image) else {
        throw .missingImage(frame: job.id, expected: image)
      }
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
    var outputs: [FrameOutput] = []
    do {
      outputs.append(
        FrameOutput(
          kind: .drivable, path: "\(layout.drivableFolder)/\(job.split)/\(job.name).png",
          content: .bytes(try png.encode(drivable))))
      outputs.append(
        FrameOutput(
          kind: .lane, path: "\(layout.laneFolder)/\(job.split)/\(job.name).png",
          content: .bytes(try png.encode(lane))))
    } catch {
      throw .image(error)
    }
    if let detection {
      outputs.append(
        FrameOutput(
          kind: .detection, path: "\(layout.detectionFolder)/\(job.split)/\(job.name).json",
          content: .bytes(detection.bytes)))
    }
    if let imageSource {
      outputs.append(
        FrameOutput(
          kind: .image, path: "\(layout.imageFolder)/\(job.split)/\(job.name).jpg",
          content: .file(imageSource)))
    }
    var result = FrameResult(
      split: job.split, name: job.name, outputs: outputs, areaCount: areaCount,
      laneCount: frame.lanes.count)
    result.detection = detection?.counts
    return result
  }

  private func drivableMask(from map: DrivableMapRef, frame: String) throws(PrepError) -> Mask {
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
