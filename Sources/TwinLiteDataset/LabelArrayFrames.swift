import TwinLiteCore

/// A lazy, single-pass sequence over the frames of a JSON-array label file (memory-mapped).
public struct LabelArrayFrames: Sequence, Sendable {
  let file: MappedFile
  let kind: LabelReader.ElementKind

  package init(file: MappedFile, kind: LabelReader.ElementKind) {
    self.file = file
    self.kind = kind
  }

  public func makeIterator() -> Iterator {
    Iterator(file: file, kind: kind)
  }

  public struct Iterator: IteratorProtocol {
    let file: MappedFile
    let kind: LabelReader.ElementKind
    var scanner: JSONArrayScanner
    var index = 0
    var failed = false
    var released = 0
    /// Resident bytes allowed behind the scan before they are dropped.
    static let releaseStride = 64 << 20

    init(file: MappedFile, kind: LabelReader.ElementKind) {
      self.file = file
      self.kind = kind
      self.scanner = JSONArrayScanner(bytes: file.bytes)
    }

    /// Bytes scanned so far (for progress).
    public var byteOffset: Int { scanner.offset }

    public mutating func next() -> Result<LabelFrame, LabelError>? {
      if failed { return nil }
      let range: Range<Int>?
      do {
        range = try scanner.next()
      } catch {
        failed = true
        return .failure(.malformedJSON(file: file.path, byteOffset: error.offset, reason: error.reason))
      }
      guard let range else { return nil }
      defer { index += 1 }
      if range.lowerBound - released >= Self.releaseStride {
        file.releasePages(before: range.lowerBound)
        released = range.lowerBound
      }
      do {
        return .success(
          try LabelReader.decode(
            file.bytes, range: range, file: file.path, kind: kind, fallbackName: "#\(index)", entry: index))
      } catch {
        return .failure(error)
      }
    }
  }
}

/// Names and byte ranges of every element of a JSON-array label file, for random or parallel access.
public final class LabelArrayIndex: Sendable {
  let file: MappedFile
  let kind: LabelReader.ElementKind
  /// Image stems (no `.jpg`) in file order; `#i` when element i has no readable name, or a name
  /// that breaks the `FrameName` rule (see `rejectedNames`).
  public let names: [String]
  /// Elements whose name breaks the `FrameName` rule, by position: never a frame, always an error.
  public let rejectedNames: [Int: LabelError]
  let ranges: [Range<Int>]
  let positions: [String: Int]

  package init(file: MappedFile, kind: LabelReader.ElementKind) throws(LabelError) {
    self.file = file
    self.kind = kind
    var scanner = JSONArrayScanner(bytes: file.bytes)
    var names: [String] = []
    var rejected: [Int: LabelError] = [:]
    var ranges: [Range<Int>] = []
    var positions: [String: Int] = [:]
    do {
      var released = 0
      while let range = try scanner.next() {
        // The indexing scan is sequential: keep its resident set bounded too.
        if range.lowerBound - released >= LabelArrayFrames.Iterator.releaseStride {
          file.releasePages(before: range.lowerBound)
          released = range.lowerBound
        }
        let entry = names.count
        var name = "#\(entry)"
        switch JSONParser.topLevelString("name", in: file.bytes, range: range) {
        case .text(let text)?:
          if let problem = FrameName.problem(LabelDecoder.stem(text)) {
            rejected[entry] = .invalidFrameName(
              file: file.path, entry: entry, name: FrameName.quoted(text), problem: problem)
          } else {
            name = LabelDecoder.stem(text)
          }
        case .notUTF8(let raw)?:
          rejected[entry] = .invalidFrameName(
            file: file.path, entry: entry, name: FrameName.quoted(bytes: raw), problem: .notUTF8)
        case nil:
          break
        }
        if rejected[entry] == nil && positions[name] == nil { positions[name] = entry }
        names.append(name)
        ranges.append(range)
      }
    } catch {
      throw .malformedJSON(file: file.path, byteOffset: error.offset, reason: error.reason)
    }
    self.names = names
    self.rejectedNames = rejected
    self.ranges = ranges
    self.positions = positions
  }

  public var path: String { file.path }

  /// Drops the resident pages of the file before element `index` (re-read from disk if needed
  /// again). Callers that walk the index in order can call this now and then to bound memory.
  public func releasePages(before index: Int) {
    guard index > 0 else { return }
    file.releasePages(before: index < ranges.count ? ranges[index].lowerBound : file.bytes.count)
  }
  public var count: Int { names.count }

  /// `names` without the rejected ones, in file order.
  public var acceptedNames: [String] {
    names.indices.filter { rejectedNames[$0] == nil }.map { names[$0] }
  }

  /// The position of the first element with this stem (a name from `names`), else with the stem
  /// of this image name (`x.jpg`). Exact first: the stem of `a.jpg.jpg` is `a.jpg`, not `a`.
  public func index(of name: String) -> Int? { positions[name] ?? positions[LabelDecoder.stem(name)] }

  /// The JSON text of element `index` as it is in the file (fingerprints of one frame's labels).
  public func withElementBytes<T>(at index: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
    precondition(ranges.indices.contains(index), "LabelArrayIndex: index \(index) out of 0..<\(count)")
    return try body(UnsafeRawBufferPointer(rebasing: file.bytes[ranges[index]]))
  }

  public func frame(at index: Int) -> Result<LabelFrame, LabelError> {
    precondition(ranges.indices.contains(index), "LabelArrayIndex: index \(index) out of 0..<\(count)")
    if let rejected = rejectedNames[index] { return .failure(rejected) }
    do {
      return .success(
        try LabelReader.decode(
          file.bytes, range: ranges[index], file: file.path, kind: kind, fallbackName: names[index],
          entry: index))
    } catch {
      return .failure(error)
    }
  }
}

/// The 2020 drivable and lane lists joined by frame name.
public struct Scalabel2020Index: Sendable {
  public let drivable: LabelArrayIndex?
  public let lane: LabelArrayIndex?
  /// Stems in drivable order, then lane-only frames in lane order.
  public let names: [String]

  init(drivable: LabelArrayIndex?, lane: LabelArrayIndex?) {
    self.drivable = drivable
    self.lane = lane
    var names = drivable?.acceptedNames ?? []
    var seen = Set(names)
    for name in lane?.acceptedNames ?? [] where !seen.contains(name) {
      seen.insert(name)
      names.append(name)
    }
    self.names = names
  }

  public var count: Int { names.count }

  /// The joined frame: areas from the drivable list, lanes from the lane list (either may be missing).
  public func frame(named name: String) -> Result<LabelFrame, LabelError> {
    let listed = drivable?.positions[name] != nil || lane?.positions[name] != nil
    let stem = listed ? name : LabelDecoder.stem(name)
    var frame = LabelFrame(name: stem)
    if let drivable, let index = drivable.index(of: stem) {
      switch drivable.frame(at: index) {
      case .success(let part): frame.areas = part.areas
      case .failure(let error): return .failure(error)
      }
    }
    if let lane, let index = lane.index(of: stem) {
      switch lane.frame(at: index) {
      case .success(let part): frame.lanes = part.lanes
      case .failure(let error): return .failure(error)
      }
    }
    return .success(frame)
  }
}
