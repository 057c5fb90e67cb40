print("twinlite-prep: not built yet")
