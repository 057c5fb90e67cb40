// Placeholder header; the PNG shim replaces it.
#pragma once
