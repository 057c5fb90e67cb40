// TwinLitePrep's public API speaks in these modules' types (mask formats, PNG settings, catalog
// rows, hashes and frame names), so a client such as twinlite-prep needs only `import TwinLitePrep`.
@_exported import TwinLiteCatalog
@_exported import TwinLiteCore
@_exported import TwinLiteDataset
@_exported import TwinLiteImageIO
