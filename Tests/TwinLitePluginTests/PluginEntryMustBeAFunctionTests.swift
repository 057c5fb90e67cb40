import Foundation
import Testing
import TwinLitePlugin
import _TwinLiteTestSupport

/// A plugin whose `twinlite_backend_entry` is a data object is refused by its ELF symbol type
/// instead of being called (which would jump into data and end the process by SIGSEGV).
@Suite(.enabled(if: PluginFixtures.compilerAvailable, "needs cc to build the fake plugins"))
struct PluginEntryMustBeAFunctionTests {
  @Test func dataSymbolIsRefused() throws {
    let dir = try Fixtures.temporaryDirectory("plugin-data-entry")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = try PluginFixtures.buildFake(["FAKE_DATA_ENTRY"], in: dir)
    let expected = PluginError.entryNotAFunction(
      path: path, symbol: "twinlite_backend_entry", elfType: "STT_OBJECT")
    #expect(throws: expected) { try PluginLibrary(path: path) }
    #expect(expected.description.contains("is not a function"))
  }

  @Test func functionSymbolStillLoads() throws {
    let dir = try Fixtures.temporaryDirectory("plugin-function-entry")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = try PluginFixtures.buildFake([], in: dir)
    #expect(try PluginLibrary(path: path).backendName == "fake")
  }
}
