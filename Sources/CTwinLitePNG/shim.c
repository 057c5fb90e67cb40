#include "twinlite_png.h"
