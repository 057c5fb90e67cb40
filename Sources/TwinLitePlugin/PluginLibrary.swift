internal import CTwinLiteBackendABI
internal import CTwinLitePluginLoader
import Foundation

/// A backend plugin opened with `dlopen` whose function table passed the ABI checks.
///
/// Libraries are never `dlclose`d: a plugin written in Swift registers runtime metadata that cannot
/// be unloaded safely, and reloading the same path reuses the already-open image anyway.
public final class PluginLibrary: @unchecked Sendable {
  /// The ABI version this host was compiled against (`TWINLITE_BACKEND_ABI_VERSION`).
  public static var abiVersion: UInt32 { UInt32(TWINLITE_BACKEND_ABI_VERSION) }
  /// The oldest ABI version still loaded (`TWINLITE_BACKEND_ABI_MIN_VERSION`).
  public static var minimumABIVersion: UInt32 { UInt32(TWINLITE_BACKEND_ABI_MIN_VERSION) }
  /// The exported symbol the loader resolves.
  public static let entrySymbol = TWINLITE_BACKEND_ENTRY_SYMBOL

  public let path: String
  /// The plugin's `name()`.
  public let backendName: String
  /// The ABI version of the plugin's table (`minimumABIVersion...abiVersion`).
  public let pluginABIVersion: UInt32
  // Checked non-NULL at load; the table lives in the plugin's static storage.
  typealias CreateFunction =
    @convention(c) (
      UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafeMutablePointer<twinlite_error>?
    ) -> UnsafeMutableRawPointer?
  typealias InferFunction =
    @convention(c) (
      UnsafeMutableRawPointer?, UnsafePointer<Float>?, Int64, Int64, Int64,
      UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?
    ) -> Int32
  typealias MessageFunction = @convention(c) (UnsafeMutableRawPointer?) -> UnsafePointer<CChar>?
  let create: CreateFunction
  let infer: InferFunction
  let lastError: MessageFunction
  let describe: MessageFunction
  let destroy: @convention(c) (UnsafeMutableRawPointer?) -> Void
  typealias TimingFunction =
    @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<twinlite_timing>?) -> Int32
  /// Version 2 and offered by the plugin, else nil.
  let lastTiming: TimingFunction?

  /// Opens `path` and checks, in order: the file exists, `dlopen` succeeds, the entry symbol exists
  /// and is a function, it returns a table, the table's ABI version and size match, and every
  /// function is present.
  public init(path: String) throws(PluginError) {
    self.path = path
    guard FileManager.default.fileExists(atPath: path) else { throw .fileNotFound(path: path) }
    // A bare name would make dlopen search the library path; keep what the user named.
    let target = path.contains("/") ? path : "./" + path
    _ = dlerror()
    guard let handle = dlopen(target, RTLD_NOW | RTLD_LOCAL) else {
      throw .openFailed(path: path, reason: Self.dlerrorMessage())
    }
    guard let symbol = dlsym(handle, Self.entrySymbol) else {
      throw .symbolMissing(path: path, symbol: Self.entrySymbol)
    }
    // Calling a data symbol jumps into data: only a function (or an IFUNC, resolved by now) is called.
    let type = twinlite_symbol_type(symbol)
    guard type == -1 || type == 2 || type == 10 else {
      throw .entryNotAFunction(path: path, symbol: Self.entrySymbol, elfType: Self.elfTypeName(type))
    }
    let entry = unsafeBitCast(symbol, to: twinlite_backend_entry_fn.self)
    guard let table = entry() else { throw .nullTable(path: path) }
    // Field by field: a version-1 table is shorter than this host's struct.
    let raw = UnsafeRawPointer(table)
    let found = raw.load(fromByteOffset: 0, as: UInt32.self)
    guard (Self.minimumABIVersion...Self.abiVersion).contains(found) else {
      throw .abiVersionMismatch(path: path, expected: Self.abiVersion, found: found)
    }
    let needed = Self.tableSize(version: found)
    let size = Int(raw.load(fromByteOffset: 4, as: UInt32.self))
    guard size >= needed else {
      throw .incompleteTable(path: path, reason: "struct_size \(size) < \(needed) (ABI version \(found))")
    }
    // Only the fields of the plugin's version are read; later ones stay zero (NULL).
    var t = twinlite_backend_api()
    withUnsafeMutableBytes(of: &t) { $0.copyMemory(from: UnsafeRawBufferPointer(start: raw, count: needed)) }
    guard let name = t.name?(), let create = t.create, let infer = t.infer, let lastError = t.last_error,
      let describe = t.describe, let destroy = t.destroy
    else {
      let missing = [
        ("name", t.name == nil), ("create", t.create == nil), ("infer", t.infer == nil),
        ("last_error", t.last_error == nil), ("describe", t.describe == nil), ("destroy", t.destroy == nil),
      ].filter(\.1).map(\.0)
      let what = missing.isEmpty ? "name() returned NULL" : "missing " + missing.joined(separator: ", ")
      throw .incompleteTable(path: path, reason: what)
    }
    (self.create, self.infer, self.lastError, self.describe, self.destroy) =
      (create, infer, lastError, describe, destroy)
    lastTiming = t.last_timing
    pluginABIVersion = found
    backendName = String(cString: name)
  }

  /// The `STT_*` name of an ELF symbol type.
  static func elfTypeName(_ type: Int32) -> String {
    let names: [Int32: String] = [
      0: "STT_NOTYPE", 1: "STT_OBJECT", 2: "STT_FUNC", 3: "STT_SECTION", 4: "STT_FILE", 5: "STT_COMMON",
      6: "STT_TLS", 10: "STT_GNU_IFUNC",
    ]
    return names[type] ?? "type \(type)"
  }

  /// Bytes of a table of `version`: a version-1 table ends before `last_timing`.
  static func tableSize(version: UInt32) -> Int {
    let full = MemoryLayout<twinlite_backend_api>.size
    return version == 1 ? MemoryLayout<twinlite_backend_api>.offset(of: \.last_timing) ?? full : full
  }

  private static func dlerrorMessage() -> String {
    guard let message = dlerror() else { return "unknown dlopen error" }
    return String(cString: message)
  }
}
