#include "trace/trace-zvm_hw_s390x.h"
