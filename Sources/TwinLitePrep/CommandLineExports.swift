// twinlite-prep is built on this module alone: the types its output, errors and exit statuses
// name are re-exported from the modules that define them.
@_exported import enum TwinLiteCatalog.CatalogError
@_exported import enum TwinLiteCore.StandardError
@_exported import enum TwinLiteCore.StandardOutput
@_exported import enum TwinLiteCore.ToolExitCode
