import Foundation
import TwinLiteCore

/// Frame names a downloaded label file or dataset tree could hold, planted into the sample tree in
/// one label layout, with the quoted form each must be reported under.
struct HostileNameCorpus {
  enum Layout: String, CaseIterable, Sendable {
    case perImage = "2018-per-image"
    case aggregate = "2018-aggregate"
    case scalabel = "2020"
    case maps = "2020+maps"

    /// Flags that make `twinlite-prep` read this layout.
    var flags: [String] {
      switch self {
      case .perImage, .aggregate: ["--labels", rawValue, "--drivable-source", "polygons"]
      case .scalabel: ["--labels", "2020", "--drivable-source", "polygons"]
      case .maps: ["--labels", "2020", "--drivable-source", "maps"]
      }
    }
  }

  /// One planted name: the label file (or listed file) it is in, and how it must be quoted.
  struct Entry {
    let file: String
    let quoted: String
  }

  let root: URL
  /// Outside ROOT and OUT: where the traversal names point. It must look the same after the run.
  let sentinel: URL
  var entries: [Entry] = []

  /// Names as JSON label files spell them (`.jpg` as in real files): traversal deep enough to
  /// reach `/` and then the sentinel, one `../`, absolute, sub-folders, `.`/`..`/empty, NUL,
  /// backslashes, a control character and a 300-byte name.
  func jsonNames() -> [String] {
    [
      String(repeating: "../", count: 16) + sentinel.path.dropFirst() + "/escape-deep.jpg",
      "../escape-one.jpg", sentinel.path + "/escape-abs.jpg", "sub/dir/escape-sub.jpg", ".", "..", "",
      "nul\u{0}escape.jpg", "..\\..\\escape-back.jpg", "bell\u{7}escape.jpg",
      String(repeating: "L", count: 300) + ".jpg",
    ]
  }

  /// The name bytes of an entry that is not UTF-8.
  static let notUTF8: [UInt8] = Array("bad".utf8) + [0xFF] + Array("escape".utf8)

  init(root: URL, sentinel: URL) {
    self.root = root
    self.sentinel = sentinel
  }

  /// Plants the corpus for `layout`. `first` is the first train frame: an entry repeating it (the
  /// name with `.jpg`, so both map to one output) must be reported as a duplicate.
  mutating func plant(_ layout: Layout, first: String) throws {
    switch layout {
    case .aggregate:
      try plantArray("labels/bdd100k_labels_images_train.json", duplicate: first)
    case .scalabel:
      try plantArray("labels/drivable/polygons/drivable_train.json", duplicate: first)
      try plantArray("labels/lane/polygons/lane_train.json", duplicate: nil)
    case .perImage:
      let folder = "labels/100k/train"
      for (index, name) in jsonNames().enumerated() {
        let file = "\(folder)/hostile-\(index).json"
        let document =
          Array(#"{"name": "#.utf8) + (try Self.literal(name))
          + Array(#", "frames": [{"objects": []}]}"#.utf8)
        try Data(document).write(to: root.appendingPathComponent(file))
        entries.append(Entry(file: root.appendingPathComponent(file).path, quoted: FrameName.quoted(name)))
      }
      try plantFiles(in: folder, suffix: ".json")
    case .maps:
      try plantFiles(in: "labels/drivable/masks/train", suffix: ".png")
    }
  }

  /// Appends one element per hostile name (and a raw non-UTF-8 one) to an array label file.
  private mutating func plantArray(_ relative: String, duplicate: String?) throws {
    let url = root.appendingPathComponent(relative)
    var bytes = [UInt8](try Data(contentsOf: url))
    while let last = bytes.popLast(), last != UInt8(ascii: "]") {}
    func element(_ name: [UInt8]) -> [UInt8] {
      Array(",\n{\"name\": ".utf8) + name + Array(#", "labels": []}"#.utf8)
    }
    for name in jsonNames() {
      bytes += element(try Self.literal(name))
      entries.append(Entry(file: url.path, quoted: FrameName.quoted(name)))
    }
    bytes += element([UInt8(ascii: "\"")] + Self.notUTF8 + Array(".jpg\"".utf8))
    entries.append(Entry(file: url.path, quoted: FrameName.quoted(bytes: Self.notUTF8 + Array(".jpg".utf8))))
    if let duplicate {
      bytes += element(try Self.literal(duplicate + ".jpg"))
      entries.append(Entry(file: url.path, quoted: "'\(duplicate)'"))
    }
    try Data(bytes + [UInt8(ascii: "]")]).write(to: url)
  }

  /// Listed files whose names break the rule: a backslash, a control character, not UTF-8. Their
  /// bytes are a copy of a real file of the folder (so only the name is wrong).
  private mutating func plantFiles(in relative: String, suffix: String) throws {
    let folder = root.appendingPathComponent(relative)
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    guard let model = files.first(where: { $0.hasSuffix(suffix) }) else { throw CocoaError(.fileNoSuchFile) }
    let bytes = try Data(contentsOf: folder.appendingPathComponent(model))
    // Not `..\\x`: names starting with a dot are hidden files, which the listing skips.
    let names: [[UInt8]] = [Array("back\\escape".utf8), Array("bell\u{7}escape".utf8), Self.notUTF8]
    for stem in names {
      let path = Array(folder.path.utf8) + [UInt8(ascii: "/")] + stem + Array(suffix.utf8)
      try Self.create(path, bytes)
      entries.append(Entry(file: folder.path, quoted: FrameName.quoted(bytes: stem)))
    }
  }

  /// Writes a file whose path may not be UTF-8 (through the C API: a Swift String cannot hold it).
  static func create(_ path: [UInt8], _ data: Data) throws {
    let fd = (path + [0]).withUnsafeBufferPointer { buffer in
      open(
        UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self), O_WRONLY | O_CREAT, 0o644)
    }
    guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
    defer { close(fd) }
    let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    guard written == data.count else { throw CocoaError(.fileWriteUnknown) }
  }

  /// A JSON string literal for `name`, escaped as a JSON writer would.
  static func literal(_ name: String) throws -> [UInt8] {
    Array(try JSONSerialization.data(withJSONObject: name, options: .fragmentsAllowed))
  }
}
