#include "CPunctualLinux.h"
int cpunctual_placeholder(void) { return 0; }
