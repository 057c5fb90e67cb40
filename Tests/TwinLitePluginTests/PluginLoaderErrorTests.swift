import Foundation
import Testing
import TwinLitePlugin
import _TwinLiteTestSupport

/// Each way a plugin can fail to load is reported as its own `PluginError` case, carrying the path.
@Suite(.enabled(if: PluginFixtures.compilerAvailable, "needs cc to build the fake plugins"))
struct PluginLoaderErrorTests {
  @Test func missingFileIsFileNotFound() throws {
    let dir = try Fixtures.temporaryDirectory("plugin")
    let path = dir.appendingPathComponent("libnothing.so").path
    #expect(throws: PluginError.fileNotFound(path: path)) { try PluginLibrary(path: path) }
  }

  @Test func nonLibraryIsOpenFailedWithDlerror() throws {
    let dir = try Fixtures.temporaryDirectory("plugin")
    let path = dir.appendingPathComponent("libtext.so").path
    try Data("not an ELF file".utf8).write(to: URL(fileURLWithPath: path))
    let error = #expect(throws: PluginError.self) { try PluginLibrary(path: path) }
    guard case .openFailed(let failedPath, let reason)? = error else {
      Issue.record("expected openFailed, got \(String(describing: error))")
      return
    }
    #expect(failedPath == path)
    #expect(reason.contains("libtext.so"))
  }

  @Test func missingEntrySymbolIsSymbolMissing() throws {
    let dir = try Fixtures.temporaryDirectory("plugin")
    let path = try PluginFixtures.buildFake(["FAKE_NO_ENTRY"], in: dir)
    #expect(throws: PluginError.symbolMissing(path: path, symbol: "twinlite_backend_entry")) {
      try PluginLibrary(path: path)
    }
  }

  @Test func otherABIVersionIsMismatch() throws {
    let dir = try Fixtures.temporaryDirectory("plugin")
    let path = try PluginFixtures.buildFake(["FAKE_ABI_VERSION=99"], in: dir)
    let expected = PluginError.abiVersionMismatch(path: path, expected: PluginLibrary.abiVersion, found: 99)
    #expect(throws: expected) { try PluginLibrary(path: path) }
    #expect(expected.description.contains("ABI version 99"))
  }

  @Test func nullTableAndMissingFunctionAreReported() throws {
    let dir = try Fixtures.temporaryDirectory("plugin")
    let null = try PluginFixtures.buildFake(["FAKE_NULL_TABLE"], in: dir, name: "null")
    #expect(throws: PluginError.nullTable(path: null)) { try PluginLibrary(path: null) }
    let noInfer = try PluginFixtures.buildFake(["FAKE_NO_INFER"], in: dir, name: "noinfer")
    #expect(throws: PluginError.incompleteTable(path: noInfer, reason: "missing infer")) {
      try PluginLibrary(path: noInfer)
    }
  }

  @Test func failingCreateCarriesThePluginsMessage() throws {
    let dir = try Fixtures.temporaryDirectory("plugin")
    let path = try PluginFixtures.buildFake(["FAKE_CREATE_FAILS"], in: dir)
    let expected = PluginError.createFailed(
      path: path, code: 3, message: "cannot build an engine from /models/x.onnx")
    #expect(throws: expected) { try PluginBackend(path: path, modelPath: "/models/x.onnx") }
  }
}
