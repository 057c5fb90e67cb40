import Foundation
import TwinLiteCore
import TwinLiteImageIO
import TwinLiteModel
import TwinLiteNN

/// One forward pass: a 1×3×360×640 input → drivable and lane logits.
public typealias ForwardPass = (Tensor) throws -> TwinLiteOutput

/// What `twinlite-bench infer` does, without the argument parsing.
public struct InferOptions: Sendable {
  public var weights: String
  public var backend: String
  public var outputDirectory: String
  public var saveLogits: Bool
  public var images: [String]

  public init(
    weights: String, backend: String = "reference", outputDirectory: String, saveLogits: Bool = false,
    images: [String]
  ) {
    self.weights = weights
    self.backend = backend
    self.outputDirectory = outputDirectory
    self.saveLogits = saveLogits
    self.images = images
  }
}

/// Files written and mask statistics for one image.
public struct InferResult: Sendable {
  public let image: String
  public let files: [String]
  /// Fraction of pixels in the drivable / lane mask.
  public let drivableFraction: Double
  public let laneFraction: Double
}

public enum InferenceRunner {
  /// The backends `infer` accepts (see `BackendFactory`).
  public static var backendNames: [String] { BackendFactory.names }

  /// The forward pass of `backend` built (and verified) from `weights`.
  public static func makeForward(backend: String, weights: StateDict, source: String) throws -> ForwardPass {
    let engine = try BackendFactory.make(backend, stateDict: weights, source: source)
    return { input in
      let out = try engine.infer(input)
      return TwinLiteOutput(drivable: out.da, lane: out.ll)
    }
  }

  /// Runs `options.images` through the chosen backend and writes masks, overlays and (optionally) logits.
  public static func run(_ options: InferOptions, log: (String) -> Void = { _ in }) throws -> [InferResult] {
    _ = try InferOutputNames.stems(options.images)
    let forward: ForwardPass
    if BackendFactory.isPlugin(options.backend) {
      let plugin = try BackendFactory.makePlugin(options.backend, modelPath: options.weights)
      forward = { let out = try plugin.infer($0); return TwinLiteOutput(drivable: out.da, lane: out.ll) }
    } else {
      let weights = try StateDict(contentsOf: options.weights)
      forward = try makeForward(backend: options.backend, weights: weights, source: options.weights)
    }
    return try run(options, forward: forward, log: log)
  }

  public static func run(_ options: InferOptions, forward: ForwardPass, log: (String) -> Void = { _ in })
    throws -> [InferResult]
  {
    guard !options.images.isEmpty else { throw BenchError.invalidArgument("no images given") }
    let names = try InferOutputNames.stems(options.images)
    // Files are made through the folder's descriptor: a link planted in it is replaced, never followed.
    let folder: ContainedDirectory
    do { folder = try ContainedDirectory(path: options.outputDirectory) } catch {
      throw BenchError.cannotWrite(path: options.outputDirectory, reason: "\(error)")
    }
    let preprocessor = try FramePreprocessor()
    let writer = PNGWriter()
    var results: [InferResult] = []
    for (image, name) in zip(options.images, names) {
      let (input, frame) = try preprocessor.load(image)
      let output = try forward(input)
      let drivable = SegmentationMask.argmax(output.drivable)
      let lane = SegmentationMask.argmax(output.lane)
      var contents = [
        (name + "_da.png", try writer.encode(drivable)), (name + "_ll.png", try writer.encode(lane)),
        (
          name + "_overlay.png",
          try writer.encodeRGB(
            width: frame.width, height: frame.height,
            pixels: Overlay.rgb(frame: frame, drivable: drivable, lane: lane))
        ),
      ]
      if options.saveLogits {
        let (h, w) = (output.drivable.shape[2], output.drivable.shape[3])
        contents.append((name + ".da.npy", NPY.encode(output.drivable.reshaped([2, h, w]))))
        contents.append((name + ".ll.npy", NPY.encode(output.lane.reshaped([2, h, w]))))
      }
      for (file, bytes) in contents {
        do { try folder.writeReplacing(file, bytes) } catch {
          throw BenchError.cannotWrite(path: folder.absolute(file), reason: "\(error)")
        }
      }
      let base = URL(fileURLWithPath: options.outputDirectory)
      let files = contents.map { base.appendingPathComponent($0.0).path }
      let total = Double(drivable.pixels.count)
      let result = InferResult(
        image: image, files: files,
        drivableFraction: Double(drivable.nonZeroCount) / total,
        laneFraction: Double(lane.nonZeroCount) / total)
      log(
        String(
          format: "%@: drivable %.4f, lane %.4f -> %@", name, result.drivableFraction,
          result.laneFraction, options.outputDirectory))
      results.append(result)
    }
    return results
  }
}
