import Foundation

/// Runs the io helper's `FrameConverter` (one per worker thread) under the pipeline.
public struct FrameJobConversion: FrameConversion {
  public let jobs: [FrameJob]
  public let options: ConvertOptions

  public init(jobs: [FrameJob], options: ConvertOptions) {
    self.jobs = jobs
    self.options = options
  }

  public struct Worker: FrameConversionWorker {
    let jobs: [FrameJob]
    let converter: FrameConverter
    let transfer: FileTransfer

    public mutating func convert(frameAt index: Int) throws -> ConvertedFrame {
      let result = try converter.convert(jobs[index])
      let files = result.outputs.map { output -> OutputFile in
        switch output.content {
        case .bytes(let bytes):
          return OutputFile(kind: output.kind.rawValue, path: output.path, content: .bytes(bytes))
        case .file(let source):
          return OutputFile(
            kind: output.kind.rawValue, path: output.path,
            content: .file(URL(fileURLWithPath: source), transfer))
        }
      }
      var counts = ["areas": result.areaCount, "lanes": result.laneCount]
      if let detection = result.detection { counts.merge(detection.labelCounts) { a, _ in a } }
      return ConvertedFrame(files: files, labelCounts: counts)
    }
  }

  public func makeWorker() throws -> Worker {
    Worker(
      jobs: jobs, converter: FrameConverter(options: options),
      transfer: options.images == .copy ? .copy : .linkOrSymlink)
  }

  /// The pipeline's view of the jobs.
  public var frames: [PlanFrame] { jobs.map { PlanFrame(split: $0.split, name: $0.name) } }
}
